//! The signed-in resident's own data: profile, password, consents, Rules, sessions and
//! personal API tokens.

use serde::{Deserialize, Serialize};

use super::auth::{ConsentChoices, Language, Role};

/// One consent with the time it was last given or withdrawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentState {
    pub granted: bool,
    /// RFC 3339, UTC.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub changed_at: String,
}

/// Every consent's current state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consents {
    pub personal_data: ConsentState,
    pub email: ConsentState,
    pub sms: ConsentState,
    pub service_info: ConsentState,
}

/// The Rules as they concern this user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RulesAcceptance {
    pub current_version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_version: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub accepted_at: Option<String>,
    /// True when `accepted_version` is not the current one (residents only).
    pub acceptance_required: bool,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<String>,
    pub role: Role,
    pub consents: Consents,
    pub rules: RulesAcceptance,
    /// The language of the messages Kabinet sends.
    #[serde(default)]
    pub language: Language,
    /// The address was proven with a code; until then only service-critical mail goes to it.
    #[serde(default)]
    pub email_verified: bool,
}

/// `PATCH /api/v1/me`: only the fields present change; `home_phone` and `postal_address` are
/// cleared with an empty string. Changing `email` needs `current_password`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"postal_address": "г. Кызыл, ул. Ленина, д. 12, кв. 7", "home_phone": "8 (39422) 2-11-11"})))]
pub struct UpdateProfileRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// `PUT /api/v1/me/password`; ends every other session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"current_password": "Тёплый-дом-2026", "new_password": "Новый-пароль-на-зиму"})))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `PUT /api/v1/me/consents`: the full set of choices.
pub type ConsentsUpdate = ConsentChoices;

/// `POST /api/v1/me/accept-rules`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"version": 2})))]
pub struct AcceptRulesRequest {
    /// Must be the current version (the one the user was shown).
    pub version: i32,
}

/// One signed-in device (Rules 3.7: shared computers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "s_Q2h0Y3...", "user_agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0", "browser": "Chrome", "os": "Android", "ip": "203.0.113.7", "created_at": "2026-11-24T16:15:00+07:00", "last_used_at": "2026-11-24T17:02:00+07:00", "current": true})))]
pub struct SessionInfo {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The browser, when the user agent says it («Chrome», «Яндекс Браузер»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
    /// The operating system, when the user agent says it («Android», «Windows»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// With the supplier's UTC offset (`…+07:00`), so it reads as local time.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// With the supplier's UTC offset.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub last_used_at: String,
    /// The session this request was made with.
    pub current: bool,
}

/// Scopes of a resident's personal token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PersonalScope {
    /// Read the resident's own data (GET requests).
    #[serde(rename = "read")]
    Read,
    /// Submit meter readings.
    #[serde(rename = "readings:write")]
    ReadingsWrite,
}

impl PersonalScope {
    /// The wire and stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::ReadingsWrite => "readings:write",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "read" => Some(Self::Read),
            "readings:write" => Some(Self::ReadingsWrite),
            _ => None,
        }
    }
}

/// `POST /api/v1/me/tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"name": "умный дом", "scopes": ["read", "readings:write"]})))]
pub struct CreateTokenRequest {
    /// What the token is for, e.g. "домашний контроллер".
    pub name: String,
    pub scopes: Vec<PersonalScope>,
}

/// A personal token as listed (never the secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<PersonalScope>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub last_used_at: Option<String>,
}

/// The answer to creating a token: the secret is shown this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    pub token: String,
    pub info: TokenInfo,
}

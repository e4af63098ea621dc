//! Registration, login, token refresh, logout and password reset.

use serde::{Deserialize, Serialize};

/// Who a user is to the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    Operator,
    Admin,
}

impl Role {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Operator => "operator",
            Self::Admin => "admin",
        }
    }

    /// Parses a stored name.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "resident" => Some(Self::Resident),
            "operator" => Some(Self::Operator),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    /// Operators and admins.
    pub fn is_staff(self) -> bool {
        matches!(self, Self::Operator | Self::Admin)
    }
}

/// The four consents of registration and the profile (152-FZ).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"personal_data": true, "email": true, "sms": false, "service_info": true})))]
pub struct ConsentChoices {
    /// Processing of personal data: required to register.
    pub personal_data: bool,
    /// Notices by e-mail.
    #[serde(default)]
    pub email: bool,
    /// Notices by SMS.
    #[serde(default)]
    pub sms: bool,
    /// Service information (outages, tariff changes).
    #[serde(default)]
    pub service_info: bool,
}

/// `POST /api/v1/auth/register`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "login": "ivan.petrov", "full_name": "Петров Иван Сергеевич", "email": "ivan@example.ru",
    "phone": "+7 912 345-67-89", "password": "Тёплый-дом-2026", "rules_version": 1,
    "consents": {"personal_data": true, "email": true, "sms": false, "service_info": true}
})))]
pub struct RegisterRequest {
    pub login: String,
    /// The account owner's full name (family members register in the owner's name).
    pub full_name: String,
    pub email: String,
    /// Mobile phone; stored as +7XXXXXXXXXX.
    pub phone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_phone: Option<String>,
    pub password: String,
    /// The version of the Rules shown to and accepted by the user; must be the current one.
    pub rules_version: i32,
    pub consents: ConsentChoices,
    /// The language of the messages Kabinet sends (default Russian).
    #[serde(default)]
    pub language: Language,
}

/// The language of a resident's messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Ru,
    En,
}

impl Language {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ru => "ru",
            Self::En => "en",
        }
    }

    /// Parses a stored name; anything unknown is Russian.
    pub fn parse(value: &str) -> Self {
        if value == "en" {
            Self::En
        } else {
            Self::Ru
        }
    }
}

/// The user as the login answer and the operator list show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub role: Role,
}

/// `POST /api/v1/auth/login`: login or e-mail, and the password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"login": "ivanova", "password": "demo-resident-2026"})))]
pub struct LoginRequest {
    pub login: String,
    pub password: String,
}

/// `POST /api/v1/auth/register` → 201. The same answer whether or not the e-mail was already
/// registered (then nothing is created and that address is told), so it confirms nobody's
/// address; sign in with `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"login": "ivanova", "full_name": "Иванова Мария Петровна", "role": "resident"})))]
pub struct Registered {
    pub login: String,
    pub full_name: String,
    pub role: Role,
}

/// Tokens for API clients; the SPA relies on the cookies set with the same answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiJ9...", "token_type": "Bearer", "expires_in": 900, "refresh_token": "r_hQ2...kM", "user": {"id": 2, "login": "ivanova", "full_name": "Иванова Мария Сергеевна", "role": "resident"}, "rules_acceptance_required": false})))]
pub struct LoginResponse {
    /// JWT for `Authorization: Bearer`; valid for `expires_in` seconds.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    pub expires_in: u64,
    /// Single-use: `POST /api/v1/auth/refresh` returns a new one with each new access token.
    /// Absent for the SPA (requests with `X-Kabinet-Client: spa`), which keeps it in the
    /// HttpOnly `kabinet_refresh` cookie only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub user: UserSummary,
    /// Whether the user must accept a newer version of the Rules before going on.
    pub rules_acceptance_required: bool,
}

/// `POST /api/v1/auth/refresh`: the refresh token in the body, or none when the cookie is used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"refresh_token": "r_hQ2...kM"})))]
pub struct RefreshRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `POST /api/v1/auth/password-reset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"email": "ivanova@example.ru"})))]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"token": "pZ1...x8", "new_password": "Новый-пароль-на-зиму"})))]
pub struct PasswordResetConfirm {
    /// The token from the e-mail.
    pub token: String,
    pub new_password: String,
}

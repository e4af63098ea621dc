//! The office staff's area: users, blocking, the audit log, operators.

use serde::{Deserialize, Serialize};

use super::auth::Role;

/// A user in the operator's search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserListItem {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub role: Role,
    pub blocked: bool,
    /// Password sign-in is locked after too many failed attempts (Rules 2.3); `unblock` lifts it.
    #[serde(default)]
    pub password_locked: bool,
}

/// One user in full (reading it is audited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDetail {
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub blocked_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_reason: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    /// Sessions not ended or revoked.
    pub active_sessions: i64,
    /// When password sign-in was locked after too many failed attempts (Rules 2.3); lifted by
    /// a password reset by e-mail or by `unblock`. The user's open sessions are not affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub password_locked_at: Option<String>,
    /// Failed password attempts for this login in the current hour, from any address.
    pub recent_failed_logins: i64,
    /// Accounts linked to this user now.
    #[serde(default)]
    pub linked_accounts: Vec<UserAccount>,
    /// Blocks and unblocks of this user, newest first (from the audit log).
    #[serde(default)]
    pub block_history: Vec<BlockEvent>,
}

/// An account linked to a user, as the operator's user page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAccount {
    pub number: String,
    pub address: crate::api::accounts::Address,
    pub as_family_member: bool,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub linked_at: String,
}

/// One block or unblock of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockEvent {
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
    /// `true` for a block, `false` for an unblock.
    pub blocked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The staff member who did it (absent for the system, e.g. a password reset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<i64>,
}

/// `POST /api/v1/operator/users/{id}/block` and `/unblock`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "подозрение на несанкционированный доступ, обращение №123"})))]
pub struct BlockRequest {
    /// Why (recorded in the audit log), e.g. "подозрение на несанкционированный доступ".
    pub reason: String,
}

/// `POST /api/v1/operator/operators` (admins only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"login": "petrova", "full_name": "Петрова Ольга Ивановна", "email": "petrova@office.example.ru", "phone": "+79990000003", "password": "Длинный-пароль-оператора", "admin": false})))]
pub struct CreateOperatorRequest {
    pub login: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub password: String,
    /// Make the new user an admin rather than an operator.
    #[serde(default)]
    pub admin: bool,
}

/// One audit log row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
    /// `user`, `operator`, `api_client`, `anonymous` or `system`.
    pub actor_kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<i64>,
    /// e.g. `auth.login`, `auth.login_failed`, `user.block`, `user.view`, `profile.update`.
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

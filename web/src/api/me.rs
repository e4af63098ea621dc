//! `/api/v1/me/*`.

use super::{call, call_empty, get, get_items, query_value, Answer};
use gloo_net::http::Method;
use kabinet_shared::api::auth::ConsentChoices;
use kabinet_shared::api::me::{
    AcceptRulesRequest, ChangePasswordRequest, Consents, CreateTokenRequest, CreatedToken, Profile,
    SessionInfo, TokenInfo, UpdateProfileRequest,
};
#[cfg(feature = "meters")]
use kabinet_shared::api::notices::{NotificationPrefs, UnsubscribeRequest, VerifyEmailRequest};

pub fn profile() -> Answer<Profile> {
    get("/api/v1/me")
}

pub fn update(body: &UpdateProfileRequest) -> Answer<Profile> {
    call(Method::PATCH, "/api/v1/me", body)
}

pub fn set_consents(body: &ConsentChoices) -> Answer<Consents> {
    call(Method::PUT, "/api/v1/me/consents", body)
}

pub fn accept_rules(version: i32) -> Answer<()> {
    call_empty(
        Method::POST,
        "/api/v1/me/accept-rules",
        Some(&AcceptRulesRequest { version }),
    )
}

pub fn change_password(current: &str, new: &str) -> Answer<()> {
    let body = ChangePasswordRequest {
        current_password: current.to_owned(),
        new_password: new.to_owned(),
    };
    call_empty(Method::PUT, "/api/v1/me/password", Some(&body))
}

pub fn sessions() -> Answer<Vec<SessionInfo>> {
    get_items("/api/v1/me/sessions")
}

pub fn end_session(id: &str) -> Answer<()> {
    call_empty::<()>(
        Method::DELETE,
        &format!("/api/v1/me/sessions/{}", query_value(id)),
        None,
    )
}

pub fn end_other_sessions() -> Answer<()> {
    call_empty::<()>(Method::DELETE, "/api/v1/me/sessions", None)
}

pub fn tokens() -> Answer<Vec<TokenInfo>> {
    get_items("/api/v1/me/tokens")
}

pub fn create_token(body: &CreateTokenRequest) -> Answer<CreatedToken> {
    call(Method::POST, "/api/v1/me/tokens", body)
}

pub fn revoke_token(id: i64) -> Answer<()> {
    call_empty::<()>(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), None)
}

#[cfg(feature = "meters")]
pub fn notifications() -> Answer<NotificationPrefs> {
    get("/api/v1/me/notifications")
}

#[cfg(feature = "meters")]
pub fn set_notifications(body: &NotificationPrefs) -> Answer<NotificationPrefs> {
    call(Method::PUT, "/api/v1/me/notifications", body)
}

#[cfg(feature = "meters")]
pub fn verify_email(code: &str) -> Answer<()> {
    let body = VerifyEmailRequest {
        code: code.trim().to_owned(),
    };
    call_empty(Method::POST, "/api/v1/me/email/verify", Some(&body))
}

#[cfg(feature = "meters")]
pub fn resend_verification() -> Answer<()> {
    call_empty::<()>(Method::POST, "/api/v1/me/email/verification", None)
}

#[cfg(feature = "meters")]
pub fn unsubscribe(token: &str) -> Answer<()> {
    let body = UnsubscribeRequest {
        token: token.to_owned(),
    };
    call_empty(Method::POST, "/api/v1/unsubscribe", Some(&body))
}

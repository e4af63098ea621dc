//! `/api/v1/me/*`.

use gloo_net::http::Method;
use kabinet_shared::api::auth::ConsentChoices;
use kabinet_shared::api::me::{
    AcceptRulesRequest, ChangePasswordRequest, Consents, CreateTokenRequest, CreatedToken, Profile,
    SessionInfo, TokenInfo, UpdateProfileRequest,
};
use kabinet_shared::api::page::Page;

use super::{call, call_empty, get, query_value, ApiFailure};

pub async fn profile() -> Result<Profile, ApiFailure> {
    get("/api/v1/me").await
}

pub async fn update(body: &UpdateProfileRequest) -> Result<Profile, ApiFailure> {
    call(Method::PATCH, "/api/v1/me", body).await
}

pub async fn set_consents(body: &ConsentChoices) -> Result<Consents, ApiFailure> {
    call(Method::PUT, "/api/v1/me/consents", body).await
}

pub async fn accept_rules(version: i32) -> Result<(), ApiFailure> {
    call_empty(
        Method::POST,
        "/api/v1/me/accept-rules",
        Some(&AcceptRulesRequest { version }),
    )
    .await
}

pub async fn change_password(current: &str, new: &str) -> Result<(), ApiFailure> {
    let body = ChangePasswordRequest {
        current_password: current.to_owned(),
        new_password: new.to_owned(),
    };
    call_empty(Method::PUT, "/api/v1/me/password", Some(&body)).await
}

pub async fn sessions() -> Result<Vec<SessionInfo>, ApiFailure> {
    get::<Page<SessionInfo>>("/api/v1/me/sessions")
        .await
        .map(|p| p.items)
}

pub async fn end_session(id: &str) -> Result<(), ApiFailure> {
    call_empty::<()>(
        Method::DELETE,
        &format!("/api/v1/me/sessions/{}", query_value(id)),
        None,
    )
    .await
}

pub async fn end_other_sessions() -> Result<(), ApiFailure> {
    call_empty::<()>(Method::DELETE, "/api/v1/me/sessions", None).await
}

pub async fn tokens() -> Result<Vec<TokenInfo>, ApiFailure> {
    get::<Page<TokenInfo>>("/api/v1/me/tokens")
        .await
        .map(|p| p.items)
}

pub async fn create_token(body: &CreateTokenRequest) -> Result<CreatedToken, ApiFailure> {
    call(Method::POST, "/api/v1/me/tokens", body).await
}

pub async fn revoke_token(id: i64) -> Result<(), ApiFailure> {
    call_empty::<()>(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), None).await
}

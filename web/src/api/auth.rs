//! `/api/v1/auth/*` and `/api/v1/rules/current`.

use gloo_net::http::Method;
use kabinet_shared::api::auth::{
    LoginRequest, LoginResponse, PasswordResetConfirm, PasswordResetRequest, RegisterRequest,
    Registered,
};
use kabinet_shared::api::rules::RulesDocument;

use super::{call, call_empty, get, ApiFailure};

pub async fn login(login: &str, password: &str) -> Result<LoginResponse, ApiFailure> {
    let body = LoginRequest {
        login: login.to_owned(),
        password: password.to_owned(),
    };
    call(Method::POST, "/api/v1/auth/login", &body).await
}

pub async fn register(body: &RegisterRequest) -> Result<Registered, ApiFailure> {
    call(Method::POST, "/api/v1/auth/register", body).await
}

pub async fn logout() -> Result<(), ApiFailure> {
    call_empty::<()>(Method::POST, "/api/v1/auth/logout", None).await
}

pub async fn request_reset(email: &str) -> Result<(), ApiFailure> {
    let body = PasswordResetRequest {
        email: email.to_owned(),
    };
    call_empty(Method::POST, "/api/v1/auth/password-reset", Some(&body)).await
}

pub async fn confirm_reset(token: &str, new_password: &str) -> Result<(), ApiFailure> {
    let body = PasswordResetConfirm {
        token: token.to_owned(),
        new_password: new_password.to_owned(),
    };
    call_empty(
        Method::POST,
        "/api/v1/auth/password-reset/confirm",
        Some(&body),
    )
    .await
}

pub async fn current_rules() -> Result<RulesDocument, ApiFailure> {
    get("/api/v1/rules/current").await
}

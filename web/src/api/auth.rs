//! `/api/v1/auth/*` and `/api/v1/rules/current`.

use gloo_net::http::Method;
use kabinet_shared::api::auth::{
    LoginRequest, LoginResponse, PasswordResetConfirm, PasswordResetRequest, RegisterRequest,
    Registered,
};
use kabinet_shared::api::rules::RulesDocument;

use super::{call, call_empty, get, Answer};

pub fn login(login: &str, password: &str) -> Answer<LoginResponse> {
    let body = LoginRequest {
        login: login.to_owned(),
        password: password.to_owned(),
    };
    call(Method::POST, "/api/v1/auth/login", &body)
}

pub fn register(body: &RegisterRequest) -> Answer<Registered> {
    call(Method::POST, "/api/v1/auth/register", body)
}

pub fn logout() -> Answer<()> {
    call_empty::<()>(Method::POST, "/api/v1/auth/logout", None)
}

pub fn request_reset(email: &str) -> Answer<()> {
    let body = PasswordResetRequest {
        email: email.to_owned(),
    };
    call_empty(Method::POST, "/api/v1/auth/password-reset", Some(&body))
}

pub fn confirm_reset(token: &str, new_password: &str) -> Answer<()> {
    let body = PasswordResetConfirm {
        token: token.to_owned(),
        new_password: new_password.to_owned(),
    };
    call_empty(
        Method::POST,
        "/api/v1/auth/password-reset/confirm",
        Some(&body),
    )
}

pub fn current_rules() -> Answer<RulesDocument> {
    get("/api/v1/rules/current")
}

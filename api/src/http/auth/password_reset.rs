//! `POST /api/v1/auth/password-reset` and `/confirm`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::auth::{PasswordResetConfirm, PasswordResetRequest};
use kabinet_shared::ErrorBody;

use crate::domain::identity::login;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::respond::origin;
use crate::startup::AppState;

/// Sends a single-use link (valid 60 minutes) to the e-mail if it is registered. The answer is
/// the same either way, so it cannot be used to find out who is registered.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address is registered, a link is on its way"),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
#[post("/auth/password-reset")]
pub async fn request(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let (ip, _) = origin(&req);
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            login::request_reset(
                conn,
                st.mailer.as_ref(),
                &body.email,
                &st.public_url,
                ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the token from the e-mail; every session of the user ends.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password changed; sign in again"),
        (status = 400, description = "`fields.token = invalid` (unknown, used or expired) or `fields.new_password` (policy)", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let (ip, _) = origin(&req);
    state
        .db
        .run(move |conn| login::confirm_reset(conn, &body.token, &body.new_password, ip.as_deref()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `POST /api/v1/auth/password-reset` and `/confirm`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::auth::{PasswordResetConfirm, PasswordResetRequest};
use kabinet_shared::ErrorBody;

use crate::domain::identity::login;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::respond::origin;
use crate::http::state::AppState;

/// Sends a single-use link (valid 60 minutes) to the e-mail if it is registered. The answer is
/// the same either way, so it cannot be used to find out who is registered. A new link voids
/// the older ones; an address gets at most 3 links an hour; requests are throttled per client
/// address.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address is registered, a link is on its way"),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 429, description = "`throttled`: too many requests from this address; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
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
                &st.throttle,
                st.mailer.as_ref(),
                &body.email,
                &st.public_url,
                ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the token from the e-mail; every session and personal token of the
/// user ends, and a password lock (Rules 2.3) is lifted.
#[utoipa::path(
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 204, description = "Password changed; sign in again"),
        (status = 400, description = "`fields.token = invalid` (unknown, used or expired) or `fields.new_password` (policy)", body = ErrorBody),
        (status = 503, description = "`busy` (password hashing at capacity) or `database_unavailable`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<PasswordResetConfirm>,
) -> Result<HttpResponse, ApiError> {
    let (ip, _) = origin(&req);
    let PasswordResetConfirm {
        token,
        new_password,
    } = body.into_inner();
    let password = new_password.clone();
    let plan = state
        .db
        .run(move |conn| login::plan_reset(conn, &token, &new_password))
        .await?;
    let hash = state.hash_password(password).await?;
    state
        .db
        .run(move |conn| login::commit_reset(conn, plan, &hash, ip.as_deref()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

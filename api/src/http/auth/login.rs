//! `POST /api/v1/auth/login`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::auth::{LoginRequest, LoginResponse};
use kabinet_shared::ErrorBody;

use crate::domain::identity::login::{self as signin, Origin};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::respond::{origin, signed_in};
use crate::startup::AppState;

/// Signs in with login or e-mail and password. Returns the tokens for API clients and sets
/// the HttpOnly session cookies (plus the `kabinet_csrf` cookie) for the SPA. After 5 failures
/// within 15 minutes (per login and per IP) attempts are throttled; 20 within an hour block the
/// user (Rules 2.3).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; cookies `kabinet_access`, `kabinet_refresh`, `kabinet_csrf` are set", body = LoginResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: wrong login or password (the same answer for an unknown login)", body = ErrorBody),
        (status = 403, description = "`account_blocked`: the user is blocked", body = ErrorBody),
        (status = 429, description = "`throttled`: too many failures; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let (ip, user_agent) = origin(&req);
    let policy = state.throttle;
    let LoginRequest { login, password } = body.into_inner();
    let origin_ip = ip.clone();
    let attempt = state
        .db
        .run(move |conn| {
            let origin = Origin {
                ip: origin_ip.as_deref(),
                user_agent: None,
            };
            signin::begin(conn, &policy, &login, &origin)
        })
        .await?;
    // Argon2 on a blocking thread of its own, holding no pooled connection.
    let (attempt, matched) = web::block(move || {
        let matched = attempt.password_matches(&password);
        (attempt, matched)
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let signed = state
        .db
        .run(move |conn| {
            let origin = Origin {
                ip: ip.as_deref(),
                user_agent: user_agent.as_deref(),
            };
            signin::finish(conn, &policy, attempt, matched, &origin)
        })
        .await?;
    signed_in(&state, &req, signed)
}

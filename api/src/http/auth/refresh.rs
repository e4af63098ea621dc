//! `POST /api/v1/auth/refresh`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::auth::{LoginResponse, RefreshRequest};
use kabinet_shared::ErrorBody;

use crate::domain::identity::login::{self, Origin};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::cookies::{self, REFRESH_COOKIE};
use crate::http::respond::{origin, signed_in};
use crate::http::state::AppState;

/// Exchanges a refresh token (from the body, or the `kabinet_refresh` cookie together with the
/// session's `X-CSRF-Token` header) for a new access token and a new refresh token. Each refresh token
/// works once; presenting a used one ends the whole session.
#[utoipa::path(
    tag = "auth",
    request_body(content = RefreshRequest, description = "Omit `refresh_token` to use the cookie"),
    responses(
        (status = 200, description = "New tokens (and cookies)", body = LoginResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "Unknown, used or expired refresh token; the session has ended", body = ErrorBody),
        (status = 403, description = "`account_blocked`, or `csrf_failed` for the cookie without the header", body = ErrorBody),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Option<Body<RefreshRequest>>,
) -> Result<HttpResponse, ApiError> {
    let from_body = body.and_then(|b| b.into_inner().refresh_token);
    let (secret, via_cookie) = match from_body {
        Some(token) => (token, false),
        None => (
            state
                .cookies
                .read(&req, REFRESH_COOKIE)
                .ok_or(ApiError::UNAUTHORIZED)?,
            true,
        ),
    };
    let (ip, user_agent) = origin(&req);
    let header = req
        .headers()
        .get(cookies::CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let st = state.clone();
    let signed = state
        .db
        .run(move |conn| {
            let origin = Origin {
                ip: ip.as_deref(),
                user_agent: user_agent.as_deref(),
            };
            let csrf_ok = |sid: &str| {
                !via_cookie
                    || header.as_deref().is_some_and(|h| {
                        cookies::same_secret(h, &cookies::csrf_for(&st.jwt_key, sid))
                    })
            };
            login::refresh(conn, &secret, &origin, st.session_max_age, csrf_ok)
        })
        .await?;
    signed_in(&state, &req, signed)
}

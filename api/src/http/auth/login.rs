//! `POST /api/v1/auth/login`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::auth::{LoginRequest, LoginResponse};
use kabinet_shared::ErrorBody;

use crate::domain::identity::guard::{self, LockNotice};
use crate::domain::identity::login::{self as signin, Origin};
use crate::domain::identity::password::Busy;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::respond::{origin, signed_in};
use crate::http::state::AppState;

/// Signs in with login or e-mail and password. Returns the tokens for API clients and sets
/// the HttpOnly session cookies (plus the `kabinet_csrf` cookie) for the SPA; with
/// `X-Kabinet-Client: spa` the refresh token is left out of the body (cookie only).
///
/// Rules 2.3: after 5 failures within 15 minutes from one address for one login, that address
/// waits (doubling, at most 15 minutes) for that login only; an address with hundreds of
/// failures across logins waits too. A refused attempt is not a failure. 20 failures of a login
/// within an hour from anywhere lock *password sign-in* of that login (`password_locked`) until
/// the password is reset by e-mail or an operator unblocks it; open sessions keep working and
/// the owner is told by e-mail. A blocked user's right password answers like a wrong one.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; cookies `kabinet_access`, `kabinet_refresh`, `kabinet_csrf` are set", body = LoginResponse),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: wrong login or password (the same answer for an unknown login)", body = ErrorBody),
        (status = 403, description = "`password_locked`: password sign-in of this login is locked; reset the password by e-mail", body = ErrorBody),
        (status = 429, description = "`throttled`: too many failures from this address; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "`busy` (password checks at capacity; see `Retry-After`) or `database_unavailable`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
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
    let matched = match state.hasher.verify(password, attempt.stored_hash()).await {
        Ok(matched) => matched,
        Err(Busy) => {
            state
                .db
                .run(move |conn| guard::abandon(conn, &attempt.guard))
                .await?;
            return Err(ApiError::Busy {
                retry_after_secs: 1,
            });
        }
    };
    let st = state.clone();
    let signed = state
        .db
        .run(move |conn| {
            let origin = Origin {
                ip: ip.as_deref(),
                user_agent: user_agent.as_deref(),
            };
            let notice = LockNotice {
                mailer: st.mailer.as_ref(),
                public_url: &st.public_url,
            };
            signin::finish(conn, &policy, &notice, attempt, matched, &origin)
        })
        .await?;
    signed_in(&state, &req, signed)
}

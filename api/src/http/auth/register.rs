//! `POST /api/v1/auth/register`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::auth::{RegisterRequest, Registered};
use kabinet_shared::ErrorBody;

use crate::domain::identity::register as registration;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::respond::origin;
use crate::http::state::AppState;

/// Registers a resident (Rules 2.1): the owner's name, contacts, a password, the accepted Rules
/// version and the consents. Sign in afterwards with `POST /auth/login`. An e-mail that is
/// already registered gets the same answer (nothing is created; that address is told), so this
/// endpoint confirms nobody's address. Registrations are throttled per client address.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered (or, for an address already registered, that address was told)", body = Registered),
        (status = 400, description = "Invalid fields; `fields` names each (`login: taken`, `too_short`, `common`, `same_as_login`, `not_current`, …)", body = ErrorBody),
        (status = 429, description = "`throttled`: too many registrations from this address; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "`busy` (password hashing at capacity) or `database_unavailable`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let (ip, _) = origin(&req);
    let policy = state.throttle;
    let ip_for_parse = ip.clone();
    let reg = state
        .db
        .run(move |conn| {
            registration::parse(conn, &policy, body.into_inner(), ip_for_parse.as_deref())
        })
        .await?;
    let hash = state.hash_password(reg.password()).await?;
    let st = state.clone();
    let created = state
        .db
        .run(move |conn| {
            registration::register(
                conn,
                &st.notifier,
                st.mailer.as_ref(),
                &st.public_url,
                reg,
                &hash,
                ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

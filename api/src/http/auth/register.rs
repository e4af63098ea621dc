//! `POST /api/v1/auth/register`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::auth::{RegisterRequest, UserSummary};
use kabinet_shared::ErrorBody;

use crate::domain::identity::register as registration;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::respond::origin;
use crate::startup::AppState;

/// Registers a resident (Rules 2.1): the owner's name, contacts, a password, the accepted Rules
/// version and the consents. Sign in afterwards with `POST /auth/login`.
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered", body = UserSummary),
        (status = 400, description = "Invalid fields; `fields` names each (`taken`, `too_short`, `common`, `same_as_login`, `not_current`, …)", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
#[post("/auth/register")]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let (ip, _) = origin(&req);
    let reg = state
        .db
        .run(move |conn| registration::parse(conn, body.into_inner()))
        .await?;
    // Argon2 on a blocking thread of its own, holding no pooled connection.
    let hashed = web::block(move || reg.hash())
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    let created = state
        .db
        .run(move |conn| registration::register(conn, hashed, ip.as_deref()))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

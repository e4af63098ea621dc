//! `GET/POST /me/tokens`, `DELETE /me/tokens/{id}`: personal API tokens.

use actix_web::{delete, get, post, web, HttpResponse};
use kabinet_shared::api::me::{CreateTokenRequest, CreatedToken, TokenInfo};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;

use crate::domain::identity::tokens;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::AuthUser;
use crate::http::state::AppState;

/// The resident's active personal tokens (never their secrets).
#[utoipa::path(
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Active tokens", body = Page<TokenInfo>),
    )
)]
#[get("/me/tokens")]
pub async fn list(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    if user.0.scopes.is_some() {
        // Devices and tokens are the keys to the account: a session only, never a token.
        return Err(ApiError::InsufficientScope("a signed-in session"));
    }
    let id = user.0.user_id;
    let body = state.db.run(move |conn| tokens::list(conn, id)).await?;
    Ok(HttpResponse::Ok().json(Page::all(body)))
}

/// Creates a personal token with scopes `read` and/or `readings:write` for the resident's own
/// automation. The secret (`kbt_…`) is in this answer only; use it as `Authorization: Bearer`.
#[utoipa::path(
    tag = "me",
    request_body = CreateTokenRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created; copy the token now", body = CreatedToken),
        (status = 400, description = "`name` or `scopes` missing", body = ErrorBody),
    )
)]
#[post("/me/tokens")]
pub async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<CreateTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    if caller.scopes.is_some() {
        return Err(ApiError::InsufficientScope("a signed-in session"));
    }
    // Personal tokens are for residents' own automation; staff work only in person.
    if caller.role.is_staff() {
        return Err(ApiError::FORBIDDEN);
    }
    let body = state
        .db
        .run(move |conn| {
            tokens::create(
                conn,
                caller.user_id,
                body.into_inner(),
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(body))
}

/// Revokes a personal token at once.
#[utoipa::path(
    tag = "me",
    params(("id" = i64, Path, description = "Token id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such active token of yours", body = ErrorBody),
    )
)]
#[delete("/me/tokens/{id}")]
pub async fn revoke(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let id = path.into_inner();
    state
        .db
        .run(move |conn| tokens::revoke(conn, caller.user_id, id, caller.ip.as_deref()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

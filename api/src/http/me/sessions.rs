//! `GET /me/sessions`, `DELETE /me/sessions`, `DELETE /me/sessions/{id}`.

use actix_web::{delete, get, web, HttpResponse};
use kabinet_shared::api::me::SessionInfo;
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;

use crate::domain::identity::profile;
use crate::error::ApiError;
use crate::http::caller::AuthUser;
use crate::http::state::AppState;

/// Devices signed in to this account (Rules 3.7), newest first.
#[utoipa::path(
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Live sessions", body = Page<SessionInfo>),
    )
)]
#[get("/me/sessions")]
pub async fn list(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    if caller.scopes.is_some() {
        // Devices and tokens are the keys to the account: a session only, never a token.
        return Err(ApiError::InsufficientScope("a signed-in session"));
    }
    let clock = state.clock;
    let body = state
        .db
        .run(move |conn| profile::sessions(conn, caller.user_id, caller.session_id, &clock))
        .await?;
    Ok(HttpResponse::Ok().json(Page::all(body)))
}

/// Ends every session except the one making this request.
#[utoipa::path(
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Other sessions ended"),
    )
)]
#[delete("/me/sessions")]
pub async fn end_others(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    state
        .db
        .run(move |conn| {
            profile::end_other_sessions(
                conn,
                caller.user_id,
                caller.session_id,
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends one session (for example one left open on a shared computer).
#[utoipa::path(
    tag = "me",
    params(("id" = String, Path, description = "Session id from the list")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Ended"),
        (status = 404, description = "No such live session of yours", body = ErrorBody),
    )
)]
#[delete("/me/sessions/{id}")]
pub async fn end_one(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let id = path.into_inner();
    state
        .db
        .run(move |conn| profile::end_session(conn, caller.user_id, &id, caller.ip.as_deref()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! Finding, viewing, blocking and unblocking users (Rules 2.3). Every read is audited.

use actix_web::{get, post, web, HttpResponse};
use kabinet_shared::api::operator::{BlockRequest, UserDetail, UserListItem};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde::Deserialize;

use super::as_staff;
use crate::domain::staff;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::Staff;
use crate::http::respond::{page_of, PageQuery};
use crate::http::state::AppState;

/// `?q=` of the user search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Part of a login, name, e-mail or phone (at least 4 digits); empty lists everyone.
    pub q: Option<String>,
}

/// Finds users by login, name, e-mail or phone, in id order.
#[utoipa::path(
    tag = "operator",
    params(SearchQuery, PageQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of users", body = Page<UserListItem>),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
    )
)]
#[get("/operator/users")]
pub async fn search(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<SearchQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after = page.cursor_id(0)?;
    let query = q.into_inner().q.unwrap_or_default();
    let (items, next) = as_staff(&state, staff, move |conn, by| {
        staff::search(conn, by, &query, after, limit)
    })
    .await?;
    Ok(page_of(items, next))
}

/// One user in full; the read is recorded in the audit log.
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "User id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The user", body = UserDetail),
        (status = 400, description = "Malformed id", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    )
)]
#[get("/operator/users/{id}")]
pub async fn view(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let body = as_staff(&state, staff, move |conn, by| staff::view(conn, by, id)).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Blocks a user on suspected unauthorized access (Rules 2.3): every session ends at once.
/// Operators block residents; admins also staff.
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "User id")),
    request_body = BlockRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Blocked", body = UserDetail),
        (status = 400, description = "`fields.reason` missing", body = ErrorBody),
        (status = 403, description = "Not staff, or not allowed to block this user", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    )
)]
#[post("/operator/users/{id}/block")]
pub async fn block(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
    body: Body<BlockRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let notifier = state.notifier.clone();
    let body = as_staff(&state, staff, move |conn, by| {
        staff::block(conn, &notifier, by, id, &body.reason)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Unblocks a user and forgets their failed sign-ins.
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "User id")),
    request_body = BlockRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Unblocked", body = UserDetail),
        (status = 400, description = "`fields.reason` missing", body = ErrorBody),
        (status = 403, description = "Not staff, or not allowed to unblock this user", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
    )
)]
#[post("/operator/users/{id}/unblock")]
pub async fn unblock(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
    body: Body<BlockRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let body = as_staff(&state, staff, move |conn, by| {
        staff::unblock(conn, by, id, &body.reason)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

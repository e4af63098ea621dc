//! The operator's account pages: search and look up (both audited), issue a link code,
//! disconnect users.

use actix_web::{get, post, web, HttpResponse};
use kabinet_shared::api::accounts::{
    DisconnectRequest, DisconnectResult, LinkCode, OperatorAccount, OperatorAccountListItem,
};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde::Deserialize;

use super::as_staff;
use crate::domain::accounts::{info, linking};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::Staff;
use crate::http::respond::{page_of, PageQuery};
use crate::http::state::AppState;

/// `?q=` of the account search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountSearchQuery {
    /// An account number or its start as people write it (`100 200 303`, `100-200-303`), or
    /// words that start words of the owner's name or the address (`петров`, `Кочетова 2`),
    /// case and `ё`/`е` ignored; empty lists every account.
    #[param(example = "Кочетова 2")]
    pub q: Option<String>,
}

/// Finds accounts by number, owner's name or address, in the order they were stored; the
/// search is recorded in the audit log.
#[utoipa::path(
    tag = "operator",
    params(AccountSearchQuery, PageQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of accounts", body = Page<OperatorAccountListItem>,
            example = json!({"items": [{"number": "100200303", "address": {"settlement": "г. Кызыл",
                "street": "ул. Кочетова", "house": "2", "flat": "15"},
                "owner_name": "Петров Алексей Иванович", "status": "open", "linked_users": 1}],
                "next_cursor": "aWQ6Mw"})),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
    )
)]
#[get("/operator/accounts")]
pub async fn search(
    state: web::Data<AppState>,
    staff: Staff,
    q: web::Query<AccountSearchQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after = page.cursor_id(0)?;
    let query = q.into_inner().q.unwrap_or_default();
    let (items, next) = as_staff(&state, staff, move |conn, by| {
        info::search(conn, by, &query, after, limit)
    })
    .await?;
    Ok(page_of(items, next))
}

/// An account and the users linked to it; the read is recorded in the audit log.
#[utoipa::path(
    tag = "operator",
    params(("number" = String, Path, description = "Account number")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The account", body = OperatorAccount),
        (status = 404, description = "No such account", body = ErrorBody),
    )
)]
#[get("/operator/accounts/{number}")]
pub async fn view(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = path.into_inner();
    let body = as_staff(&state, staff, move |conn, by| {
        info::for_operator(conn, by, &number)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Issues a code for the resident (shown once; valid 30 days by default; single use; locked
/// after 5 wrong tries). A new code voids the previous one.
#[utoipa::path(
    tag = "operator",
    params(("number" = String, Path, description = "Account number")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "The code", body = LinkCode),
        (status = 404, description = "No such account", body = ErrorBody),
    )
)]
#[post("/operator/accounts/{number}/link-codes")]
pub async fn issue_code(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = path.into_inner();
    let st = state.clone();
    let body = as_staff(&state, staff, move |conn, by| {
        linking::issue_code(
            conn,
            &st.link_code_key,
            by,
            &number,
            st.link_code_days,
            &st.clock,
        )
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(body))
}

/// Disconnects one user (`user_id`) or every user from the account (Rules 2.4).
#[utoipa::path(
    tag = "operator",
    params(("number" = String, Path, description = "Account number")),
    request_body = DisconnectRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "How many users were disconnected", body = DisconnectResult),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 404, description = "No such account, or that user is not linked", body = ErrorBody),
    )
)]
#[post("/operator/accounts/{number}/disconnect")]
pub async fn disconnect(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    body: Body<DisconnectRequest>,
) -> Result<HttpResponse, ApiError> {
    let number = path.into_inner();
    let notifier = state.notifier.clone();
    let n = as_staff(&state, staff, move |conn, by| {
        linking::disconnect(conn, &notifier, by, &number, &body)
    })
    .await?;
    Ok(HttpResponse::Ok().json(DisconnectResult { disconnected: n }))
}

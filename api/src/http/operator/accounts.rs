//! The operator's account pages: look up (audited), issue a link code, disconnect users.

use actix_web::{get, post, web, HttpResponse};
use kabinet_shared::api::accounts::{
    DisconnectRequest, DisconnectResult, LinkCode, OperatorAccount,
};
use kabinet_shared::ErrorBody;

use super::actor;
use crate::domain::accounts::{info, linking};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::Staff;
use crate::http::state::AppState;

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
    let caller = staff.0;
    let number = path.into_inner();
    let body = state
        .db
        .run(move |conn| info::for_operator(conn, actor(&caller), &number))
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
    let caller = staff.0;
    let number = path.into_inner();
    let st = state.clone();
    let body = state
        .db
        .run(move |conn| {
            linking::issue_code(
                conn,
                &st.link_code_key,
                actor(&caller),
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
    let caller = staff.0;
    let number = path.into_inner();
    let n = state
        .db
        .run(move |conn| linking::disconnect(conn, actor(&caller), &number, &body))
        .await?;
    Ok(HttpResponse::Ok().json(DisconnectResult { disconnected: n }))
}

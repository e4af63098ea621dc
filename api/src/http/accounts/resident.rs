//! The resident's accounts: list, link with an office code, «Общая информация», unlink.
//! Every query is scoped to the caller's links, so another resident's account is a 404.

use actix_web::{delete, get, post, web, HttpResponse};
use kabinet_shared::api::accounts::{AccountDetail, AccountSummary, LinkRequest};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;

use crate::domain::accounts::{info, linking};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::{AuthUser, ResidentRead};
use crate::http::state::AppState;

/// The caller's linked accounts with their balances.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "Linked accounts", body = Page<AccountSummary>),
    )
)]
#[get("/accounts")]
pub async fn list(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, ApiError> {
    let id = user.0.user_id;
    let body = state.db.run(move |conn| info::list(conn, id)).await?;
    Ok(HttpResponse::Ok().json(Page::all(body)))
}

/// Links an account with the code from the service office. The registered name must be the
/// owner's (case, ё/е and spaces ignored) unless `as_family_member` is set (Rules §5). An
/// unknown account, a wrong code and an expired code all answer `invalid_link_code`. Wrong
/// tries are limited per user (10 an hour) and per user and account (5 a day), never on the
/// code, so nobody can spoil the code a neighbour holds. Staff cannot link accounts.
#[utoipa::path(
    tag = "accounts",
    request_body = LinkRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Linked"),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "`csrf_failed`, `rules_not_accepted`, `account_blocked`, `insufficient_scope`, or `forbidden` for staff", body = ErrorBody),
        (status = 409, description = "`already_linked`", body = ErrorBody),
        (status = 422, description = "`invalid_link_code` or `owner_name_mismatch`", body = ErrorBody),
        (status = 429, description = "`throttled`: 10 wrong codes an hour, or 5 a day for this account; the code itself stays valid", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/accounts/link")]
pub async fn link(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<LinkRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    // Staff hold no utility accounts of their own; an office code is for the resident.
    if caller.role.is_staff() {
        return Err(ApiError::FORBIDDEN);
    }
    let st = state.clone();
    state
        .db
        .run(move |conn| {
            linking::link(
                conn,
                &st.link_code_key,
                &st.throttle,
                caller.user_id,
                &body,
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// «Общая информация»: address, owner, area, residents, balance, last payment, meters and the
/// reading window. 404 unless the account is linked to the caller.
#[utoipa::path(
    tag = "accounts",
    params(("number" = String, Path, description = "Account number")),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "The account", body = AccountDetail),
        (status = 404, description = "No such account linked to you", body = ErrorBody),
    )
)]
#[get("/accounts/{number}")]
pub async fn detail(
    state: web::Data<AppState>,
    reader: ResidentRead,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let number = path.into_inner();
    let (window, today) = (state.reading_window, state.clock.today());
    // The credential is checked in the same statement as the reads.
    let (linked, figures) = reader
        .account_page(&state.db, &state.account_pages, number)
        .await?;
    Ok(HttpResponse::Ok().json(info::detail(linked, figures, window, today)))
}

/// Disconnects the account from the caller (Rules 2.4, recorded as a written request).
#[utoipa::path(
    tag = "accounts",
    params(("number" = String, Path, description = "Account number")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Unlinked"),
        (status = 404, description = "No such account linked to you", body = ErrorBody),
    )
)]
#[delete("/accounts/{number}")]
pub async fn unlink(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let number = path.into_inner();
    state
        .db
        .run(move |conn| linking::unlink_own(conn, caller.user_id, &number, caller.ip.as_deref()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

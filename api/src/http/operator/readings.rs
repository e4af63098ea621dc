//! The office's side of readings: the flagged ones to look at, a reading taken on the phone for
//! a resident (source `operator`, audited), a rejection with a reason the resident sees, and
//! an account's meters as the resident sees them.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::meters::Reading;
use kabinet_shared::api::meters::{
    FlaggedReading, MeterView, ReadingSource, RejectRequest, SubmitReading,
};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;

use super::as_staff;
use crate::db::models::account;
use crate::domain::audit::{audit, Target};
use crate::domain::error::DomainError;
use crate::domain::idempotency;
use crate::domain::readings::submit::{self, Submitter};
use crate::domain::readings::{exchange, view};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::Staff;
use crate::http::meters::idempotency_key;
use crate::http::respond::{page_of, PageQuery};
use crate::http::state::AppState;

/// Readings confirmed as unusual and still waiting for billing, newest first.
#[utoipa::path(
    tag = "operator",
    params(PageQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of flagged readings", body = Page<FlaggedReading>),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
    )
)]
#[get("/operator/readings/flagged")]
pub async fn flagged(
    state: web::Data<AppState>,
    staff: Staff,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, cursor) = (page.limit()?, page.cursor_id(0)?);
    let before = (cursor > 0).then_some(cursor);
    let (items, next) = as_staff(&state, staff, move |conn, _| {
        exchange::flagged(conn, before, limit)
    })
    .await?;
    Ok(page_of(items, next))
}

/// An account's meters as its residents see them (for a reading taken on the phone).
#[utoipa::path(
    tag = "operator",
    params(("number" = String, Path, description = "Account number")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The meters", body = Page<MeterView>),
        (status = 404, description = "No such account", body = ErrorBody),
    )
)]
#[get("/operator/accounts/{number}/meters")]
pub async fn meters(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (number, ctx) = (path.into_inner(), state.reading_context());
    let items = as_staff(&state, staff, move |conn, _| {
        let a = account::find(conn, &number)?.ok_or(DomainError::NOT_FOUND)?;
        view::meters(conn, &a, &ctx)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page::all(items)))
}

/// Enters a reading a resident gave on the phone: the resident's rules apply, the source is
/// `operator` and the entry is audited.
#[utoipa::path(
    tag = "operator",
    params(("number" = String, Path, description = "Account number"),
           ("id" = String, Path, description = "The billing system's meter id"),
           ("Idempotency-Key" = Option<String>, Header, description = "Same key and body → the same answer; same key, other body → 409")),
    request_body = SubmitReading,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Saved", body = Reading),
        (status = 400, description = "`value` or `taken_on` malformed", body = ErrorBody),
        (status = 404, description = "No such account or meter", body = ErrorBody),
        (status = 409, description = "`idempotency_conflict`", body = ErrorBody),
        (status = 422, description = "As for a resident: `below_previous`, `future_date`, `too_precise`, `verification_expired`, `meter_removed`, `needs_confirmation`", body = ErrorBody),
    )
)]
#[post("/operator/accounts/{number}/meters/{id}/readings")]
pub async fn enter(
    state: web::Data<AppState>,
    staff: Staff,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Body<SubmitReading>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req, format!("user:{}", staff.0.user_id), &*body)?;
    let ((number, meter_id), ctx) = (path.into_inner(), state.reading_context());
    let saved: Reading = as_staff(&state, staff, move |conn, by| {
        idempotency::once(conn, key.as_ref(), |conn| {
            let a = account::find(conn, &number)?.ok_or(DomainError::NOT_FOUND)?;
            let who = Submitter {
                source: ReadingSource::Operator,
                user_id: Some(by.id),
            };
            let saved = submit::submit_one(conn, &a, meter_id, body.into_inner(), who, &ctx)?;
            audit(
                conn,
                by.actor(),
                "reading.entered",
                Target::Account(&a.number),
                by.ip,
                Some(format!(
                    "reading={} meter={} value={}",
                    saved.number, saved.meter_id, saved.value
                )),
            )?;
            Ok(saved)
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Rejects a reading with a reason the resident sees in the history and on the meter's card
/// (audited). A billed reading is locked: 409 `reading_locked`.
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "Reading id")),
    request_body = RejectRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Rejected"),
        (status = 400, description = "No reason given", body = ErrorBody),
        (status = 404, description = "No such reading", body = ErrorBody),
        (status = 409, description = "`reading_locked` (billed), or `conflict` (already superseded or rejected)", body = ErrorBody),
    )
)]
#[post("/operator/readings/{id}/reject")]
pub async fn reject(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
    body: Body<RejectRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let notifier = state.notifier.clone();
    as_staff(&state, staff, move |conn, by| {
        exchange::reject(conn, &notifier, by, id, &body.reason)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! Submitting readings: one meter, or the one form for every meter of the account (all or
//! nothing). Both honour `Idempotency-Key`.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::meters::{Reading, ReadingsSaved, SubmitReading, SubmitReadings};
use kabinet_shared::ErrorBody;
use serde::Serialize;

use super::{linked, source};
use crate::domain::idempotency::{self, Key};
use crate::domain::readings::submit::{self, Submission, Submitter};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::ReadingWriter;
use crate::http::state::AppState;

/// The `Idempotency-Key` header of `req`, tied to the caller and this exact request.
pub fn idempotency_key(
    req: &HttpRequest,
    owner: String,
    body: &impl Serialize,
) -> Result<Option<Key>, ApiError> {
    let Some(raw) = req.headers().get("idempotency-key") else {
        return Ok(None);
    };
    let key = raw
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| (1..=200).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::field(
                "Idempotency-Key",
                "invalid",
                "Idempotency-Key must be 1–200 visible ASCII characters",
            )
        })?;
    let body = serde_json::to_string(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Some(Key {
        owner,
        key: key.to_owned(),
        request: format!("{} {}\n{body}", req.method(), req.path()),
    }))
}

/// Saves one meter's reading. Outside the house's window it is kept for the next period
/// (`period`, `in_window: false`); inside it, it supersedes the earlier unbilled reading of
/// the same period (both stay in history). `number` is what the resident quotes to the office.
#[utoipa::path(
    tag = "meters",
    params(("number" = String, Path, description = "Account number"),
           ("id" = String, Path, description = "The billing system's meter id"),
           ("Idempotency-Key" = Option<String>, Header, description = "Same key and body → the same answer; same key, other body → 409")),
    request_body = SubmitReading,
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 201, description = "Saved", body = Reading),
        (status = 400, description = "`value` malformed, or `taken_on` malformed or before the previous reading's date (`before_previous`)", body = ErrorBody),
        (status = 403, description = "`csrf_failed`, `rules_not_accepted`, `account_blocked`, `insufficient_scope` (a personal token without `readings:write`)", body = ErrorBody),
        (status = 404, description = "No such account linked to you, or no such meter on it", body = ErrorBody),
        (status = 409, description = "`idempotency_conflict`: the key was used with another body", body = ErrorBody),
        (status = 422, description = "`below_previous`, `future_date`, `too_precise`, `verification_expired`, `meter_removed`, or `needs_confirmation` (`details.reason`: `daily_limit`, `above_average`, `zero_use`; with `previous`, `value`, `consumption`, `days`, `limit`) — send again with `confirm_unusual: true`", body = ErrorBody),
        (status = 429, description = "`throttled`: over 60 readings an hour from one resident (with their tokens)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/accounts/{number}/meters/{id}/readings")]
pub async fn one(
    state: web::Data<AppState>,
    user: ReadingWriter,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: Body<SubmitReading>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let key = idempotency_key(&req, format!("user:{}", caller.user_id), &*body)?;
    let (number, meter_id) = path.into_inner();
    let (ctx, who) = (
        state.reading_context(),
        Submitter {
            source: source(&caller),
            user_id: Some(caller.user_id),
        },
    );
    let saved: Reading = state
        .db
        .run(move |conn| {
            idempotency::once(conn, key.as_ref(), |conn| {
                let account = linked(conn, caller.user_id, &number)?;
                submit::submit_one(conn, &account, meter_id, body.into_inner(), who, &ctx)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

/// The one form: a reading for each meter of the account, saved all together or not at all.
/// A refusal names the meter (`details.meter_id`, `details.index`); `needs_confirmation` lists
/// any other unusual meters in `details.also`.
#[utoipa::path(
    tag = "meters",
    params(("number" = String, Path, description = "Account number"),
           ("Idempotency-Key" = Option<String>, Header, description = "Same key and body → the same answer; same key, other body → 409")),
    request_body = SubmitReadings,
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 201, description = "Every reading saved", body = ReadingsSaved),
        (status = 400, description = "A value or `taken_on` malformed, no readings, or a meter twice", body = ErrorBody),
        (status = 403, description = "`csrf_failed`, `rules_not_accepted`, `account_blocked`, `insufficient_scope`", body = ErrorBody),
        (status = 404, description = "No such account linked to you, or a meter not on it", body = ErrorBody),
        (status = 409, description = "`idempotency_conflict`", body = ErrorBody),
        (status = 422, description = "As for one meter; nothing is saved", body = ErrorBody),
        (status = 429, description = "`throttled`: over 60 readings an hour from one resident", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/accounts/{number}/readings")]
pub async fn many(
    state: web::Data<AppState>,
    user: ReadingWriter,
    req: HttpRequest,
    path: web::Path<String>,
    body: Body<SubmitReadings>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let key = idempotency_key(&req, format!("user:{}", caller.user_id), &*body)?;
    let number = path.into_inner();
    let (ctx, who) = (
        state.reading_context(),
        Submitter {
            source: source(&caller),
            user_id: Some(caller.user_id),
        },
    );
    let saved: ReadingsSaved = state
        .db
        .run(move |conn| {
            idempotency::once(conn, key.as_ref(), |conn| {
                let account = linked(conn, caller.user_id, &number)?;
                let submission = Submission {
                    entries: &body.readings,
                    taken_on: body.taken_on.as_deref(),
                    confirm_unusual: body.confirm_unusual,
                };
                let items = submit::submit(conn, &account, &submission, who, &ctx)?;
                Ok(ReadingsSaved { items })
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(saved))
}

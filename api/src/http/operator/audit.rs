//! `GET /operator/audit`: the audit log, newest first, filterable.

use actix_web::{get, web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use kabinet_shared::api::operator::AuditEntry;
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde::Deserialize;

use crate::db::models::audit::Filter;
use crate::domain::clock::Clock;
use crate::domain::staff;
use crate::error::ApiError;
use crate::http::caller::Staff;
use crate::http::respond::{page_of, PageQuery};
use crate::http::state::AppState;

/// Filters of the audit log; all optional and combined with AND.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// `user`, `operator`, `api_client`, `anonymous` or `system`.
    pub actor_kind: Option<String>,
    pub actor_id: Option<i64>,
    /// e.g. `auth.login_failed`, `user.block`, `user.view`.
    pub action: Option<String>,
    /// e.g. `user`, `session`, `account`.
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    /// From this time (RFC 3339), inclusive; or from the start of this day (`YYYY-MM-DD`, a day
    /// in the supplier's time zone).
    pub from: Option<String>,
    /// Before this time (RFC 3339); or up to the end of this day (`YYYY-MM-DD`, inclusive, in the
    /// supplier's time zone).
    pub to: Option<String>,
}

/// An RFC 3339 instant, or a plain date meaning a day in the supplier's time zone: its start,
/// or (`end_of_day`, for an inclusive `to`) the start of the next day.
fn parse_time(
    clock: &Clock,
    field: &str,
    value: Option<&str>,
    end_of_day: bool,
) -> Result<Option<NaiveDateTime>, ApiError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if let Ok(day) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        let day = if end_of_day {
            day.succ_opt().unwrap_or(day)
        } else {
            day
        };
        return Ok(Some(clock.start_of(day)));
    }
    chrono::DateTime::parse_from_rfc3339(v)
        .map(|t| Some(t.naive_utc()))
        .map_err(|_| ApiError::field(field, "invalid", "expected YYYY-MM-DD or an RFC 3339 time"))
}

/// Who did what to whom and from where: sign-ins, failures, blocks, profile and consent
/// changes, staff reads of personal data.
#[utoipa::path(
    tag = "operator",
    params(AuditQuery, PageQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of entries, newest first", body = Page<AuditEntry>),
        (status = 400, description = "Bad filter, `limit` or `cursor`", body = ErrorBody),
    )
)]
#[get("/operator/audit")]
pub async fn list(
    state: web::Data<AppState>,
    _staff: Staff,
    q: web::Query<AuditQuery>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before = page.cursor_id(i64::MAX)?;
    let q = q.into_inner();
    let filter = Filter {
        from: parse_time(&state.clock, "from", q.from.as_deref(), false)?,
        to: parse_time(&state.clock, "to", q.to.as_deref(), true)?,
        actor_kind: q.actor_kind,
        actor_id: q.actor_id,
        action: q.action,
        target_kind: q.target_kind,
        target_id: q.target_id,
    };
    let (items, next) = state
        .db
        .run(move |conn| staff::audit_log(conn, &filter, before, limit))
        .await?;
    Ok(page_of(items, next))
}

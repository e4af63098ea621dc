//! `GET /operator/audit`: the audit log, newest first, filterable.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveDateTime;
use kabinet_shared::api::operator::AuditEntry;
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde::Deserialize;

use crate::db::models::audit::Filter;
use crate::domain::staff;
use crate::error::ApiError;
use crate::http::caller::Staff;
use crate::http::respond::{encode_cursor, PageQuery};
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
    /// From this time (RFC 3339), inclusive.
    pub from: Option<String>,
    /// Before this time (RFC 3339).
    pub to: Option<String>,
}

fn parse_time(field: &str, value: Option<&str>) -> Result<Option<NaiveDateTime>, ApiError> {
    value
        .map(|v| {
            chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| t.naive_utc())
                .map_err(|_| ApiError::field(field, "invalid", "expected an RFC 3339 time"))
        })
        .transpose()
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
        from: parse_time("from", q.from.as_deref())?,
        to: parse_time("to", q.to.as_deref())?,
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
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: next.map(encode_cursor),
    }))
}

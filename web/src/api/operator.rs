//! `/api/v1/operator/*`: the staff area's calls (only in the staff bundle).

use gloo_net::http::Method;
use kabinet_shared::api::accounts::{
    DisconnectReason, DisconnectRequest, DisconnectResult, LinkCode, OperatorAccount,
    OperatorAccountListItem,
};
use kabinet_shared::api::meters::{
    FlaggedReading, MeterView, Reading, RejectRequest, SubmitReading,
};
use kabinet_shared::api::operator::{AuditEntry, BlockRequest, UserDetail, UserListItem};
use kabinet_shared::api::page::Page;

use super::{call, call_empty, get, get_items, post_once, query_value, Answer};

/// `path?limit=20&name=value…&cursor=…`, leaving out empty filters.
fn list_path(path: &str, filters: &[(&str, &str)], cursor: Option<&str>) -> String {
    let mut url = format!("{path}?limit=20");
    for (name, value) in filters.iter().filter(|(_, v)| !v.trim().is_empty()) {
        url.push_str(&format!("&{name}={}", query_value(value.trim())));
    }
    if let Some(c) = cursor {
        url.push_str(&format!("&cursor={}", query_value(c)));
    }
    url
}

pub fn search_users(q: &str, cursor: Option<&str>) -> Answer<Page<UserListItem>> {
    get(&list_path("/api/v1/operator/users", &[("q", q)], cursor))
}

pub fn user(id: i64) -> Answer<UserDetail> {
    get(&format!("/api/v1/operator/users/{id}"))
}

pub fn search_accounts(q: &str, cursor: Option<&str>) -> Answer<Page<OperatorAccountListItem>> {
    get(&list_path("/api/v1/operator/accounts", &[("q", q)], cursor))
}

/// The audit log with `filters` (API names: `action`, `target_kind`, `target_id`, …).
pub fn audit(filters: &[(&str, &str)], cursor: Option<&str>) -> Answer<Page<AuditEntry>> {
    get(&list_path("/api/v1/operator/audit", filters, cursor))
}

pub fn set_blocked(id: i64, block: bool, reason: &str) -> Answer<UserDetail> {
    let action = if block { "block" } else { "unblock" };
    let body = BlockRequest {
        reason: reason.to_owned(),
    };
    call(
        Method::POST,
        &format!("/api/v1/operator/users/{id}/{action}"),
        &body,
    )
}

pub fn operator_view(number: &str) -> Answer<OperatorAccount> {
    get(&format!(
        "/api/v1/operator/accounts/{}",
        query_value(number.trim())
    ))
}

pub fn issue_code(number: &str) -> Answer<LinkCode> {
    call(
        Method::POST,
        &format!(
            "/api/v1/operator/accounts/{}/link-codes",
            query_value(number)
        ),
        &(),
    )
}

pub fn disconnect(
    number: &str,
    user_id: Option<i64>,
    reason: DisconnectReason,
    note: &str,
) -> Answer<DisconnectResult> {
    let body = DisconnectRequest {
        user_id,
        reason,
        note: note.to_owned(),
    };
    call(
        Method::POST,
        &format!(
            "/api/v1/operator/accounts/{}/disconnect",
            query_value(number)
        ),
        &body,
    )
}

/// Readings confirmed as unusual and waiting for billing, newest first.
pub fn flagged_readings(cursor: Option<&str>) -> Answer<Page<FlaggedReading>> {
    get(&list_path("/api/v1/operator/readings/flagged", &[], cursor))
}

/// Rejects a reading; the resident sees `reason` (a billed one is locked: 409).
pub fn reject_reading(id: i64, reason: &str) -> Answer<()> {
    let body = RejectRequest {
        reason: reason.to_owned(),
    };
    call_empty(
        Method::POST,
        &format!("/api/v1/operator/readings/{id}/reject"),
        Some(&body),
    )
}

/// An account's meters as its residents see them.
pub fn account_meters(number: &str) -> Answer<Vec<MeterView>> {
    get_items(&format!(
        "/api/v1/operator/accounts/{}/meters",
        query_value(number)
    ))
}

/// A reading a resident gave on the phone. `key` is the `Idempotency-Key` of this body.
pub fn enter_reading(
    number: &str,
    meter_id: &str,
    body: &SubmitReading,
    key: &str,
) -> Answer<Reading> {
    post_once(
        &format!(
            "/api/v1/operator/accounts/{}/meters/{}/readings",
            query_value(number),
            query_value(meter_id)
        ),
        body,
        key,
    )
}

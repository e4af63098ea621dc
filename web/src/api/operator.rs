//! `/api/v1/operator/*`: the staff area's calls (only in the staff bundle).

use gloo_net::http::Method;
use kabinet_shared::api::accounts::{
    DisconnectReason, DisconnectRequest, DisconnectResult, LinkCode, OperatorAccount,
    OperatorAccountListItem,
};
use kabinet_shared::api::operator::{AuditEntry, BlockRequest, UserDetail, UserListItem};
use kabinet_shared::api::page::Page;

use super::{call, get, query_value, Answer};

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

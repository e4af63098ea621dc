//! `/api/v1/operator/*`: the staff area's calls (only in the staff bundle).

use gloo_net::http::Method;
use kabinet_shared::api::accounts::{
    DisconnectReason, DisconnectRequest, DisconnectResult, LinkCode, OperatorAccount,
    OperatorAccountListItem,
};
use kabinet_shared::api::operator::{AuditEntry, BlockRequest, UserDetail, UserListItem};
use kabinet_shared::api::page::Page;

use super::{call, get, query_value, ApiFailure};

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

pub async fn search_users(q: &str, cursor: Option<&str>) -> Result<Page<UserListItem>, ApiFailure> {
    get(&list_path("/api/v1/operator/users", &[("q", q)], cursor)).await
}

pub async fn user(id: i64) -> Result<UserDetail, ApiFailure> {
    get(&format!("/api/v1/operator/users/{id}")).await
}

pub async fn search_accounts(
    q: &str,
    cursor: Option<&str>,
) -> Result<Page<OperatorAccountListItem>, ApiFailure> {
    get(&list_path("/api/v1/operator/accounts", &[("q", q)], cursor)).await
}

/// The audit log with `filters` (API names: `action`, `target_kind`, `target_id`, …).
pub async fn audit(
    filters: &[(&str, &str)],
    cursor: Option<&str>,
) -> Result<Page<AuditEntry>, ApiFailure> {
    get(&list_path("/api/v1/operator/audit", filters, cursor)).await
}

pub async fn set_blocked(id: i64, block: bool, reason: &str) -> Result<UserDetail, ApiFailure> {
    let action = if block { "block" } else { "unblock" };
    let body = BlockRequest {
        reason: reason.to_owned(),
    };
    call(
        Method::POST,
        &format!("/api/v1/operator/users/{id}/{action}"),
        &body,
    )
    .await
}

pub async fn operator_view(number: &str) -> Result<OperatorAccount, ApiFailure> {
    get(&format!(
        "/api/v1/operator/accounts/{}",
        query_value(number.trim())
    ))
    .await
}

pub async fn issue_code(number: &str) -> Result<LinkCode, ApiFailure> {
    call(
        Method::POST,
        &format!(
            "/api/v1/operator/accounts/{}/link-codes",
            query_value(number)
        ),
        &(),
    )
    .await
}

pub async fn disconnect(
    number: &str,
    user_id: Option<i64>,
    reason: DisconnectReason,
    note: &str,
) -> Result<DisconnectResult, ApiFailure> {
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
    .await
}

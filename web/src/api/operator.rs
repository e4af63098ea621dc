//! `/api/v1/operator/*`: the staff area's calls (only in the staff bundle).

use gloo_net::http::Method;
use kabinet_shared::api::accounts::{
    DisconnectReason, DisconnectRequest, DisconnectResult, LinkCode, OperatorAccount,
};
use kabinet_shared::api::operator::{BlockRequest, UserDetail, UserListItem};
use kabinet_shared::api::page::Page;

use super::{call, get, query_value, ApiFailure};

pub async fn search_users(q: &str, cursor: Option<&str>) -> Result<Page<UserListItem>, ApiFailure> {
    let mut path = format!("/api/v1/operator/users?limit=20&q={}", query_value(q));
    if let Some(c) = cursor {
        path.push_str(&format!("&cursor={}", query_value(c)));
    }
    get(&path).await
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

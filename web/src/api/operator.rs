//! `/api/v1/operator/*`.

use gloo_net::http::Method;
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

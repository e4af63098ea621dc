//! `/api/v1/accounts/*`: the resident's accounts.

use gloo_net::http::Method;
use kabinet_shared::api::accounts::{AccountDetail, AccountSummary, LinkRequest};

use kabinet_shared::api::page::Page;

use super::{call_empty, get, query_value, ApiFailure};

pub async fn list() -> Result<Vec<AccountSummary>, ApiFailure> {
    get::<Page<AccountSummary>>("/api/v1/accounts")
        .await
        .map(|p| p.items)
}

pub async fn detail(number: &str) -> Result<AccountDetail, ApiFailure> {
    get(&format!("/api/v1/accounts/{}", query_value(number))).await
}

pub async fn link(number: &str, code: &str, as_family_member: bool) -> Result<(), ApiFailure> {
    let body = LinkRequest {
        account_number: number.trim().to_owned(),
        code: code.to_owned(),
        as_family_member,
    };
    call_empty(Method::POST, "/api/v1/accounts/link", Some(&body)).await
}

pub async fn unlink(number: &str) -> Result<(), ApiFailure> {
    call_empty::<()>(
        Method::DELETE,
        &format!("/api/v1/accounts/{}", query_value(number)),
        None,
    )
    .await
}

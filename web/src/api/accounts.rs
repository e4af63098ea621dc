//! `/api/v1/accounts/*`: the resident's accounts.

use gloo_net::http::Method;
use kabinet_shared::api::accounts::{AccountDetail, AccountSummary, LinkRequest};

use super::{call_empty, get, get_items, query_value, Answer};

pub fn list() -> Answer<Vec<AccountSummary>> {
    get_items("/api/v1/accounts")
}

pub fn detail(number: &str) -> Answer<AccountDetail> {
    get(&format!("/api/v1/accounts/{}", query_value(number)))
}

pub fn link(number: &str, code: &str, as_family_member: bool) -> Answer<()> {
    let body = LinkRequest {
        account_number: number.trim().to_owned(),
        code: code.to_owned(),
        as_family_member,
    };
    call_empty(Method::POST, "/api/v1/accounts/link", Some(&body))
}

pub fn unlink(number: &str) -> Answer<()> {
    call_empty::<()>(
        Method::DELETE,
        &format!("/api/v1/accounts/{}", query_value(number)),
        None,
    )
}

//! `/api/v1/accounts/{number}/meters/*` and `/readings`: «Данные счётчиков».

use gloo_net::http::Method;
use kabinet_shared::api::meters::{
    HistoryItem, MeterView, MonthlyUse, Preview, PreviewRequest, ReadingsSaved, SubmitReadings,
};
use kabinet_shared::api::page::Page;

use super::{call, get, get_items, post_once, query_value, Answer};

/// `/api/v1/accounts/{number}/meters/{id}{tail}`.
fn meter_path(number: &str, id: &str, tail: &str) -> String {
    format!(
        "/api/v1/accounts/{}/meters/{}{tail}",
        query_value(number),
        query_value(id)
    )
}

pub fn list(number: &str) -> Answer<Vec<MeterView>> {
    get_items(&format!("/api/v1/accounts/{}/meters", query_value(number)))
}

/// A page of a meter's readings, newest first.
pub fn history(number: &str, id: &str, cursor: Option<&str>) -> Answer<Page<HistoryItem>> {
    let mut path = meter_path(number, id, "/readings?limit=12");
    if let Some(c) = cursor {
        path.push_str("&cursor=");
        path.push_str(&query_value(c));
    }
    get(&path)
}

/// 24 months of use, oldest first.
pub fn consumption(number: &str, id: &str) -> Answer<Vec<MonthlyUse>> {
    get_items(&meter_path(number, id, "/consumption"))
}

/// What `value` would cost at today's tariff (nothing is saved).
pub fn preview(number: &str, id: &str, value: &str) -> Answer<Preview> {
    let body = PreviewRequest {
        value: value.to_owned(),
    };
    call(
        Method::POST,
        &meter_path(number, id, "/readings/preview"),
        &body,
    )
}

/// The one form: every reading saved, or none. `key` is the `Idempotency-Key` of this body.
pub fn submit(number: &str, body: &SubmitReadings, key: &str) -> Answer<ReadingsSaved> {
    post_once(
        &format!("/api/v1/accounts/{}/readings", query_value(number)),
        body,
        key,
    )
}

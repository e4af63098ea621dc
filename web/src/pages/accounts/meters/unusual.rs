//! Why the API calls a reading unusual (`needs_confirmation`), in plain words from the numbers
//! of its `details`: «Горячая вода № ГВС-410003. Расход 100,000 м³ за 34 дн. — это больше
//! предела 2 м³ в сутки.»

use std::collections::BTreeMap;

use kabinet_shared::api::meters::MeterView;
use kabinet_shared::ErrorCode;

use super::{meter_title, unit};
use crate::api::ApiFailure;
use crate::components::money::decimal;
use crate::i18n::{Lang, Text};

/// `2.0000` as `2`, `0.5000` as `0.5` (a limit is sent with four places).
fn trimmed(number: &str) -> &str {
    if number.contains('.') {
        number.trim_end_matches('0').trim_end_matches('.')
    } else {
        number
    }
}

/// The details of a `needs_confirmation` refusal, if that is what `failure` is.
pub fn details(failure: Option<&ApiFailure>) -> Option<&BTreeMap<String, String>> {
    match failure {
        Some(ApiFailure::Api { body, .. }) if body.error.code == ErrorCode::NeedsConfirmation => {
            Some(&body.error.details)
        }
        _ => None,
    }
}

/// The sentences explaining `details`, naming the meters of `meters` it points to.
pub fn explain(
    lang: Lang,
    details: &BTreeMap<String, String>,
    meters: &[MeterView],
) -> Vec<String> {
    let get = |key: &str| details.get(key).map_or("", String::as_str);
    let title = |id: &str| {
        meters
            .iter()
            .find(|m| m.id == id)
            .map_or_else(|| id.to_owned(), |m| meter_title(lang, m))
    };
    let unit = meters
        .iter()
        .find(|m| m.id == get("meter_id"))
        .map_or("", |m| unit(lang, &m.unit));
    let amount = |number: &str| format!("{} {unit}", decimal(lang, number));
    let why = match get("reason") {
        "zero_use" => lang.text(Text::UnusualZero).to_owned(),
        reason => format!(
            "{} {} {} {} {} — {} {} {}.",
            lang.text(Text::Consumption),
            amount(get("consumption")),
            lang.text(Text::InDays),
            get("days"),
            lang.text(Text::DaysShort),
            lang.text(if reason == "daily_limit" {
                Text::UnusualDaily
            } else {
                Text::UnusualAverage
            }),
            amount(trimmed(get("limit"))),
            lang.text(Text::PerDay)
        ),
    };
    let mut lines = vec![format!("{}. {why}", title(get("meter_id")))];
    if !get("previous").is_empty() {
        lines.push(format!(
            "{} {}, {} {}.",
            lang.text(Text::PreviousReading),
            amount(get("previous")),
            lang.text(Text::NewReading),
            amount(get("value"))
        ));
    }
    let also: Vec<String> = get("also")
        .split(',')
        .filter(|id| !id.is_empty())
        .map(title)
        .collect();
    if !also.is_empty() {
        lines.push(format!(
            "{} {}.",
            lang.text(Text::AlsoCheck),
            also.join(", ")
        ));
    }
    lines
}

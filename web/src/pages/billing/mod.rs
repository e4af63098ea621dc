//! «История начислений и оплат», «Оплатить» and «Квитанция» (sections of an account's page),
//! the return page after paying and the built-in sandbox provider's page. All of them live in
//! the meters bundle, which the server gives to their addresses; the resident bundle at `/`
//! only links to them.

mod history;
mod pay;
mod payment;
mod receipts;
mod sandbox;

pub use history::HistorySection;
pub use pay::PaySection;
pub use payment::payment_page;
pub use receipts::ReceiptsSection;
pub use sandbox::sandbox_page;

use kabinet_shared::api::billing::PaymentChannel;
use kabinet_shared::money::{DecimalError, Kopecks};

use crate::i18n::{Lang, Text};

/// A service code of the billing system in words: «Отопление», «Горячее водоснабжение»,
/// «Холодное водоснабжение»; an unknown code as it came.
fn service_name(lang: Lang, code: &str) -> String {
    let known = match code {
        "heating" => Some(Text::Heating),
        "hot_water" => Some(Text::ServiceHotWater),
        "cold_water" => Some(Text::ServiceColdWater),
        _ => None,
    };
    known.map_or_else(|| code.to_owned(), |t| lang.text(t).to_owned())
}

/// How a payment came: «Банк», «Касса офиса», «Платёжный агент», «Онлайн в личном кабинете».
fn channel_name(lang: Lang, channel: PaymentChannel) -> &'static str {
    lang.text(match channel {
        PaymentChannel::Bank => Text::ChannelBank,
        PaymentChannel::Office => Text::ChannelOffice,
        PaymentChannel::Agent => Text::ChannelAgent,
        PaymentChannel::Online => Text::ChannelOnline,
    })
}

/// A billed unit (`Gcal`, `m3`) as people write it; another as it came.
fn unit_name(lang: Lang, unit: &str) -> String {
    match unit.to_ascii_lowercase().as_str() {
        "gcal" => lang.text(Text::UnitGcal).to_owned(),
        "m3" => lang.text(Text::UnitM3).to_owned(),
        _ => unit.to_owned(),
    }
}

/// The month `back` months before the current one (the browser's calendar), as `YYYY-MM`.
fn month_back(back: u32) -> String {
    let now = js_sys::Date::new_0();
    let index = (now.get_full_year() * 12 + now.get_month()).saturating_sub(back);
    format!("{:04}-{:02}", index / 12, index % 12 + 1)
}

/// The smallest and the largest amount one payment may be (the server's default limits; a
/// server configured otherwise still has the last word).
const MIN_PAYMENT: Kopecks = Kopecks(100);
const MAX_PAYMENT: Kopecks = Kopecks(50_000_000);

/// An amount as a resident types it — a comma or a point, spaces between thousands — checked
/// with the server's codes: `invalid`, `too_small`, `too_large`.
fn parse_amount(text: &str) -> Result<Kopecks, &'static str> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let cleaned = cleaned.strip_suffix('₽').unwrap_or(&cleaned);
    match Kopecks::parse(cleaned) {
        Ok(amount) if amount < MIN_PAYMENT => Err("too_small"),
        Ok(amount) if amount > MAX_PAYMENT => Err("too_large"),
        Ok(amount) => Ok(amount),
        Err(DecimalError::TooLarge) => Err("too_large"),
        Err(_) => Err("invalid"),
    }
}

/// `url` if it is safe to send the browser to: a path on this site or an http(s) address
/// (never `javascript:`).
fn safe_url(url: &str) -> Option<&str> {
    let local = url.starts_with('/') && !url.starts_with("//");
    (local || url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// Sends the browser to `url` (a full page load: the provider's page, or the return page).
fn go_to(url: &str) {
    if let (Some(url), Some(window)) = (safe_url(url), web_sys::window()) {
        let _ = window.location().assign(url);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(parse_amount("1 234,56"), Ok(Kopecks(123_456)));
        assert_eq!(parse_amount("1234.5"), Ok(Kopecks(123_450)));
        assert_eq!(parse_amount("0,99"), Err("too_small"));
        assert_eq!(parse_amount("500000,01"), Err("too_large"));
        assert_eq!(parse_amount("12,345"), Err("invalid"));
        assert_eq!(parse_amount("-5"), Err("too_small"));
        assert_eq!(parse_amount(""), Err("invalid"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("//evil.example"), None);
        assert_eq!(safe_url("/sandbox/payments/x"), Some("/sandbox/payments/x"));
    }
}

//! How the receipt says things in Russian: months, money (`1 234,56`), quantities, dates,
//! service and channel names.

use chrono::NaiveDate;
use kabinet_shared::api::billing::PaymentChannel;
use kabinet_shared::money::{Kopecks, Quantity};

/// Groups thousands on a printed receipt (a narrow no-break space, as Russian typography asks).
const THOUSANDS: char = '\u{202F}';

const MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// `"2026-10"` → `(2026, 10)`.
pub(super) fn period_parts(period: &str) -> Option<(i32, u32)> {
    let (year, month) = period.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let (year, month): (i32, u32) = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month).then_some((year, month))
}

/// `"2026-10"` → `"октябрь 2026"` (anything else is printed as it is).
pub(super) fn period_name(period: &str) -> String {
    match period_parts(period) {
        Some((year, month)) => {
            let name = usize::try_from(month - 1)
                .ok()
                .and_then(|i| MONTHS.get(i))
                .unwrap_or(&"");
            format!("{name} {year}")
        }
        None => period.to_owned(),
    }
}

/// `1234.56` → `"1 234,56"`, `-5.00` → `"−5,00"`.
pub(super) fn money(amount: Kopecks) -> String {
    let sign = if amount.0 < 0 { "−" } else { "" };
    let abs = amount.0.unsigned_abs();
    format!("{sign}{},{:02}", group(abs / 100), abs % 100)
}

/// A billed quantity without trailing zeros: `1.2340` → `"1,234"`, `12.0000` → `"12"`.
pub(super) fn quantity(value: Quantity) -> String {
    let sign = if value.0 < 0 { "−" } else { "" };
    let abs = value.0.unsigned_abs();
    let frac = format!("{:04}", abs % 10_000);
    let frac = frac.trim_end_matches('0');
    let whole = group(abs / 10_000);
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole},{frac}")
    }
}

fn group(value: u64) -> String {
    let digits = value.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
        .collect();
    groups.join(&THOUSANDS.to_string())
}

/// A decimal as written on the wire, `"1234.567"`, with a decimal comma; other text as it is.
pub(super) fn decimal_text(text: &str) -> String {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = digits.split_once('.').map_or(digits, |(a, _)| a);
    let decimal = !plain.is_empty()
        && digits.bytes().filter(|&b| b == b'.').count() <= 1
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !digits.ends_with('.');
    if decimal {
        text.replacen('.', ",", 1)
    } else {
        text.to_owned()
    }
}

/// `"Gcal"` → `"Гкал"`; unknown units as they are.
pub(super) fn unit(code: &str) -> &str {
    match code {
        "Gcal" | "gcal" => "Гкал",
        "m3" => "м³",
        "m2" => "м²",
        "kWh" | "kwh" => "кВт·ч",
        other => other,
    }
}

/// A service code as residents know it.
pub(super) fn service(code: &str) -> &str {
    match code {
        "heating" => "Отопление",
        "hot_water" => "Горячее водоснабжение",
        "cold_water" => "Холодное водоснабжение",
        other => other,
    }
}

pub(super) fn channel(channel: PaymentChannel) -> &'static str {
    match channel {
        PaymentChannel::Bank => "Через банк",
        PaymentChannel::Office => "В кассе поставщика",
        PaymentChannel::Agent => "Через платёжного агента",
        PaymentChannel::Online => "В личном кабинете",
    }
}

pub(super) fn date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// `"2026-11-10"` or an RFC 3339 time → `"10.11.2026"` (the date as written, no zone shift).
pub(super) fn date_text(text: &str) -> String {
    text.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| text.to_owned(), date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_uses_a_comma() {
        assert_eq!(money(Kopecks(123_456)), "1\u{202F}234,56");
        assert_eq!(money(Kopecks(123_456_789)), "1\u{202F}234\u{202F}567,89");
        assert_eq!(money(Kopecks(5)), "0,05");
        assert_eq!(money(Kopecks(-50_000)), "−500,00");
    }

    #[test]
    fn quantities_drop_trailing_zeros() {
        assert_eq!(quantity(Quantity(12_340)), "1,234");
        assert_eq!(quantity(Quantity(120_000)), "12");
        assert_eq!(quantity(Quantity(123_450_005)), "12\u{202F}345,0005");
    }

    #[test]
    fn decimal_readings_get_a_comma() {
        assert_eq!(decimal_text("1234.567"), "1234,567");
        assert_eq!(decimal_text("45"), "45");
        assert_eq!(decimal_text("1.2.3"), "1.2.3");
        assert_eq!(decimal_text("v1.2"), "v1.2");
    }

    #[test]
    fn periods_are_named_in_the_nominative() {
        assert_eq!(period_name("2026-10"), "октябрь 2026");
        assert_eq!(period_name("2027-01"), "январь 2027");
        assert_eq!(period_name("2026-13"), "2026-13");
        assert_eq!(period_parts("2026-1"), None);
    }

    #[test]
    fn dates_print_day_first() {
        assert_eq!(date_text("2026-11-10T12:30:00+03:00"), "10.11.2026");
        assert_eq!(date_text("garbage"), "garbage");
    }
}

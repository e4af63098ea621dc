//! Dates as people read them: «07.11.2026» in Russian, «7 Nov 2026» in English. The API sends
//! plain dates (`YYYY-MM-DD`) already in the supplier's time zone, so nothing here converts
//! zones.

use crate::i18n::Lang;

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `YYYY-MM-DD` (or the start of an RFC 3339 instant) as a date for `lang`; anything else as
/// it came.
pub fn day(lang: Lang, iso: &str) -> String {
    let parts: Option<(&str, &str, &str)> = iso.get(..10).and_then(|d| {
        let mut it = d.split('-');
        Some((it.next()?, it.next()?, it.next()?))
    });
    let Some((y, m, d)) = parts else {
        return iso.to_owned();
    };
    let month: usize = m.parse().unwrap_or(0);
    match (lang, MONTHS_EN.get(month.wrapping_sub(1))) {
        (Lang::Ru, _) => format!("{d}.{m}.{y}"),
        (Lang::En, Some(name)) => format!("{} {name} {y}", d.trim_start_matches('0')),
        (Lang::En, None) => iso.to_owned(),
    }
}

/// An RFC 3339 instant as the date and `HH:MM` it names (the API sends instants with the
/// supplier's offset, so this is the supplier's local time).
pub fn moment(lang: Lang, rfc3339: &str) -> String {
    match rfc3339.get(11..16) {
        Some(time) => format!("{}, {time}", day(lang, rfc3339)),
        None => rfc3339.to_owned(),
    }
}

#[cfg(any(feature = "meters", feature = "staff"))]
/// A period `YYYY-MM` as people read it: «10.2026» in Russian, «Oct 2026» in English.
pub fn month(lang: Lang, period: &str) -> String {
    match period.split_once('-') {
        Some((y, m)) => {
            let name = m
                .parse::<usize>()
                .ok()
                .and_then(|n| MONTHS_EN.get(n.wrapping_sub(1)));
            match (lang, name) {
                (Lang::En, Some(name)) => format!("{name} {y}"),
                _ => format!("{m}.{y}"),
            }
        }
        None => period.to_owned(),
    }
}

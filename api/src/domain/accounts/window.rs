//! The reading window (Government Decree No. 354: by default the 20th–25th): whether today is
//! inside it and when it opens next. Pure date arithmetic.

use chrono::{Datelike, NaiveDate};

/// Days of the month, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowDays {
    pub start: u32,
    pub end: u32,
}

impl WindowDays {
    /// The default window.
    pub const DEFAULT: Self = Self { start: 20, end: 25 };

    /// Accepts 1 ≤ start ≤ end ≤ 31.
    pub fn new(start: i64, end: i64) -> Option<Self> {
        let (start, end) = (u32::try_from(start).ok()?, u32::try_from(end).ok()?);
        (1 <= start && start <= end && end <= 31).then_some(Self { start, end })
    }

    /// Parses `"20-25"` (configuration).
    pub fn parse(text: &str) -> Option<Self> {
        let (a, b) = text.trim().split_once('-')?;
        Self::new(a.trim().parse().ok()?, b.trim().parse().ok()?)
    }
}

fn last_day(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

/// The window of a given month, clamped to the month's length (a 29–31 window in February
/// ends on its last day).
fn in_month(year: i32, month: u32, w: WindowDays) -> (NaiveDate, NaiveDate) {
    let last = last_day(year, month);
    let start = w.start.min(last);
    let end = w.end.min(last);
    let date = |d| NaiveDate::from_ymd_opt(year, month, d).unwrap_or(NaiveDate::MIN);
    (date(start), date(end))
}

/// `(open today, first day of the current or next window)`.
pub fn state(today: NaiveDate, w: WindowDays) -> (bool, NaiveDate) {
    let (start, end) = in_month(today.year(), today.month(), w);
    if today < start {
        return (false, start);
    }
    if today <= end {
        return (true, start);
    }
    let (ny, nm) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    (false, in_month(ny, nm, w).0)
}

/// The last day of the window that opens on `opens_on`.
pub fn closing(opens_on: NaiveDate, w: WindowDays) -> NaiveDate {
    in_month(opens_on.year(), opens_on.month(), w).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_default_window_is_open_from_the_20th_to_the_25th() {
        let w = WindowDays::DEFAULT;
        assert_eq!(state(d(2026, 11, 19), w), (false, d(2026, 11, 20)));
        assert_eq!(state(d(2026, 11, 20), w), (true, d(2026, 11, 20)));
        assert_eq!(state(d(2026, 11, 25), w), (true, d(2026, 11, 20)));
        assert_eq!(state(d(2026, 11, 26), w), (false, d(2026, 12, 20)));
        assert_eq!(state(d(2026, 12, 31), w), (false, d(2027, 1, 20)));
    }

    #[test]
    fn late_windows_are_clamped_to_short_months() {
        let w = WindowDays::new(29, 31).unwrap_or(WindowDays::DEFAULT);
        assert_eq!(state(d(2026, 2, 28), w), (true, d(2026, 2, 28)));
        assert_eq!(state(d(2026, 1, 31), w), (true, d(2026, 1, 29)));
    }

    #[test]
    fn windows_parse_and_validate() {
        assert_eq!(WindowDays::parse("15-20"), WindowDays::new(15, 20));
        assert_eq!(WindowDays::parse("25-20"), None);
        assert_eq!(WindowDays::parse("0-5"), None);
        assert_eq!(WindowDays::parse("x"), None);
    }
}

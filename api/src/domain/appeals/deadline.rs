//! The service standard: an answer is due a number of working days after filing (default 10),
//! working days being Monday–Friday except the holidays configured
//! (`KABINET_HOLIDAYS`: `MM-DD` every year or `YYYY-MM-DD` once; by default Russia's fixed
//! public holidays). Counted from the supplier's date of filing; the filing day itself is not
//! counted.

use chrono::{Datelike, NaiveDate, Weekday};

/// Russia's fixed non-working holidays (Labour Code art. 112).
pub const RUSSIAN_HOLIDAYS: &str =
    "01-01,01-02,01-03,01-04,01-05,01-06,01-07,01-08,02-23,03-08,05-01,05-09,06-12,11-04";

/// The standard: working days to answer, and the holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standard {
    pub days: u32,
    every_year: Vec<(u32, u32)>,
    once: Vec<NaiveDate>,
}

impl Standard {
    /// Parses the holiday list; `None` names the first entry that is not a date.
    pub fn new(days: u32, holidays: &str) -> Result<Self, String> {
        let mut every_year = Vec::new();
        let mut once = Vec::new();
        for item in holidays.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if let Ok(date) = NaiveDate::parse_from_str(item, "%Y-%m-%d") {
                once.push(date);
                continue;
            }
            let parsed = item.split_once('-').and_then(|(m, d)| {
                let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
                NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
            });
            match parsed {
                Some(md) => every_year.push(md),
                None => return Err(format!("`{item}` is not MM-DD or YYYY-MM-DD")),
            }
        }
        Ok(Self {
            days,
            every_year,
            once,
        })
    }

    /// Whether `day` is a working day.
    pub fn is_working(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.every_year.contains(&(day.month(), day.day()))
            && !self.once.contains(&day)
    }

    /// The date the answer is due for an appeal filed on `filed`.
    pub fn deadline(&self, filed: NaiveDate) -> NaiveDate {
        let mut day = filed;
        let mut left = self.days;
        while left > 0 {
            day = day.succ_opt().unwrap_or(day);
            if self.is_working(day) {
                left -= 1;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn weekends_and_holidays_do_not_count() {
        let standard = Standard::new(10, RUSSIAN_HOLIDAYS).unwrap_or_else(|e| panic!("{e}"));
        // Filed on Friday 2026-11-27: ten working days are Nov 30 – Dec 11.
        assert_eq!(standard.deadline(date(2026, 11, 27)), date(2026, 12, 11));
        // Filed on Monday 2026-11-02: Nov 4 (National Unity Day) is skipped.
        assert_eq!(standard.deadline(date(2026, 11, 2)), date(2026, 11, 17));
        // Filed on 2026-12-30 (Wednesday): Dec 31, then the New Year holidays to Jan 8.
        assert_eq!(standard.deadline(date(2026, 12, 30)), date(2027, 1, 21));
    }

    #[test]
    fn one_off_days_and_bad_entries() {
        let standard = Standard::new(1, "2026-11-30").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(standard.deadline(date(2026, 11, 27)), date(2026, 12, 1));
        assert!(Standard::new(10, "13-01").is_err());
        assert!(Standard::new(10, "soon").is_err());
    }
}

//! The reading rules (Government Decree No. 354 as DESIGN.md summarises it), as pure functions
//! of dates and numbers so their edges are unit-tested: which period a reading counts for, the
//! floor it must not go under, and when a value is unusual enough to need a confirmation.

use chrono::{Datelike, NaiveDate};
use kabinet_shared::reading::{MeterValue, Service};

use crate::domain::accounts::window::{self, WindowDays};

/// Days before the verification date from which the resident is warned.
pub const VERIFICATION_WARNING_DAYS: i64 = 60;

/// How many times the average daily use of the last three periods is still usual.
pub const AVERAGE_FACTOR: i64 = 5;

/// The most a meter may plausibly turn in a day, per service (`KABINET_DAILY_LIMITS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyLimits {
    pub hot_water: MeterValue,
    pub heating: MeterValue,
    pub cold_water: MeterValue,
}

impl DailyLimits {
    /// 2 m³ of hot water, 0.5 Gcal of heat, 3 m³ of cold water a day: several times what a
    /// large flat uses, so only a typo or a fault goes over.
    pub const DEFAULT: Self = Self {
        hot_water: MeterValue(20_000),
        heating: MeterValue(5_000),
        cold_water: MeterValue(30_000),
    };

    /// Parses `hot_water=2,heating=0.5,cold_water=3` (services left out keep their default).
    pub fn parse(text: &str) -> Option<Self> {
        let mut limits = Self::DEFAULT;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=')?;
            let value = MeterValue::parse(value, 4).ok()?;
            match Service::parse(name.trim())? {
                Service::HotWater => limits.hot_water = value,
                Service::Heating => limits.heating = value,
                Service::ColdWater => limits.cold_water = value,
            }
        }
        Some(limits)
    }

    /// The limit of a service.
    pub fn of(&self, service: Service) -> MeterValue {
        match service {
            Service::HotWater => self.hot_water,
            Service::Heating => self.heating,
            Service::ColdWater => self.cold_water,
        }
    }
}

/// `YYYY-MM` of a date.
pub fn period_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The period `months` before `period` (`YYYY-MM`), or `None` for a malformed one.
pub fn months_before(period: &str, months: u32) -> Option<String> {
    let (y, m) = period.split_once('-')?;
    let index = y.parse::<i64>().ok()? * 12 + m.parse::<i64>().ok()? - 1 - i64::from(months);
    Some(format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    ))
}

/// Where the window stands on `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowState {
    pub open: bool,
    /// Days left including today, while open.
    pub days_left: Option<u32>,
    /// First day of the current window if open, else of the next.
    pub opens_on: NaiveDate,
    /// Last day of that window.
    pub closes_on: NaiveDate,
    /// The period a reading sent today counts for: the month of that window.
    pub period: String,
}

/// The window on `today` (the supplier's date). A reading sent outside it waits for the next
/// window's period.
pub fn window_state(today: NaiveDate, days: WindowDays) -> WindowState {
    let (open, opens_on) = window::state(today, days);
    let closes_on = window::closing(opens_on, days);
    let days_left = open
        .then(|| u32::try_from((closes_on - today).num_days() + 1).ok())
        .flatten();
    WindowState {
        open,
        days_left,
        opens_on,
        closes_on,
        period: period_of(opens_on),
    }
}

/// A reading as the rules compare against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub value: MeterValue,
    pub taken_on: NaiveDate,
    pub period: String,
}

/// Why a value needs a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusual {
    /// More per day than the service's limit.
    DailyLimit,
    /// More than five times the average daily use of the last three periods.
    AboveAverage,
    /// The same value as a reading of an earlier period: no use for a whole period.
    ZeroUse,
}

impl Unusual {
    /// The wire name (`details.reason`, `flag_reason`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DailyLimit => "daily_limit",
            Self::AboveAverage => "above_average",
            Self::ZeroUse => "zero_use",
        }
    }
}

/// The numbers behind a verdict, for `details`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub reason: Unusual,
    pub consumption: MeterValue,
    pub days: i64,
    /// The daily limit, or the average daily use, it was compared with.
    pub compared_with: Option<MeterValue>,
}

/// Average daily use between the latest billed reading and the latest billed one at least three
/// periods older (`billed` newest first), as `(consumption, days)`.
pub fn average_use(billed: &[Mark]) -> Option<(MeterValue, i64)> {
    let newest = billed.first()?;
    let horizon = months_before(&newest.period, 3)?;
    let oldest = billed.iter().find(|m| m.period <= horizon)?;
    let days = (newest.taken_on - oldest.taken_on).num_days();
    let used = newest.value.since(oldest.value)?;
    (days > 0 && used.0 > 0).then_some((used, days))
}

/// Whether `value` on `taken_on` (for `period`) is unusual after `floor`.
pub fn unusual(
    value: MeterValue,
    taken_on: NaiveDate,
    period: &str,
    floor: &Mark,
    limit: MeterValue,
    average: Option<(MeterValue, i64)>,
) -> Option<Verdict> {
    let consumption = value.since(floor.value)?;
    let days = (taken_on - floor.taken_on).num_days().max(1);
    let wide = |v: MeterValue| i128::from(v.0);
    if wide(consumption) > wide(limit) * i128::from(days) {
        return Some(Verdict {
            reason: Unusual::DailyLimit,
            consumption,
            days,
            compared_with: Some(limit),
        });
    }
    if let Some((used, over)) = average {
        // consumption / days > 5 × used / over, in integers.
        if wide(consumption) * i128::from(over)
            > i128::from(AVERAGE_FACTOR) * wide(used) * i128::from(days)
        {
            let daily = MeterValue(used.0 / over.max(1));
            return Some(Verdict {
                reason: Unusual::AboveAverage,
                consumption,
                days,
                compared_with: Some(daily),
            });
        }
    }
    // A meter's initial value has no period: a new meter that has not turned is not news.
    if consumption.0 == 0 && !floor.period.is_empty() && floor.period.as_str() < period {
        return Some(Verdict {
            reason: Unusual::ZeroUse,
            consumption,
            days,
            compared_with: None,
        });
    }
    None
}

/// Whether to warn about the verification, and whether it has expired, on `today`.
pub fn verification(due: NaiveDate, today: NaiveDate) -> (bool, bool) {
    let expired = today > due;
    let warning = (due - today).num_days() <= VERIFICATION_WARNING_DAYS;
    (warning, expired)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn mark(value: i64, taken_on: NaiveDate) -> Mark {
        Mark {
            value: MeterValue(value),
            taken_on,
            period: period_of(taken_on),
        }
    }

    #[test]
    fn inside_the_window_a_reading_counts_for_this_month_after_it_for_the_next() {
        let w = WindowDays::DEFAULT;
        let inside = window_state(d(2026, 11, 25), w);
        assert!(inside.open);
        assert_eq!(inside.days_left, Some(1));
        assert_eq!(inside.period, "2026-11");
        let after = window_state(d(2026, 11, 26), w);
        assert!(!after.open);
        assert_eq!(after.period, "2026-12");
        assert_eq!(after.opens_on, d(2026, 12, 20));
        assert_eq!(after.closes_on, d(2026, 12, 25));
        let before = window_state(d(2026, 12, 19), w);
        assert_eq!((before.open, before.period.as_str()), (false, "2026-12"));
        let first = window_state(d(2026, 12, 20), w);
        assert_eq!(first.days_left, Some(6));
    }

    #[test]
    fn periods_count_back_across_years() {
        assert_eq!(months_before("2026-02", 3).as_deref(), Some("2025-11"));
        assert_eq!(months_before("2026-12", 12).as_deref(), Some("2025-12"));
    }

    #[test]
    fn a_jump_over_the_daily_limit_is_unusual() {
        let floor = mark(1_000_000, d(2026, 10, 22));
        let limit = DailyLimits::DEFAULT.hot_water; // 2 m³ a day
                                                    // 30 days, 60 m³: exactly at the limit.
        let at = unusual(
            MeterValue(1_600_000),
            d(2026, 11, 21),
            "2026-11",
            &floor,
            limit,
            None,
        );
        assert_eq!(at, None);
        let over = unusual(
            MeterValue(1_600_001),
            d(2026, 11, 21),
            "2026-11",
            &floor,
            limit,
            None,
        );
        assert_eq!(over.map(|v| v.reason), Some(Unusual::DailyLimit));
    }

    #[test]
    fn five_times_the_average_is_unusual() {
        let billed = [
            mark(1_090_000, d(2026, 10, 22)),
            mark(1_060_000, d(2026, 9, 22)),
            mark(1_030_000, d(2026, 8, 22)),
            mark(1_000_000, d(2026, 7, 22)),
        ];
        let average = average_use(&billed);
        assert_eq!(average, Some((MeterValue(90_000), 92)));
        let floor = billed[0].clone();
        let limit = DailyLimits::DEFAULT.hot_water;
        // ~3 m³ a month is usual; 20 m³ in a month is over 5×.
        let usual = unusual(
            MeterValue(1_130_000),
            d(2026, 11, 21),
            "2026-11",
            &floor,
            limit,
            average,
        );
        assert_eq!(usual, None);
        let jump = unusual(
            MeterValue(1_290_000),
            d(2026, 11, 21),
            "2026-11",
            &floor,
            limit,
            average,
        );
        assert_eq!(jump.map(|v| v.reason), Some(Unusual::AboveAverage));
    }

    #[test]
    fn no_use_over_a_whole_period_is_unusual_but_not_within_one() {
        let floor = mark(1_000_000, d(2026, 10, 22));
        let limit = DailyLimits::DEFAULT.heating;
        let zero = unusual(
            MeterValue(1_000_000),
            d(2026, 11, 21),
            "2026-11",
            &floor,
            limit,
            None,
        );
        assert_eq!(zero.map(|v| v.reason), Some(Unusual::ZeroUse));
        let same = unusual(
            MeterValue(1_000_000),
            d(2026, 10, 23),
            "2026-10",
            &floor,
            limit,
            None,
        );
        assert_eq!(same, None);
    }

    #[test]
    fn the_verification_warning_starts_sixty_days_before() {
        let due = d(2027, 1, 30);
        assert_eq!(verification(due, d(2026, 11, 30)), (false, false));
        assert_eq!(verification(due, d(2026, 12, 1)), (true, false));
        assert_eq!(verification(due, d(2027, 1, 30)), (true, false));
        assert_eq!(verification(due, d(2027, 1, 31)), (true, true));
    }

    #[test]
    fn daily_limits_parse_per_service() {
        let limits = DailyLimits::parse("heating=0.25, cold_water=4");
        assert_eq!(limits.map(|l| l.heating), Some(MeterValue(2_500)));
        assert_eq!(limits.map(|l| l.hot_water), Some(MeterValue(20_000)));
        assert_eq!(DailyLimits::parse("gas=1"), None);
    }
}

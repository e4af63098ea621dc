//! The one clock: the supplier's IANA time zone (`KABINET_TIMEZONE`, default
//! `Asia/Krasnoyarsk`, Кызыл's time) decides what "today" is for every date rule — the reading
//! window, due dates, a code's expiry shown as a date. The database keeps UTC instants and
//! plain dates; rules take `today` (or an instant) as an argument, so they are tested at the
//! edges of a local day without waiting for one.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The supplier's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    zone: Tz,
}

impl Clock {
    /// The default zone: Кызыл (UTC+7 all year).
    pub const DEFAULT_ZONE: &'static str = "Asia/Krasnoyarsk";

    /// A clock in the IANA zone `name` (`None` for an unknown name).
    pub fn in_zone(name: &str) -> Option<Self> {
        name.trim().parse::<Tz>().ok().map(|zone| Self { zone })
    }

    /// The zone's IANA name.
    pub fn zone_name(&self) -> &'static str {
        self.zone.name()
    }

    /// The local date of a UTC instant.
    pub fn date_of(&self, utc: NaiveDateTime) -> NaiveDate {
        self.zone.from_utc_datetime(&utc).date_naive()
    }

    /// The local date now.
    pub fn today(&self) -> NaiveDate {
        self.date_of(Utc::now().naive_utc())
    }

    /// A UTC instant as local time with its offset (RFC 3339), for people.
    pub fn local_rfc3339(&self, utc: NaiveDateTime) -> String {
        let local: DateTime<Tz> = self.zone.from_utc_datetime(&utc);
        local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::accounts::window::{state, WindowDays};

    fn utc(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap_or_default()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_reading_window_follows_kyzyl_midnight_not_utc() {
        let kyzyl = Clock::in_zone(Clock::DEFAULT_ZONE).unwrap_or(Clock { zone: Tz::UTC });
        let w = WindowDays::DEFAULT;
        let open = |instant: &str| state(kyzyl.date_of(utc(instant)), w).0;
        // 23:59:59 local on the 19th is 16:59:59 UTC: still closed.
        assert!(!open("2026-11-19 16:59:59"));
        // 00:00 local on the 20th is 17:00 UTC on the 19th: open.
        assert!(open("2026-11-19 17:00:00"));
        // In UTC the window would only open at 07:00 local on the 20th.
        assert!(open("2026-11-19 23:59:59"));
        // 23:59:59 local on the 25th: still open; 00:00 local on the 26th: closed.
        assert!(open("2026-11-25 16:59:59"));
        assert!(!open("2026-11-25 17:00:00"));
        assert_eq!(kyzyl.date_of(utc("2026-11-25 17:00:00")), d(2026, 11, 26));
    }

    #[test]
    fn zones_are_named_by_iana_and_unknown_names_refused() {
        assert_eq!(
            Clock::in_zone("Europe/Moscow").map(|c| c.zone_name()),
            Some("Europe/Moscow")
        );
        assert!(Clock::in_zone("Mars/Olympus").is_none());
        let msk = Clock::in_zone("Europe/Moscow").unwrap_or(Clock { zone: Tz::UTC });
        assert_eq!(
            msk.local_rfc3339(utc("2026-11-25 09:00:00")),
            "2026-11-25T12:00:00+03:00"
        );
    }
}

//! The one clock: the supplier's IANA time zone (`KABINET_TIMEZONE`, default
//! `Asia/Krasnoyarsk`, Кызыл's time) decides what "today" is for every date rule — the reading
//! window, due dates, a code's expiry shown as a date. The database keeps UTC instants and
//! plain dates; rules take `today` (or an instant) as an argument, so they are tested at the
//! edges of a local day without waiting for one.

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The clock instants on the wire are written in, set once at start (`serve`).
static SHOWN: OnceLock<Clock> = OnceLock::new();

/// An instant as the API writes it: RFC 3339 with the supplier's offset
/// (`2026-11-25T09:00:00+07:00`), so a time shown to a person is the supplier's local time with
/// no conversion in the client; before start-up chose the zone (unit tests, the CLI), UTC.
pub fn shown(at: NaiveDateTime) -> String {
    SHOWN.get().map_or_else(
        || crate::db::time::rfc3339(at),
        |clock| clock.local_rfc3339(at),
    )
}

/// The supplier's clock as chosen at start (before that — unit tests, the CLI — the default
/// zone), for rules that have no request context at hand (an uploaded payment's local date).
pub fn supplier() -> Clock {
    SHOWN.get().copied().unwrap_or(Clock {
        zone: chrono_tz::Asia::Krasnoyarsk,
    })
}

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

    /// Makes this the clock every instant on the wire is written in (see [`shown`]); the
    /// first call wins, as one process serves one supplier.
    pub fn show_instants(self) {
        let _ = SHOWN.set(self);
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

    /// The UTC instant at which the local day `date` begins (the earliest midnight, should a
    /// zone ever skip or repeat one).
    pub fn start_of(&self, date: NaiveDate) -> NaiveDateTime {
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        // A zone that skips midnight that day (a DST jump) starts it an hour later.
        [midnight, midnight + chrono::Duration::hours(1)]
            .into_iter()
            .find_map(|t| self.zone.from_local_datetime(&t).earliest())
            .map_or(midnight, |local| local.naive_utc())
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

    #[test]
    fn a_local_day_starts_at_local_midnight() {
        let kyzyl = Clock::in_zone("Asia/Krasnoyarsk").unwrap_or_else(|| unreachable!());
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        // 00:00 in Кызыл (UTC+7) is 17:00 UTC the evening before.
        assert_eq!(
            kyzyl.start_of(day).to_string(),
            "2026-11-19 17:00:00",
            "the day begins at local midnight"
        );
        let utc = Clock::in_zone("UTC").unwrap_or_else(|| unreachable!());
        assert_eq!(utc.start_of(day).to_string(), "2026-11-20 00:00:00");
    }
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

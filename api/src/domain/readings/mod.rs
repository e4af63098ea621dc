//! «Данные счётчиков»: meters and tariffs from the billing system, readings from residents (and
//! operators, personal tokens, the billing system), the rules they pass, the resident's view,
//! the export back to billing and the operator's review.

pub mod bulk;
pub mod exchange;
pub mod rules;
pub mod submit;
pub mod view;

use chrono::NaiveDate;
use kabinet_shared::api::meters::{Reading as ReadingDto, ReadingSource, ReadingStatus};
use kabinet_shared::money::DecimalError;
use kabinet_shared::reading::{MeterValue, Service};
use kabinet_shared::ErrorCode;

use crate::db::models::account::Account;
use crate::db::models::meter::Meter;
use crate::db::models::reading::Reading;
use crate::db::models::{account, reading};
use crate::db::DbConnection;
use crate::domain::accounts::window::WindowDays;
use crate::domain::error::DomainError;
use rules::{DailyLimits, Mark};

/// What every reading rule needs besides the data: the supplier's today and the defaults.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub today: NaiveDate,
    pub default_window: WindowDays,
    pub limits: DailyLimits,
}

impl Context {
    /// The window of an account's house (its own, or the default).
    pub fn window_of(
        &self,
        conn: &mut DbConnection,
        a: &Account,
    ) -> Result<WindowDays, DomainError> {
        Ok(account::house_window(conn, a.house_id)?
            .and_then(|(s, e)| WindowDays::new(i64::from(s), i64::from(e)))
            .unwrap_or(self.default_window))
    }
}

/// How many recent readings of a meter the rules and the view look at (two years and more of
/// monthly readings; superseded ones are not counted).
const RECENT: i64 = 120;

/// A meter's readings that the rules and views need, newest first.
pub struct Track {
    /// Non-superseded readings, newest first.
    pub readings: Vec<Reading>,
}

impl Track {
    /// Loads the tracks of several meters in one query.
    pub fn load(conn: &mut DbConnection, meters: &[&Meter]) -> Result<Vec<Track>, DomainError> {
        let ids: Vec<i64> = meters.iter().map(|m| m.id).collect();
        let limit = RECENT * i64::try_from(ids.len().max(1)).unwrap_or(1);
        let all = reading::recent(conn, &ids, limit)?;
        Ok(meters
            .iter()
            .map(|m| Track {
                readings: all.iter().filter(|r| r.meter_id == m.id).cloned().collect(),
            })
            .collect())
    }

    /// The latest billed reading.
    pub fn last_billed(&self) -> Option<&Reading> {
        self.readings.iter().find(|r| r.status == "billed")
    }

    /// The latest reading (not superseded; rejected ones included, so the resident sees why).
    pub fn current(&self) -> Option<&Reading> {
        self.readings.first()
    }

    /// The reading a new one for `period` must not go under: the highest billed or received
    /// reading that the new one will not supersede, else the meter's initial value.
    pub fn floor(&self, meter: &Meter, period: &str) -> Option<Mark> {
        let kept = self
            .readings
            .iter()
            .filter(|r| r.status == "billed" || (r.status == "received" && r.period != period))
            .max_by_key(|r| (r.value, r.seq));
        match kept {
            Some(r) => Some(mark(r)),
            None => meter.initial_value.map(|v| Mark {
                value: MeterValue(v),
                taken_on: meter.installed_on.unwrap_or(NaiveDate::MIN),
                period: String::new(),
            }),
        }
    }

    /// Billed readings as marks, newest first.
    pub fn billed_marks(&self) -> Vec<Mark> {
        self.readings
            .iter()
            .filter(|r| r.status == "billed")
            .map(mark)
            .collect()
    }
}

/// A typed value for a meter with `decimals` places: 422 `too_precise` (with the meter's
/// `decimals`) for more places, 400 on `field` for anything that is not a number.
pub fn parse_value(text: &str, decimals: u8, field: &str) -> Result<MeterValue, DomainError> {
    MeterValue::parse(text, decimals).map_err(|err| match err {
        DecimalError::TooPrecise => {
            refused(ErrorCode::TooPrecise, [("decimals", decimals.to_string())])
        }
        other => DomainError::field(
            field,
            other.code(),
            "value must be a decimal number such as 123.456",
        ),
    })
}

/// 422 `below_previous` (with the reading it may not go under) when `value` is under `floor`.
pub fn not_below(value: MeterValue, floor: Option<&Mark>, decimals: u8) -> Result<(), DomainError> {
    match floor {
        Some(f) if value < f.value => Err(refused(
            ErrorCode::BelowPrevious,
            [
                ("previous", f.value.format(decimals)),
                ("previous_taken_on", f.taken_on.to_string()),
                ("value", value.format(decimals)),
            ],
        )),
        _ => Ok(()),
    }
}

/// A business-rule refusal with its numbers.
pub fn refused<const N: usize>(code: ErrorCode, details: [(&str, String); N]) -> DomainError {
    DomainError::Refused {
        code,
        details: details
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    }
}

/// Splits a page fetched with `limit + 1` rows: the first `limit`, and the cursor (`key` of the
/// last kept row) when there is more.
pub fn split_page<T>(
    mut rows: Vec<T>,
    limit: i64,
    key: impl Fn(&T) -> i64,
) -> (Vec<T>, Option<i64>) {
    let keep = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > keep;
    rows.truncate(keep);
    let next = if more { rows.last().map(key) } else { None };
    (rows, next)
}

/// A stored reading as a rule mark.
pub fn mark(r: &Reading) -> Mark {
    Mark {
        value: MeterValue(r.value),
        taken_on: r.taken_on,
        period: r.period.clone(),
    }
}

/// The service of a stored meter.
pub fn service_of(meter: &Meter) -> Result<Service, DomainError> {
    Service::parse(&meter.service).ok_or_else(|| {
        DomainError::Internal(format!("meter {} has service {}", meter.id, meter.service))
    })
}

/// A stored reading on the wire.
pub fn reading_dto(r: &Reading, meter: &Meter) -> ReadingDto {
    ReadingDto {
        id: r.id,
        number: r.number.clone(),
        meter_id: meter.external_id.clone(),
        value: MeterValue(r.value).format(meter.decimals()),
        taken_on: r.taken_on.to_string(),
        period: r.period.clone(),
        in_window: r.in_window,
        status: status_of(&r.status),
        source: source_of(&r.source),
        flagged: r.flagged,
    }
}

/// A stored status (unknown ones read as received).
pub fn status_of(stored: &str) -> ReadingStatus {
    ReadingStatus::parse(stored).unwrap_or(ReadingStatus::Received)
}

/// A stored source (unknown ones read as the integrator's).
pub fn source_of(stored: &str) -> ReadingSource {
    ReadingSource::parse(stored).unwrap_or(ReadingSource::Integrator)
}

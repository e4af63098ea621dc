//! Submitting readings: one meter, or every meter of an account in one form (all or nothing).
//! Checks in the order a person can fix them — the meter, its verification, the number, the
//! date, the floor, then whether the value is unusual — and saves in one transaction: the
//! meter row is locked, earlier unbilled readings of the same period are superseded (they stay
//! in history), and the new reading takes the next export number last, just before commit.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use kabinet_shared::api::meters::{
    Reading as ReadingDto, ReadingEntry, ReadingSource, SubmitReading,
};
use kabinet_shared::reading::MeterValue;
use kabinet_shared::ErrorCode;

use super::rules::{self, Verdict};
use super::{reading_dto, refused, service_of, Context, Track};
use crate::db::models::account::Account;
use crate::db::models::meter::{self, Meter};
use crate::db::models::reading::{self, NewReading};
use crate::db::DbConnection;
use crate::domain::error::DomainError;

/// Readings one resident (with their personal tokens) may submit in an hour: a family with
/// several accounts correcting a few typos stays far below it; a script gone wrong cannot fill
/// the database. Operators entering readings from the phone are not limited.
pub const HOURLY_LIMIT: i64 = 60;

/// Who is submitting.
#[derive(Debug, Clone, Copy)]
pub struct Submitter {
    pub source: ReadingSource,
    /// The resident, operator or token owner.
    pub user_id: Option<i64>,
}

/// A submission: the readings, the day they were taken, and whether unusual values are
/// confirmed.
pub struct Submission<'a> {
    pub entries: &'a [ReadingEntry],
    pub taken_on: Option<&'a str>,
    pub confirm_unusual: bool,
}

/// A refusal about one entry of the form.
fn refuse(
    code: ErrorCode,
    index: usize,
    meter_id: &str,
    mut details: BTreeMap<String, String>,
) -> DomainError {
    details.insert("meter_id".into(), meter_id.to_owned());
    details.insert("index".into(), index.to_string());
    DomainError::Refused { code, details }
}

/// Names the entry of the form a refusal is about.
fn at(err: DomainError, index: usize, meter_id: &str) -> DomainError {
    match err {
        DomainError::Refused { code, details } => refuse(code, index, meter_id, details),
        other => other,
    }
}

/// The day the readings were taken: today unless given, never in the future.
fn taken_on(text: Option<&str>, today: NaiveDate) -> Result<NaiveDate, DomainError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(today);
    };
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| DomainError::field("taken_on", "invalid", "taken_on must be YYYY-MM-DD"))?;
    if day > today {
        return Err(refused(
            ErrorCode::FutureDate,
            [("today", today.to_string())],
        ));
    }
    Ok(day)
}

/// One entry checked: the value, and why it is unusual if it is.
struct Checked<'m> {
    meter: &'m Meter,
    value: MeterValue,
    unusual: Option<Verdict>,
}

#[allow(clippy::too_many_arguments)]
fn check<'m>(
    index: usize,
    entry: &ReadingEntry,
    meter: &'m Meter,
    track: &Track,
    day: NaiveDate,
    period: &str,
    ctx: &Context,
) -> Result<Checked<'m>, DomainError> {
    let id = meter.external_id.as_str();
    let field = format!("readings[{index}].value");
    if meter.status != "active" {
        return Err(at(refused(ErrorCode::MeterRemoved, []), index, id));
    }
    let (_, expired) = rules::verification(meter.verification_due, ctx.today);
    if expired {
        let due = ("verification_due", meter.verification_due.to_string());
        return Err(at(
            refused(ErrorCode::VerificationExpired, [due]),
            index,
            id,
        ));
    }
    let decimals = meter.decimals();
    let value = super::parse_value(&entry.value, decimals, &field).map_err(|e| at(e, index, id))?;
    let floor = track.floor(meter, period);
    super::not_below(value, floor.as_ref(), decimals).map_err(|e| at(e, index, id))?;
    // A reading cannot be older than the one it must not go under (or the meter's installation).
    if let Some(f) = floor.as_ref().filter(|f| day < f.taken_on) {
        return Err(DomainError::field(
            "taken_on",
            "before_previous",
            format!(
                "taken_on must not be before {}, the date of the previous reading",
                f.taken_on
            ),
        ));
    }
    let unusual = match &floor {
        Some(floor) if !floor.period.is_empty() || floor.taken_on > NaiveDate::MIN => {
            let limit = ctx.limits.of(service_of(meter)?);
            let average = rules::average_use(&track.billed_marks());
            rules::unusual(value, day, period, floor, limit, average)
        }
        _ => None,
    };
    Ok(Checked {
        meter,
        value,
        unusual,
    })
}

/// The details of `needs_confirmation`: the reason and the numbers, in the meter's decimals.
fn confirmation_details(c: &Checked<'_>, track: &Track, period: &str) -> BTreeMap<String, String> {
    let mut d = BTreeMap::new();
    let decimals = c.meter.decimals();
    if let Some(v) = &c.unusual {
        d.insert("reason".into(), v.reason.as_str().into());
        d.insert("consumption".into(), v.consumption.format(decimals));
        d.insert("days".into(), v.days.to_string());
        if let Some(limit) = v.compared_with {
            d.insert("limit".into(), limit.format(4));
        }
    }
    if let Some(floor) = track.floor(c.meter, period) {
        d.insert("previous".into(), floor.value.format(decimals));
    }
    d.insert("value".into(), c.value.format(decimals));
    d
}

/// Saves one meter's reading (`POST …/meters/{id}/readings`, and the office's entry).
pub fn submit_one(
    conn: &mut DbConnection,
    account: &Account,
    meter_id: String,
    body: SubmitReading,
    who: Submitter,
    ctx: &Context,
) -> Result<ReadingDto, DomainError> {
    let entries = [ReadingEntry {
        meter_id,
        value: body.value,
    }];
    let submission = Submission {
        entries: &entries,
        taken_on: body.taken_on.as_deref(),
        confirm_unusual: body.confirm_unusual,
    };
    submit(conn, account, &submission, who, ctx)?
        .pop()
        .ok_or_else(|| DomainError::Internal("nothing saved".into()))
}

/// Saves the readings of one account: all or none. The caller holds the transaction.
pub fn submit(
    conn: &mut DbConnection,
    account: &Account,
    submission: &Submission<'_>,
    who: Submitter,
    ctx: &Context,
) -> Result<Vec<ReadingDto>, DomainError> {
    if submission.entries.is_empty() {
        return Err(DomainError::field(
            "readings",
            "required",
            "send at least one reading",
        ));
    }
    if submission.entries.len() > 20 {
        return Err(DomainError::field(
            "readings",
            "too_many",
            "at most 20 readings at once",
        ));
    }
    if matches!(
        who.source,
        ReadingSource::Resident | ReadingSource::PersonalToken
    ) {
        if let Some(user_id) = who.user_id {
            let since = crate::db::time::now() - chrono::Duration::hours(1);
            let recent = reading::submitted_since(conn, user_id, since)?;
            if recent + i64::try_from(submission.entries.len()).unwrap_or(0) > HOURLY_LIMIT {
                return Err(DomainError::Throttled {
                    retry_after_secs: 600,
                });
            }
        }
    }
    let day = taken_on(submission.taken_on, ctx.today)?;
    let window = rules::window_state(ctx.today, ctx.window_of(conn, account)?);
    let mut meters = Vec::with_capacity(submission.entries.len());
    for (index, entry) in submission.entries.iter().enumerate() {
        if submission.entries[..index]
            .iter()
            .any(|e| e.meter_id == entry.meter_id)
        {
            return Err(DomainError::field(
                &format!("readings[{index}].meter_id"),
                "duplicate",
                "one reading per meter",
            ));
        }
        let found = meter::find_on_account(conn, account.id, entry.meter_id.trim())?
            .ok_or(DomainError::NOT_FOUND)?;
        meters.push(found);
    }
    // Locks are taken in id order, so two forms naming the same meters cannot deadlock.
    let mut ids: Vec<i64> = meters.iter().map(|m| m.id).collect();
    ids.sort_unstable();
    for id in ids {
        meter::lock(conn, id)?;
    }
    let refs: Vec<&Meter> = meters.iter().collect();
    let tracks = Track::load(conn, &refs)?;
    let mut checked = Vec::with_capacity(meters.len());
    for (index, ((entry, meter), track)) in submission
        .entries
        .iter()
        .zip(&meters)
        .zip(&tracks)
        .enumerate()
    {
        checked.push(check(index, entry, meter, track, day, &window.period, ctx)?);
    }
    if !submission.confirm_unusual {
        let mut odd = checked
            .iter()
            .enumerate()
            .filter(|(_, c)| c.unusual.is_some());
        if let Some((index, first)) = odd.next() {
            let mut details = confirmation_details(first, &tracks[index], &window.period);
            let others: Vec<String> = odd.map(|(_, c)| c.meter.external_id.clone()).collect();
            if !others.is_empty() {
                details.insert("also".into(), others.join(","));
            }
            return Err(refuse(
                ErrorCode::NeedsConfirmation,
                index,
                &first.meter.external_id,
                details,
            ));
        }
    }
    let mut saved = Vec::with_capacity(checked.len());
    for c in &checked {
        reading::supersede(conn, c.meter.id, &window.period)?;
        let stored = reading::insert(
            conn,
            &NewReading {
                meter_id: c.meter.id,
                account_id: account.id,
                value: c.value.0,
                taken_on: day,
                period: &window.period,
                in_window: window.open,
                source: who.source.as_str(),
                status: "received",
                flag_reason: c.unusual.as_ref().map(|v| v.reason.as_str()),
                submitted_by: who.user_id,
                client_id: None,
            },
        )?;
        saved.push(reading_dto(&stored, c.meter));
    }
    Ok(saved)
}

//! The billing system's side of readings — the export in a stable order and the «billed» marks
//! that lock readings — and the operator's: flagged readings to review and rejection with a
//! reason the resident sees.

use kabinet_shared::api::integration::{BulkResult, RowError};
use kabinet_shared::api::meters::{BilledRef, ExportedReading, FlaggedReading};
use kabinet_shared::reading::{MeterValue, Service};
use kabinet_shared::ErrorCode;

use super::{source_of, status_of};
use crate::db::models::meter::decimals;
use crate::db::models::reading::{self, Located};
use crate::db::DbConnection;
use crate::domain::audit::{audit, Target};
use crate::domain::clock::shown;
use crate::domain::error::DomainError;
use crate::domain::staff::StaffActor;

/// One page of the export after the cursor (the last `(txid, seq)` handed out): only readings
/// whose transactions have finished, so a cursor never passes a reading still to appear (see
/// `db::models::reading`).
pub fn export(
    conn: &mut DbConnection,
    after: (i64, i64),
    limit: i64,
) -> Result<(Vec<ExportedReading>, (i64, i64)), DomainError> {
    let rows = reading::export(conn, after, limit)?;
    // The cursor is always given back, even on a short page: a poller resumes from it later.
    let next = rows.last().map_or(after, |(r, ..)| (r.txid, r.seq));
    let items = rows
        .into_iter()
        .map(|(r, account, meter_id, _, places)| ExportedReading {
            id: r.id,
            number: r.number,
            account,
            meter_id,
            value: MeterValue(r.value).format(decimals(places)),
            taken_on: r.taken_on.to_string(),
            submitted_at: shown(r.submitted_at),
            period: r.period,
            source: source_of(&r.source),
            status: status_of(&r.status),
            flagged: r.flagged,
        })
        .collect();
    Ok((items, next))
}

fn valid_period(period: &str) -> bool {
    chrono::NaiveDate::parse_from_str(&format!("{period}-01"), "%Y-%m-%d").is_ok()
        && period.len() == 7
}

/// Marks readings billed for a period (then they are locked). Unknown ids, rejected readings
/// and a second, different period are reported per line; marking again changes nothing.
pub fn billed(conn: &mut DbConnection, refs: &[BilledRef]) -> Result<BulkResult, DomainError> {
    if refs.len() > 10_000 {
        return Err(DomainError::field(
            "readings",
            "too_many_rows",
            "at most 10 000 readings at once",
        ));
    }
    let ids: Vec<i64> = refs.iter().map(|r| r.id).collect();
    let mut result = BulkResult::default();
    conn.transaction(|conn| {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            found.extend(reading::find_many(conn, chunk)?);
        }
        for (index, wanted) in refs.iter().enumerate() {
            let line = u64::try_from(index).unwrap_or(0) + 1;
            let reject = |result: &mut BulkResult, reason: &str| {
                result.add_error(RowError {
                    line,
                    reason: reason.into(),
                })
            };
            if !valid_period(wanted.period.trim()) {
                reject(&mut result, "period: must be YYYY-MM");
                continue;
            }
            let Some(r) = found.iter().find(|r| r.id == wanted.id) else {
                reject(&mut result, "id: no such reading");
                continue;
            };
            match r.status.as_str() {
                "billed" if r.period == wanted.period.trim() => result.unchanged += 1,
                "billed" => reject(&mut result, "id: already billed for another period"),
                "rejected" => reject(&mut result, "id: the reading was rejected"),
                _ => {
                    if reading::set_status(
                        conn,
                        r.id,
                        &["received", "superseded"],
                        "billed",
                        wanted.period.trim(),
                        None,
                    )? {
                        result.updated += 1;
                    } else {
                        reject(&mut result, "id: changed meanwhile; send it again");
                    }
                }
            }
        }
        Ok::<_, DomainError>(())
    })?;
    Ok(result)
}

fn flagged_dto((r, account, meter_id, service, places): Located) -> FlaggedReading {
    FlaggedReading {
        id: r.id,
        number: r.number,
        account,
        meter_id,
        service: Service::parse(&service).unwrap_or(Service::HotWater),
        value: MeterValue(r.value).format(decimals(places)),
        previous: None,
        taken_on: r.taken_on.to_string(),
        period: r.period,
        status: status_of(&r.status),
        flag_reason: r.flag_reason.unwrap_or_default(),
        submitted_at: shown(r.submitted_at),
    }
}

/// Flagged readings waiting for a look, newest first.
pub fn flagged(
    conn: &mut DbConnection,
    cursor: Option<i64>,
    limit: i64,
) -> Result<(Vec<FlaggedReading>, Option<i64>), DomainError> {
    let rows = reading::flagged(conn, cursor, limit + 1)?;
    let (rows, next) = super::split_page(rows, limit, |(r, ..)| r.seq);
    Ok((rows.into_iter().map(flagged_dto).collect(), next))
}

/// Rejects a reading with a reason the resident sees (audited). A billed reading is locked.
pub fn reject(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    by: StaffActor<'_>,
    id: i64,
    reason: &str,
) -> Result<(), DomainError> {
    let reason = kabinet_shared::validate::plain_text(reason, 500).map_err(|code| {
        DomainError::field("reason", code, "give the reason the resident will read")
    })?;
    conn.transaction(|conn| {
        let r = reading::find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
        match r.status.as_str() {
            "billed" => return Err(ErrorCode::ReadingLocked.into()),
            "received" => {}
            _ => return Err(DomainError::Rule(ErrorCode::Conflict)),
        }
        if !reading::set_status(
            conn,
            id,
            &["received"],
            "rejected",
            &r.period,
            Some(&reason),
        )? {
            return Err(DomainError::Rule(ErrorCode::Conflict));
        }
        audit(
            conn,
            by.actor(),
            "reading.rejected",
            Target::Reading(&r.number),
            by.ip,
            Some(format!("account_id={} reason={reason}", r.account_id)),
        )?;
        // The resident who sent it is told; a reading from elsewhere concerns everyone linked.
        let notice = crate::domain::notices::Notice::ReadingRejected {
            account: crate::db::models::account::number_of(conn, r.account_id)?,
            number: r.number.clone(),
            reason: reason.clone(),
        };
        match r.submitted_by {
            Some(user_id) => crate::domain::notices::notify(conn, notifier, user_id, &notice)?,
            None => crate::domain::notices::notify_account(conn, notifier, r.account_id, &notice)?,
        };
        Ok(())
    })
}

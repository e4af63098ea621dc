//! Notices nobody's request causes, raised by a job on the supplier's date: the reading window
//! opened; it closes in two days and no reading came for the account this period; a meter's
//! verification is due in 60 or 30 days; a new month's charges (receipt) arrived for a linked
//! account; a new version of the Rules was published (told to every resident who has not
//! accepted it, a batch per round). `notice_log` records each (user, event, subject) once
//! — the log row and the outbox rows commit together — so a second tick, a restart or a second
//! node never sends it again, and a server that was down on the day sends it late rather than
//! never.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate};
use diesel::prelude::*;
use kabinet_shared::api::notices::NoticeEvent;

use super::{notify, Notice, Notifier};
use crate::db::models::notice;
use crate::db::schema::{
    account_links, accounts, charges, houses, meters, notice_log, readings, users,
};
use crate::db::DbConnection;
use crate::domain::accounts::window::WindowDays;
use crate::domain::error::DomainError;
use crate::domain::readings::rules::window_state;

/// Days before the window closes when the reminder goes.
const CLOSING_REMINDER_DAYS: i64 = 2;
/// Verification reminders: days before the due date.
const VERIFICATION_REMINDERS: [i64; 2] = [60, 30];

/// One round for the supplier's `today`; returns the messages queued.
pub fn run(
    conn: &mut DbConnection,
    notifier: &Notifier,
    today: NaiveDate,
    default_window: WindowDays,
) -> Result<usize, DomainError> {
    Ok(windows(conn, notifier, today, default_window)?
        + verification(conn, notifier, today)?
        + receipts(conn, notifier, today)?
        + rules_published(conn, notifier)?)
}

/// Residents told of a new Rules version per round: the fan-out to every resident goes in
/// bounded transactions, resumed by the next round (and by any node) where it stopped.
const RULES_BATCH: i64 = 500;

/// A new version of the Rules: every resident who has not accepted it yet.
fn rules_published(conn: &mut DbConnection, notifier: &Notifier) -> Result<usize, DomainError> {
    let version = crate::db::models::rules::current_version(conn)?;
    if version <= 1 {
        return Ok(0); // the first version is the one everyone registered under
    }
    let key = format!("v{version}");
    let told = notice_log::table
        .filter(notice_log::user_id.eq(users::id))
        .filter(notice_log::event.eq(NoticeEvent::RulesPublished.as_str()))
        .filter(notice_log::subject_key.eq(key.clone()));
    let pending: Vec<i64> = crate::with_conn!(conn, |c| users::table
        .filter(users::role.eq("resident"))
        .filter(users::blocked_at.is_null())
        .filter(
            users::rules_version
                .lt(version)
                .or(users::rules_version.is_null())
        )
        .filter(diesel::dsl::not(diesel::dsl::exists(told)))
        .order(users::id)
        .limit(RULES_BATCH)
        .select(users::id)
        .load(c))?;
    let notice = Notice::RulesPublished { version };
    let mut queued = 0;
    for user_id in pending {
        queued += once(conn, notifier, user_id, &key, &notice)?;
    }
    Ok(queued)
}

/// A new month's charges (a receipt) for a linked account: the latest period with charges,
/// this month's or last month's, once per user, account and period.
fn receipts(
    conn: &mut DbConnection,
    notifier: &Notifier,
    today: NaiveDate,
) -> Result<usize, DomainError> {
    let this_month = today.format("%Y-%m").to_string();
    let last_month = (today.with_day0(0).unwrap_or(today) - Duration::days(1))
        .format("%Y-%m")
        .to_string();
    let latest: Vec<(i64, String, Option<String>)> =
        crate::with_conn!(conn, |c| account_links::table
            .inner_join(accounts::table.inner_join(charges::table))
            .filter(account_links::unlinked_at.is_null())
            .filter(charges::period.ge(&last_month))
            .group_by((account_links::user_id, accounts::number))
            .select((
                account_links::user_id,
                accounts::number,
                diesel::dsl::max(charges::period),
            ))
            .load(c))?;
    let sent = logged(
        conn,
        NoticeEvent::ReceiptAvailable,
        today - Duration::days(62),
    )?;
    let mut queued = 0;
    for (user_id, account, period) in latest {
        let Some(period) = period.filter(|p| *p == this_month || *p == last_month) else {
            continue;
        };
        let key = format!("{period}:{account}");
        if sent.contains(&(user_id, key.clone())) {
            continue;
        }
        let notice = Notice::ReceiptAvailable { account, period };
        queued += once(conn, notifier, user_id, &key, &notice)?;
    }
    Ok(queued)
}

/// Keys already logged for `event` since `since` (one query instead of one per candidate).
fn logged(
    conn: &mut DbConnection,
    event: NoticeEvent,
    since: NaiveDate,
) -> Result<HashSet<(i64, String)>, DomainError> {
    let from = since.and_time(chrono::NaiveTime::MIN) - Duration::days(1);
    let rows: Vec<(i64, String)> = crate::with_conn!(conn, |c| notice_log::table
        .filter(notice_log::event.eq(event.as_str()))
        .filter(notice_log::created_at.ge(from))
        .select((notice_log::user_id, notice_log::subject_key))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

/// Sends `notice` to `user_id` once per `key`, the log row and the messages in one transaction.
fn once(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user_id: i64,
    key: &str,
    notice: &Notice,
) -> Result<usize, DomainError> {
    conn.transaction(|conn| {
        if notice::first_time(conn, user_id, notice.event().as_str(), key)? {
            notify(conn, notifier, user_id, notice)
        } else {
            Ok(0)
        }
    })
}

type Linked = (i64, i64, String, Option<i32>, Option<i32>);

fn windows(
    conn: &mut DbConnection,
    notifier: &Notifier,
    today: NaiveDate,
    default_window: WindowDays,
) -> Result<usize, DomainError> {
    let linked: Vec<Linked> = crate::with_conn!(conn, |c| account_links::table
        .inner_join(accounts::table.left_join(houses::table))
        .filter(account_links::unlinked_at.is_null())
        .select((
            account_links::user_id,
            accounts::id,
            accounts::number,
            houses::reading_window_start.nullable(),
            houses::reading_window_end.nullable(),
        ))
        .load(c))?;
    let month_start = today.with_day0(0).unwrap_or(today);
    let opened = logged(conn, NoticeEvent::ReadingWindowOpen, month_start)?;
    let closing = logged(conn, NoticeEvent::ReadingWindowClosing, month_start)?;
    let mut queued = 0;
    for (user_id, account_id, number, start, end) in linked {
        let days = match (start, end) {
            (Some(s), Some(e)) => WindowDays::new(i64::from(s), i64::from(e)),
            _ => None,
        }
        .unwrap_or(default_window);
        let state = window_state(today, days);
        if !state.open {
            continue;
        }
        let key = format!("{}:{number}", state.period);
        if !opened.contains(&(user_id, key.clone())) {
            let notice = Notice::ReadingWindowOpen {
                account: number.clone(),
                closes_on: state.closes_on,
            };
            queued += once(conn, notifier, user_id, &key, &notice)?;
        }
        let near_end = (state.closes_on - today).num_days() <= CLOSING_REMINDER_DAYS;
        if near_end && !closing.contains(&(user_id, key.clone())) {
            let submitted: i64 = crate::with_conn!(conn, |c| readings::table
                .filter(readings::account_id.eq(account_id))
                .filter(readings::period.eq(&state.period))
                .filter(readings::status.ne("rejected"))
                .count()
                .get_result(c))?;
            if submitted == 0 {
                let notice = Notice::ReadingWindowClosing {
                    account: number.clone(),
                    closes_on: state.closes_on,
                };
                queued += once(conn, notifier, user_id, &key, &notice)?;
            }
        }
    }
    Ok(queued)
}

type Due = (i64, i64, String, String, NaiveDate);

fn verification(
    conn: &mut DbConnection,
    notifier: &Notifier,
    today: NaiveDate,
) -> Result<usize, DomainError> {
    let horizon = today + Duration::days(VERIFICATION_REMINDERS[0]);
    let due: Vec<Due> = crate::with_conn!(conn, |c| meters::table
        .inner_join(accounts::table.inner_join(account_links::table))
        .filter(account_links::unlinked_at.is_null())
        .filter(meters::removed_on.is_null())
        .filter(meters::verification_due.gt(today))
        .filter(meters::verification_due.le(horizon))
        .select((
            account_links::user_id,
            meters::id,
            meters::serial_number,
            accounts::number,
            meters::verification_due,
        ))
        .load(c))?;
    let sent = logged(
        conn,
        NoticeEvent::VerificationDue,
        today - Duration::days(VERIFICATION_REMINDERS[0] + 1),
    )?;
    let mut queued = 0;
    for (user_id, meter_id, serial, account, due_on) in due {
        let left = (due_on - today).num_days();
        // The nearest reminder passed: 30 when 30 or fewer days are left, else 60.
        let Some(mark) = VERIFICATION_REMINDERS.iter().rev().find(|&&d| left <= d) else {
            continue;
        };
        let key = format!("{meter_id}:{due_on}:{mark}");
        if sent.contains(&(user_id, key.clone())) {
            continue;
        }
        let notice = Notice::VerificationDue {
            account,
            serial,
            due: due_on,
        };
        queued += once(conn, notifier, user_id, &key, &notice)?;
    }
    Ok(queued)
}

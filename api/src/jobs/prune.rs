//! Housekeeping every few minutes: throttle counters past their window are deleted (failed
//! sign-ins must not grow the database without bound), old password locks are dropped, and
//! secrets in the outbox whose time is up are blanked out, and idempotency keys older than a day
//! are forgotten. Every process runs it; the work is
//! idempotent, so N processes on one database do no harm.

use std::time::Duration;

use chrono::Duration as Span;

use crate::db::models::{idempotency, outbox, throttle};
use crate::db::time::now;
use crate::db::{Db, DbConnection, StoreError};
use crate::domain::identity::throttle::{LOCK_KEPT_DAYS, PRUNE_AFTER_HOURS};

/// How often the housekeeping runs.
const EVERY: Duration = Duration::from_secs(300);

/// One round on `conn`; returns (counters deleted, outbox messages scrubbed).
pub fn run_on(conn: &mut DbConnection) -> Result<(usize, usize), StoreError> {
    let at = now();
    let pruned = throttle::prune(
        conn,
        at - Span::hours(PRUNE_AFTER_HOURS),
        at - Span::days(LOCK_KEPT_DAYS),
    )?;
    let scrubbed = outbox::scrub_expired(conn)?;
    // Idempotency keys answer retries for a day; after that they are only weight.
    let pruned = pruned + idempotency::prune(conn, at - Span::hours(24))?;
    Ok((pruned, scrubbed))
}

/// One round on a pooled connection, off the actix workers.
pub async fn run_once(db: &Db) -> Result<(usize, usize), StoreError> {
    db.run(run_on).await
}

/// Starts the loop on the current actix system (the first round right away).
pub fn spawn(db: Db) {
    actix_web::rt::spawn(async move {
        loop {
            match run_once(&db).await {
                Ok((0, 0)) => {}
                Ok((pruned, scrubbed)) => {
                    log::info!("housekeeping: {pruned} throttle rows pruned, {scrubbed} outbox secrets scrubbed");
                }
                Err(err) => log::warn!("housekeeping failed: {err}"),
            }
            actix_web::rt::time::sleep(EVERY).await;
        }
    });
}

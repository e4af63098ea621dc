//! The outbox worker: delivers the messages that events wrote into `outbox` in their own
//! transactions. It runs on a thread of its own inside `kabinet serve` (unless
//! `KABINET_OUTBOX_WORKER=false`) or alone as `kabinet worker`, with its own database
//! connection, so slow mail servers never hold an actix worker or a pooled connection.
//!
//! Each round claims a batch of due messages for a lease ([`outbox::claim`]: `FOR UPDATE SKIP
//! LOCKED` on PostgreSQL, so any number of workers on one database never share a message),
//! sends them one by one and records each outcome at once. A worker killed midway leaves its
//! unsent messages claimed until the lease ends, then another (or the restarted one) sends
//! them: nothing is lost. The one message that was handed to the mail server but not yet
//! recorded as sent when the process died is sent again — at most one per killed worker (per
//! sending thread, with `KABINET_OUTBOX_SENDERS` above 1).

pub mod transport;

use std::time::Duration;

use crate::db::models::outbox::{self, Claimed};
use crate::db::time::now;
use crate::db::{pool, DbConnection};
use transport::{Failure, Mail, Outgoing, Sms};

/// How the worker delivers and how hard it tries.
pub struct Delivery {
    pub mail: Box<dyn Mail>,
    pub sms: Box<dyn Sms>,
    /// Tries before a message is given up (a permanent refusal gives up at once).
    pub max_attempts: i32,
    /// How long a claim holds (a killed worker's messages wait this long).
    pub lease: chrono::Duration,
    /// Sending threads, each claiming and recording on its own connection.
    pub senders: u16,
}

/// Messages claimed at a time: a batch's sends (20 s timeout each) finish well within the lease.
const BATCH: i64 = 10;
/// How often an idle worker looks for new messages.
const IDLE: Duration = Duration::from_millis(500);

/// The wait before try `attempts + 1`: 30 s, doubling, at most an hour.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(7);
    chrono::Duration::seconds((30_i64 << doublings).min(3600))
}

impl Delivery {
    /// Says where messages go (at start: a newcomer must see that mail lands in a folder).
    pub fn announce(&self) {
        log::warn!("outbox: {}", self.mail.describe());
        log::warn!("outbox: {}", self.sms.describe());
    }

    /// One round on `conn`: claims a batch, delivers it, records every outcome. Returns how
    /// many messages it claimed (a full batch means more may be waiting).
    pub fn round(&self, conn: &mut DbConnection) -> diesel::QueryResult<usize> {
        let batch = outbox::claim(conn, BATCH, self.lease)?;
        for message in &batch {
            // Asked to stop: the rest of the batch stays claimed and is due again when the
            // lease ends (or at once for another worker after `release`).
            if stopping() {
                outbox::release(conn, message.id)?;
                continue;
            }
            beat();
            self.deliver(conn, message)?;
        }
        Ok(batch.len())
    }

    fn deliver(&self, conn: &mut DbConnection, message: &Claimed) -> diesel::QueryResult<()> {
        let outgoing = Outgoing {
            id: message.id,
            recipient: &message.recipient,
            subject: &message.subject,
            body: &message.body,
            html: message.html.as_deref(),
        };
        let sent = match message.channel.as_str() {
            "email" => self.mail.send(&outgoing),
            "sms" => self.sms.send(&outgoing),
            other => Err(Failure::Permanent(format!("unknown channel {other}"))),
        };
        match sent {
            Ok(()) => outbox::mark_sent(conn, message.id),
            Err(Failure::Permanent(why)) => {
                log::warn!("outbox: message {} given up: {why}", message.id);
                outbox::give_up(conn, message.id, &why)
            }
            Err(Failure::Temporary(why)) if message.attempts >= self.max_attempts => {
                log::warn!(
                    "outbox: message {} given up after {} tries: {why}",
                    message.id,
                    message.attempts
                );
                outbox::give_up(conn, message.id, &why)
            }
            Err(Failure::Temporary(why)) => {
                let at = now() + backoff(message.attempts);
                log::info!("outbox: message {} will be retried: {why}", message.id);
                outbox::retry_at(conn, message.id, at, &why)
            }
        }
    }

    /// Delivers until the process ends, on [`Delivery::senders`] threads.
    pub fn run_forever(&self, database_url: &str) {
        std::thread::scope(|scope| {
            for n in 1..self.senders {
                let spawned = std::thread::Builder::new()
                    .name(format!("outbox-{n}"))
                    .spawn_scoped(scope, || self.send_forever(database_url));
                if let Err(err) = spawned {
                    log::warn!("outbox: sender {n} not started: {err}");
                }
            }
            self.send_forever(database_url)
        })
    }

    /// Whether a worker of this process finished a round (or a reconnect attempt) within
    /// `within` — `None` when none was ever started here.
    pub fn alive_within(within: Duration) -> Option<bool> {
        let last = HEARTBEAT.load(std::sync::atomic::Ordering::Relaxed);
        if last == 0 {
            return None;
        }
        let now = chrono::Utc::now().timestamp();
        Some(now - last <= i64::try_from(within.as_secs()).unwrap_or(i64::MAX))
    }

    /// One sender: rounds back to back while messages wait, a short sleep when none do, and a
    /// reconnect (after a pause) when the database fails.
    fn send_forever(&self, database_url: &str) {
        while !stopping() {
            beat();
            let mut conn = match pool::establish(database_url) {
                Ok(conn) => conn,
                Err(err) => {
                    log::warn!("outbox: cannot reach the database: {err}");
                    std::thread::sleep(Duration::from_secs(5));
                    continue;
                }
            };
            while !stopping() {
                beat();
                match self.round(&mut conn) {
                    Ok(n) if i64::try_from(n) == Ok(BATCH) => {}
                    Ok(_) => std::thread::sleep(IDLE),
                    Err(err) => {
                        log::warn!("outbox: {err}");
                        std::thread::sleep(Duration::from_secs(5));
                        break;
                    }
                }
            }
        }
    }
}

/// Unix seconds of the last round of any worker thread of this process (0: none started).
static HEARTBEAT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Records that a worker thread is going round (ready-health reads it).
fn beat() {
    HEARTBEAT.store(
        chrono::Utc::now().timestamp(),
        std::sync::atomic::Ordering::Relaxed,
    );
}

/// Set on shutdown: every sender finishes the message in hand and returns.
static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn stopping() -> bool {
    STOPPING.load(std::sync::atomic::Ordering::Relaxed)
}

/// Asks this process's senders to stop after the message each has in hand (graceful shutdown).
pub fn stop() {
    STOPPING.store(true, std::sync::atomic::Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_half_a_minute_to_an_hour() {
        assert_eq!(backoff(1), chrono::Duration::seconds(30));
        assert_eq!(backoff(2), chrono::Duration::seconds(60));
        assert_eq!(backoff(4), chrono::Duration::seconds(240));
        assert_eq!(backoff(8), chrono::Duration::seconds(3600));
        assert_eq!(backoff(40), chrono::Duration::seconds(3600));
    }
}

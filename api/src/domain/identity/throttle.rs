//! Throttling of guesses (sign-in, current-password checks, link codes, registrations, reset
//! requests) and the password lock of Rules 2.3. Counters live in `auth_throttles`, so every
//! server process on the database shares them.
//!
//! An attempt is *taken* before the expensive or secret check runs and counted as a failure up
//! front; a success clears it. Taking is a compare-and-swap, so under any concurrency exactly
//! `free` attempts get through before the back-off starts. An attempt refused while backing
//! off is not a failure: it only bumps `refused`, so hammering neither extends the back-off nor
//! locks anyone out.

use chrono::{Duration, NaiveDateTime};
use diesel::QueryResult;

use crate::db::models::throttle::{self, Counter};
use crate::db::DbConnection;

/// How many attempts a key gets and what happens after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Attempts within one window that never wait.
    pub free: i64,
    /// Length of the counting window, in seconds.
    pub window_secs: i64,
    pub after: Backoff,
}

/// What the attempts past `free` wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backoff {
    /// `base × 2^(n − free)` seconds after the previous failure, at most `max`.
    Doubling { base_secs: i64, max_secs: i64 },
    /// The end of the window.
    WindowEnd,
}

impl Limit {
    /// A counter that never refuses (it only counts, e.g. towards the password lock).
    pub const fn counting(window_secs: i64) -> Self {
        Self {
            free: i64::MAX,
            window_secs,
            after: Backoff::WindowEnd,
        }
    }

    /// Seconds the next attempt must wait after `failures` failures, the last at `last`.
    fn wait(&self, c: &Counter, at: NaiveDateTime) -> Option<u64> {
        if c.failures < self.free {
            return None;
        }
        let until = match self.after {
            Backoff::Doubling {
                base_secs,
                max_secs,
            } => {
                let doublings = u32::try_from((c.failures - self.free).clamp(0, 20)).unwrap_or(20);
                let secs = base_secs.saturating_mul(1_i64 << doublings).min(max_secs);
                c.last_failure_at.unwrap_or(c.window_start) + Duration::seconds(secs)
            }
            Backoff::WindowEnd => c.window_start + Duration::seconds(self.window_secs),
        };
        let left = (until - at).num_milliseconds();
        (left > 0).then(|| u64::try_from((left + 999) / 1000).unwrap_or(1).max(1))
    }

    /// Whether the window of `c` is over at `at` (the count starts again).
    fn expired(&self, c: &Counter, at: NaiveDateTime) -> bool {
        at - c.window_start >= Duration::seconds(self.window_secs)
            && self.wait_ignoring_window(c, at).is_none()
    }

    /// A doubling back-off outlives the window it started in: the window only resets once the
    /// current wait is over.
    fn wait_ignoring_window(&self, c: &Counter, at: NaiveDateTime) -> Option<u64> {
        match self.after {
            Backoff::Doubling { .. } => self.wait(c, at),
            Backoff::WindowEnd => None,
        }
    }
}

/// The outcome of [`take`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Go ahead; this attempt is failure number `failures` of the window until cleared.
    Go { failures: i64 },
    /// Refused: retry after this many seconds.
    Wait(u64),
}

/// Takes one attempt for `(scope, key)` if `limit` allows it now.
pub fn take(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    limit: &Limit,
    at: NaiveDateTime,
) -> QueryResult<Verdict> {
    // Each lost race means another request changed the row; a handful of rounds always ends
    // because every round either wins or sees a newer version.
    for _ in 0..64 {
        let Some(current) = throttle::get(conn, scope, key)? else {
            if throttle::insert_first(conn, scope, key, at)? {
                return Ok(Verdict::Go { failures: 1 });
            }
            continue;
        };
        let (window_start, failures) = if limit.expired(&current, at) {
            (at, 1)
        } else if let Some(wait) = limit.wait(&current, at) {
            throttle::add_refused(conn, scope, key)?;
            return Ok(Verdict::Wait(wait));
        } else {
            (current.window_start, current.failures.saturating_add(1))
        };
        if throttle::swap(
            conn,
            scope,
            key,
            current.version,
            window_start,
            failures,
            at,
        )? {
            return Ok(Verdict::Go { failures });
        }
    }
    // Pathological contention: refuse rather than let an attempt through uncounted.
    Ok(Verdict::Wait(1))
}

/// Seconds `(scope, key)` must still wait under `limit`, without taking an attempt (for
/// limits that count only failures, checked before and counted after).
pub fn wait_for(
    conn: &mut DbConnection,
    scope: &str,
    key: &str,
    limit: &Limit,
    at: NaiveDateTime,
) -> QueryResult<Option<u64>> {
    Ok(throttle::get(conn, scope, key)?.and_then(|c| {
        if limit.expired(&c, at) {
            None
        } else {
            limit.wait(&c, at)
        }
    }))
}

/// The numbers of Rules 2.3 and the other guards; built from configuration in `startup`.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Per address and login: 5 free failures in 15 minutes, then a doubling back-off.
    pub ip_login: Limit,
    /// Per login from anywhere: this many failures in an hour lock password sign-in.
    pub lock_after: i64,
    pub lock_window_secs: i64,
    /// Per address, across logins: a volume limit only (a carrier's NAT hides many people).
    pub ip_volume: Limit,
    /// Registrations per address.
    pub register: Limit,
    /// Reset requests per address, and reset e-mails per address per hour.
    pub reset_ip: Limit,
    pub reset_email: Limit,
    /// Wrong link codes per user (any account), and per user and account.
    pub link_user: Limit,
    pub link_pair: Limit,
}

/// Configurable parts of the policy.
#[derive(Debug, Clone, Copy)]
pub struct PolicySettings {
    pub backoff_base_secs: u64,
    pub ip_failures_per_hour: u64,
    pub registrations_per_hour: u64,
}

fn secs(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl Policy {
    /// The production policy.
    pub fn new(s: PolicySettings) -> Self {
        Self {
            ip_login: Limit {
                free: 5,
                window_secs: 15 * 60,
                after: Backoff::Doubling {
                    base_secs: secs(s.backoff_base_secs).max(1),
                    max_secs: 15 * 60,
                },
            },
            lock_after: 20,
            lock_window_secs: 60 * 60,
            ip_volume: Limit {
                free: secs(s.ip_failures_per_hour).max(1),
                window_secs: 60 * 60,
                after: Backoff::WindowEnd,
            },
            register: Limit {
                free: secs(s.registrations_per_hour).max(1),
                window_secs: 60 * 60,
                after: Backoff::WindowEnd,
            },
            reset_ip: Limit {
                free: 20,
                window_secs: 60 * 60,
                after: Backoff::WindowEnd,
            },
            reset_email: Limit {
                free: 3,
                window_secs: 60 * 60,
                after: Backoff::WindowEnd,
            },
            link_user: Limit {
                free: 10,
                window_secs: 60 * 60,
                after: Backoff::WindowEnd,
            },
            link_pair: Limit {
                free: 5,
                window_secs: 24 * 60 * 60,
                after: Backoff::WindowEnd,
            },
        }
    }

    /// The per-login counter that leads to the password lock.
    pub fn lock_counter(&self) -> Limit {
        Limit::counting(self.lock_window_secs)
    }
}

/// Rows older than this are pruned (longer than any window above).
pub const PRUNE_AFTER_HOURS: i64 = 25;
/// A password lock nobody lifted is dropped after this many days.
pub const LOCK_KEPT_DAYS: i64 = 30;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(secs: i64) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default()
            + Duration::seconds(secs)
    }

    fn counter(failures: i64, start: i64, last: i64) -> Counter {
        Counter {
            window_start: t(start),
            failures,
            last_failure_at: Some(t(last)),
            refused: 0,
            version: 0,
            locked_at: None,
        }
    }

    fn ip_login() -> Limit {
        Policy::new(PolicySettings {
            backoff_base_secs: 30,
            ip_failures_per_hour: 300,
            registrations_per_hour: 20,
        })
        .ip_login
    }

    #[test]
    fn backoff_starts_after_five_failures_doubles_and_is_capped() {
        let l = ip_login();
        assert_eq!(l.wait(&counter(4, 0, 10), t(10)), None);
        assert_eq!(l.wait(&counter(5, 0, 10), t(10)), Some(30));
        assert_eq!(l.wait(&counter(5, 0, 10), t(39)), Some(1));
        assert_eq!(l.wait(&counter(5, 0, 10), t(40)), None);
        assert_eq!(l.wait(&counter(6, 0, 10), t(10)), Some(60));
        assert_eq!(l.wait(&counter(8, 0, 10), t(10)), Some(240));
        assert_eq!(l.wait(&counter(40, 0, 10), t(10)), Some(900));
    }

    #[test]
    fn a_window_resets_only_once_its_backoff_is_over() {
        let l = ip_login();
        // 15 minutes passed, but the last failure's 15-minute wait is still running.
        assert!(!l.expired(&counter(30, 0, 850), t(900)));
        assert!(l.expired(&counter(30, 0, 850), t(1750)));
        assert!(l.expired(&counter(2, 0, 5), t(900)));
        assert!(!l.expired(&counter(2, 0, 5), t(899)));
    }

    #[test]
    fn window_end_limits_wait_for_the_window() {
        let l = Limit {
            free: 3,
            window_secs: 3600,
            after: Backoff::WindowEnd,
        };
        assert_eq!(l.wait(&counter(2, 0, 100), t(100)), None);
        assert_eq!(l.wait(&counter(3, 0, 100), t(100)), Some(3500));
        assert!(l.expired(&counter(3, 0, 100), t(3600)));
        assert_eq!(Limit::counting(60).wait(&counter(1000, 0, 1), t(1)), None);
    }
}

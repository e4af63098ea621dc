//! Login throttling and the automatic block of Rules 2.3. Counters live in `auth_failures`, so
//! every server process on the database shares them.
//!
//! Per login and per IP: the first 5 failures within 15 minutes are free; after that each
//! attempt must wait `base × 2^(n−5)` seconds (at most 15 minutes) after the previous failure,
//! or it is answered 429 with `Retry-After` — and counted too, so hammering does not help.
//! 20 failures of one login within an hour block that user (reason `too_many_failed_logins`).

use chrono::Duration;
use diesel::QueryResult;

use crate::db::models::auth_failure;
use crate::db::time::now;
use crate::db::DbConnection;

/// The numbers above; `base_backoff_secs` comes from `KABINET_LOGIN_BACKOFF_SECS`.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub free_attempts: i64,
    pub window_secs: i64,
    pub base_backoff_secs: i64,
    pub max_backoff_secs: i64,
    pub block_after: i64,
    pub block_window_secs: i64,
}

impl Policy {
    /// The production policy with a configurable base back-off.
    pub fn with_base(base_backoff_secs: u64) -> Self {
        Self {
            free_attempts: 5,
            window_secs: 15 * 60,
            base_backoff_secs: i64::try_from(base_backoff_secs).unwrap_or(30).max(1),
            max_backoff_secs: 15 * 60,
            block_after: 20,
            block_window_secs: 60 * 60,
        }
    }

    /// How long `failures` recent failures make the next attempt wait, in seconds.
    pub fn backoff_secs(&self, failures: i64) -> i64 {
        if failures < self.free_attempts {
            return 0;
        }
        let doublings = u32::try_from((failures - self.free_attempts).min(20)).unwrap_or(20);
        self.base_backoff_secs
            .saturating_mul(1_i64 << doublings)
            .min(self.max_backoff_secs)
    }
}

/// Seconds the caller must still wait for `(scope, key)`, if any.
pub fn wait_secs(
    conn: &mut DbConnection,
    policy: &Policy,
    scope: &str,
    key: &str,
) -> QueryResult<Option<u64>> {
    let at = now();
    let (failures, last) =
        auth_failure::since(conn, scope, key, at - Duration::seconds(policy.window_secs))?;
    let Some(last) = last else { return Ok(None) };
    let wait = policy.backoff_secs(failures);
    let elapsed = (at - last).num_seconds();
    Ok((elapsed < wait).then(|| u64::try_from(wait - elapsed).unwrap_or(1).max(1)))
}

/// Whether `login_key` has failed often enough within the block window to be blocked.
pub fn should_block(
    conn: &mut DbConnection,
    policy: &Policy,
    login_key: &str,
) -> QueryResult<bool> {
    let since = now() - Duration::seconds(policy.block_window_secs);
    let (failures, _) = auth_failure::since(conn, "login", login_key, since)?;
    Ok(failures >= policy.block_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_starts_after_five_failures_doubles_and_is_capped() {
        let policy = Policy::with_base(30);
        assert_eq!(policy.backoff_secs(4), 0);
        assert_eq!(policy.backoff_secs(5), 30);
        assert_eq!(policy.backoff_secs(6), 60);
        assert_eq!(policy.backoff_secs(8), 240);
        assert_eq!(policy.backoff_secs(40), 900);
    }
}

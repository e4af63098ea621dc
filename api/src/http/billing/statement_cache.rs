//! Rendered statements (their JSON bytes), kept while the account's ledger is unchanged.
//!
//! A 36-month statement is ~150 rows read, sorted and written as 15 KB of JSON; the same
//! statement is asked for again and again (the history page, its period filter going back and
//! forth, a resident opening it every day of the month) while the account's charges and
//! payments change a few times a month. Every write to an account's charges or payments moves
//! `account_totals.version` on, in the same transaction (triggers of migration 000013, whoever
//! writes), so a body rendered at version `v` is the right answer for as long as the account's
//! version is `v`.
//!
//! What it does not change: every request still proves its session and its link to the
//! account before anything is served (one coalesced read, the account page's, which also
//! brings the version); a body is filed under the version read in the same snapshot as its
//! rows, so a write committed between the check and the read cannot be served under the older
//! version. Other nodes of a cluster keep their own bytes and check the same version.
//!
//! Memory is bounded (`KABINET_STATEMENT_CACHE_MB`): bodies are counted by their length, the
//! oldest filed goes first, and a body larger than a sixteenth of the budget is not kept (one
//! account's 120-month statement cannot push out everybody else's).

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use actix_web::web::Bytes;

use crate::domain::billing::statement::Month;

/// Which statement: the account and the range.
pub type Key = (i64, Month, Month);

struct Entry {
    version: i64,
    body: Bytes,
}

#[derive(Default)]
struct Shelf {
    entries: HashMap<Key, Entry>,
    /// Keys in the order they were first filed (each key once): the eviction order.
    order: VecDeque<Key>,
    bytes: usize,
}

/// The cache of rendered statements (see the module doc).
pub struct StatementCache {
    budget: usize,
    shelf: Mutex<Shelf>,
}

impl StatementCache {
    /// A cache holding at most `budget` bytes of bodies (0: keeps nothing).
    pub fn new(budget: usize) -> Self {
        Self {
            budget,
            shelf: Mutex::default(),
        }
    }

    fn shelf(&self) -> std::sync::MutexGuard<'_, Shelf> {
        // A panic elsewhere while holding the lock leaves a consistent map (every change
        // below completes or does nothing), so the poison is not a reason to stop serving.
        self.shelf.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The body of `key` rendered at `version`, if kept.
    pub fn get(&self, key: &Key, version: i64) -> Option<Bytes> {
        let hit = self
            .shelf()
            .entries
            .get(key)
            .filter(|e| e.version == version)
            .map(|e| e.body.clone());
        let outcome = if hit.is_some() { "hit" } else { "miss" };
        metrics::counter!("kabinet_statement_cache_total", "outcome" => outcome).increment(1);
        hit
    }

    /// Files `body`, rendered at `version`, under `key` (a newer version already filed stays).
    pub fn put(&self, key: Key, version: i64, body: Bytes) {
        if body.len() > self.budget / 16 {
            return;
        }
        let mut shelf = self.shelf();
        let shelf = &mut *shelf;
        match shelf.entries.get_mut(&key) {
            Some(e) if e.version > version => return,
            Some(e) => {
                shelf.bytes = shelf.bytes - e.body.len() + body.len();
                *e = Entry { version, body };
            }
            None => {
                shelf.bytes += body.len();
                shelf.entries.insert(key, Entry { version, body });
                shelf.order.push_back(key);
            }
        }
        while shelf.bytes > self.budget {
            let Some(oldest) = shelf.order.pop_front() else {
                break;
            };
            if let Some(e) = shelf.entries.remove(&oldest) {
                shelf.bytes -= e.body.len();
                metrics::counter!("kabinet_statement_cache_total", "outcome" => "evicted")
                    .increment(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(account: i64) -> Key {
        let m = Month {
            year: 2026,
            month: 1,
        };
        (account, m, m)
    }

    fn body(n: usize) -> Bytes {
        Bytes::from(vec![b'x'; n])
    }

    #[test]
    fn serves_only_the_version_it_was_rendered_at() {
        let cache = StatementCache::new(16_000);
        cache.put(key(1), 3, body(10));
        assert_eq!(cache.get(&key(1), 3).map(|b| b.len()), Some(10));
        assert!(
            cache.get(&key(1), 4).is_none(),
            "a newer ledger is not served old bytes"
        );
        assert!(
            cache.get(&key(2), 3).is_none(),
            "another account's key misses"
        );
        // A slow renderer filing an older version does not replace a newer body.
        cache.put(key(1), 5, body(20));
        cache.put(key(1), 4, body(30));
        assert_eq!(cache.get(&key(1), 5).map(|b| b.len()), Some(20));
        assert!(cache.get(&key(1), 4).is_none());
    }

    #[test]
    fn stays_within_its_budget_oldest_out_first() {
        let cache = StatementCache::new(1_600);
        for account in 0..20 {
            cache.put(key(account), 1, body(100));
        }
        let shelf = cache.shelf();
        assert!(shelf.bytes <= 1_600, "{} bytes kept", shelf.bytes);
        assert_eq!(shelf.entries.len(), 16);
        assert_eq!(shelf.order.len(), 16);
        drop(shelf);
        assert!(cache.get(&key(0), 1).is_none(), "the oldest went first");
        assert!(cache.get(&key(19), 1).is_some());
        // Too large for a sixteenth of the budget: not kept at all.
        cache.put(key(99), 1, body(101));
        assert!(cache.get(&key(99), 1).is_none());
        // Off: keeps nothing.
        let off = StatementCache::new(0);
        off.put(key(1), 1, body(1));
        assert!(off.get(&key(1), 1).is_none());
    }
}

//! Passwords: Argon2id hashing on a bounded pool of its own, and the password policy.
//!
//! Each hash takes 19 MiB and ~20 ms of CPU. Run on actix's blocking pool (hundreds of
//! threads) a burst of sign-ins would allocate hundreds of those at once, so every hash and
//! verification goes through [`Hasher`]: a fixed number of threads (about 2 × cores) fed by a
//! short queue. When the queue is full the caller gets [`Busy`] (HTTP 503 `busy` with
//! `Retry-After`) at once — a burst is refused, never buffered without limit — and memory
//! stays at threads × 19 MiB whatever the load.

use std::collections::HashSet;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tokio::sync::oneshot;

/// Hashes a password with Argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane). Blocking:
/// callers outside [`Hasher`] are the CLI and the seed.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt_bytes = crate::secrets::random_bytes(16)?;
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|err| anyhow::anyhow!("{err}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| anyhow::anyhow!("hashing failed: {err}"))
}

/// Whether `password` matches a stored PHC hash string.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends the same time as a real verification, for logins that do not exist, so the answer
/// cannot tell an attacker which logins are registered.
fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("kabinet-dummy-password").unwrap_or_default());
    let _ = verify_password(password, dummy);
}

/// The hashing pool is full; retry after a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

enum Job {
    Hash(String, oneshot::Sender<anyhow::Result<String>>),
    /// `None` verifies against a dummy hash (unknown login) and answers `false`.
    Verify(String, Option<String>, oneshot::Sender<bool>),
}

/// The bounded Argon2 pool; cheap to clone.
#[derive(Clone)]
pub struct Hasher {
    queue: SyncSender<Job>,
    threads: usize,
}

impl Hasher {
    /// Starts `threads` hashing threads with room for `queue` waiting jobs.
    pub fn start(threads: usize, queue: usize) -> std::io::Result<Self> {
        let threads = threads.max(1);
        let (tx, rx) = sync_channel::<Job>(queue);
        let rx = Arc::new(std::sync::Mutex::new(rx));
        for n in 0..threads {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(Job::Hash(pw, reply)) => {
                            let _ = reply.send(hash_password(&pw));
                        }
                        Ok(Job::Verify(pw, stored, reply)) => {
                            let ok = match stored {
                                Some(s) => verify_password(&pw, &s),
                                None => {
                                    verify_against_dummy(&pw);
                                    false
                                }
                            };
                            let _ = reply.send(ok);
                        }
                        Err(_) => return,
                    }
                })?;
        }
        Ok(Self { queue: tx, threads })
    }

    /// Threads in the pool.
    pub fn threads(&self) -> usize {
        self.threads
    }

    fn submit(&self, job: Job) -> Result<(), Busy> {
        match self.queue.try_send(job) {
            Ok(()) => Ok(()),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(Busy),
        }
    }

    /// Hashes `password` with a fresh salt.
    pub async fn hash(&self, password: String) -> Result<anyhow::Result<String>, Busy> {
        let (tx, rx) = oneshot::channel();
        self.submit(Job::Hash(password, tx))?;
        rx.await.map_err(|_| Busy)
    }

    /// Checks `password` against `stored` (or, when `None`, spends the same time and says no).
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, Busy> {
        let (tx, rx) = oneshot::channel();
        self.submit(Job::Verify(password, stored, tx))?;
        rx.await.map_err(|_| Busy)
    }
}

/// The ceiling for `scripts/bench-login`: verifications of one hash with the server's
/// parameters, on `threads` threads for `seconds`, with nothing else around them. Returns
/// (verifications, elapsed seconds).
pub fn raw_verify_rate(seconds: f64, threads: usize) -> anyhow::Result<(u64, f64)> {
    let stored = hash_password("raw-argon2-benchmark")?;
    let started = std::time::Instant::now();
    let workers: Vec<_> = (0..threads.max(1))
        .map(|_| {
            let stored = stored.clone();
            std::thread::spawn(move || {
                let mut n = 0_u64;
                while started.elapsed().as_secs_f64() < seconds {
                    if verify_password("raw-argon2-benchmark", &stored) {
                        n += 1;
                    }
                }
                n
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w
            .join()
            .map_err(|_| anyhow::anyhow!("a benchmark thread panicked"))?;
    }
    Ok((total, started.elapsed().as_secs_f64()))
}

const COMMON: &str = include_str!("../../data/common-passwords.txt");

fn common_set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Whether the password is a common one, or a common one dressed up: case changed, digits or
/// symbols added at either end (`Password1!`, `Qwerty123!`, `sunshine1`), or one character
/// repeated (`aaaaaaaa`).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let set = common_set();
    if set.contains(lower.as_str()) {
        return true;
    }
    let mut distinct: Vec<char> = lower.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 2 {
        return true;
    }
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    core.chars().count() >= 4 && core != lower && set.contains(core)
}

/// The full policy: the shared length and login/e-mail rules, then the common list.
pub fn check_policy(password: &str, login: &str, email: &str) -> Result<(), &'static str> {
    kabinet_shared::validate::password(password, login, email)?;
    if is_common(password) {
        return Err("common");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verifiable() {
        let a = hash_password("correct horse").unwrap_or_default();
        let b = hash_password("correct horse").unwrap_or_default();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("wrong horse", &a));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn the_list_is_long_enough_for_asvs() {
        assert!(common_set().len() >= 10_000, "{}", common_set().len());
    }

    #[test]
    fn common_passwords_and_their_dressed_up_forms_are_refused() {
        for bad in [
            "Password123",
            "Password1!",
            "Qwerty123!",
            "sunshine1",
            "aaaaaaaa",
            "ЙЦУКЕНГШ",
            "qwerty123",
            "iloveyou",
            "abababab",
        ] {
            assert!(is_common(bad), "{bad} should be refused");
        }
        for good in ["Тёплый-дом-2026", "correct horse battery", "Kyzyl-heat-77"] {
            assert!(!is_common(good), "{good} should pass");
        }
        assert_eq!(check_policy("qwerty123", "ivan", "i@x.ru"), Err("common"));
        assert_eq!(check_policy("Тёплый-дом-2026", "ivan", "i@x.ru"), Ok(()));
    }
}

//! Passwords: Argon2id hashing on a bounded pool of its own, and the password policy.
//!
//! Each hash takes 19 MiB and ~20 ms of CPU. Run on actix's blocking pool (hundreds of
//! threads) a burst of sign-ins would allocate hundreds of those at once, so every hash and
//! verification goes through [`Hasher`]: a fixed number of threads (about 2 × cores) fed by a
//! short queue. When the queue is full the caller gets [`Busy`] (HTTP 503 `busy` with
//! `Retry-After`) at once — a burst is refused, never buffered without limit — and memory
//! stays at threads × 19 MiB whatever the load.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::{Arc, OnceLock};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

thread_local! {
    /// Each thread's Argon2 working memory (19 MiB), kept between hashes. Allocating and
    /// freeing it per hash is what made a burst of sign-ins grow the process by ~19 MiB per
    /// request: after the first free, glibc raises its mmap threshold and serves later buffers
    /// from heaps it never returns. A hashing thread reuses its one buffer instead, so memory is
    /// bounded by the number of threads that ever hash.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The server's parameters (OWASP: 19 MiB, 2 passes, 1 lane; 32-byte output).
fn params() -> Params {
    Params::default()
}

/// Raw Argon2id of `password` with `salt` and `params` into `out`, on this thread's buffer.
fn argon2_into(
    password: &[u8],
    salt: &[u8],
    params: Params,
    version: Version,
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let count = params.block_count();
    let argon = Argon2::new(Algorithm::Argon2id, version, params);
    BLOCKS.with(|cell| {
        let mut blocks = cell.borrow_mut();
        if blocks.len() < count {
            blocks.resize(count, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut blocks[..count])
    })
}

/// Hashes a password with Argon2id into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = crate::secrets::random_bytes(16)?;
    let params = params();
    let mut out = [0_u8; 32];
    argon2_into(
        password.as_bytes(),
        &salt,
        params.clone(),
        Version::V0x13,
        &mut out,
    )
    .map_err(|err| anyhow::anyhow!("hashing failed: {err}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|err| anyhow::anyhow!("{err}"))?;
    let output = Output::new(&out).map_err(|err| anyhow::anyhow!("{err}"))?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|err| anyhow::anyhow!("{err}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches a stored PHC hash string (Argon2id; its own parameters).
pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(expected), Some(salt)) = (hash.hash, hash.salt) else {
        return false;
    };
    if hash.algorithm != argon2::ARGON2ID_IDENT {
        return false;
    }
    let (Ok(params), Ok(version)) = (
        Params::try_from(&hash),
        Version::try_from(hash.version.unwrap_or(0x13)),
    ) else {
        return false;
    };
    let mut salt_buf = [0_u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let mut out = vec![0_u8; expected.len()];
    if argon2_into(password.as_bytes(), salt, params, version, &mut out).is_err() {
        return false;
    }
    // Output's equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
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
    /// Threads hashing right now (metrics).
    busy: Arc<std::sync::atomic::AtomicUsize>,
}

impl Hasher {
    /// Starts `threads` hashing threads with room for `queue` waiting jobs.
    pub fn start(threads: usize, queue: usize) -> std::io::Result<Self> {
        let threads = threads.max(1);
        let (tx, rx) = sync_channel::<Job>(queue);
        let rx = Arc::new(std::sync::Mutex::new(rx));
        let busy = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for n in 0..threads {
            let rx = Arc::clone(&rx);
            let working = Arc::clone(&busy);
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let _slot = Slot::take(&working);
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
        Ok(Self { queue: tx, busy })
    }

    /// Hashing threads busy now.
    pub fn in_use(&self) -> usize {
        self.busy.load(std::sync::atomic::Ordering::Relaxed)
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

const COMMON: &str = include_str!("../../../data/common-passwords.txt");

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

/// A hashing thread counted busy while this lives.
struct Slot<'a>(&'a std::sync::atomic::AtomicUsize);

impl<'a> Slot<'a> {
    fn take(count: &'a std::sync::atomic::AtomicUsize) -> Self {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Self(count)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
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
    fn hashes_interoperate_with_the_argon2_crates_own_phc_code() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let ours = hash_password("Тёплый-дом-2026").unwrap_or_default();
        let parsed = PasswordHash::new(&ours).map_err(|e| e.to_string());
        assert!(parsed.is_ok(), "{ours}");
        if let Ok(parsed) = parsed {
            assert!(Argon2::default()
                .verify_password("Тёплый-дом-2026".as_bytes(), &parsed)
                .is_ok());
        }
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        // Hashes made by the crate (as stored before this code) still verify.
        let salt = SaltString::encode_b64(b"0123456789abcdef").map_err(|e| e.to_string());
        let theirs = salt.and_then(|salt| {
            Argon2::default()
                .hash_password(b"old-password-1", &salt)
                .map(|h| h.to_string())
                .map_err(|e| e.to_string())
        });
        assert!(verify_password(
            "old-password-1",
            &theirs.clone().unwrap_or_default()
        ));
        assert!(!verify_password(
            "old-password-2",
            &theirs.unwrap_or_default()
        ));
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

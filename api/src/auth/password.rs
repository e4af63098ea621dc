//! Passwords: Argon2id hashing (CPU-heavy, ~20 ms — callers run it inside `Db::run` or
//! `web::block`, never on an actix worker) and the password policy.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Hashes a password with Argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane).
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
pub fn verify_against_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("kabinet-dummy-password").unwrap_or_default());
    let _ = verify_password(password, dummy);
}

const COMMON: &str = include_str!("../../data/common-passwords.txt");

/// Whether the password is on the shipped list of common passwords (case-insensitive).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == lower)
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
    fn common_passwords_are_refused_case_insensitively() {
        assert!(is_common("Password123"));
        assert!(is_common("ЙЦУКЕНГШ"));
        assert!(!is_common("Тёплый-дом-2026"));
        assert_eq!(check_policy("qwerty123", "ivan", "i@x.ru"), Err("common"));
        assert_eq!(check_policy("Тёплый-дом-2026", "ivan", "i@x.ru"), Ok(()));
    }
}

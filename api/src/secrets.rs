//! The access-token signing key: from `KABINET_JWT_SECRET`, or generated once and kept in the
//! `settings` table so every process on the same database signs and verifies alike. It is
//! never logged and never hard-coded.

use anyhow::Context;

use crate::db::models::setting;
use crate::db::DbConnection;

const SETTING_KEY: &str = "jwt_signing_key";
/// HS256 wants at least as many key bytes as the hash output.
const MIN_KEY_BYTES: usize = 32;

/// An HMAC key whose `Debug` output hides the bytes.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl SigningKey {
    /// The raw key bytes, for the token code.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// A fixed key for unit tests.
    #[cfg(test)]
    pub fn for_tests(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({} bytes)", self.0.len())
    }
}

/// `count` bytes from the operating system's CSPRNG.
pub fn random_bytes(count: usize) -> anyhow::Result<Vec<u8>> {
    let mut bytes = vec![0_u8; count];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("no OS randomness: {err}"))?;
    Ok(bytes)
}

/// Loads the access-token signing key: the configured one, or the one stored in the database
/// (created on first start).
pub fn signing_key(
    conn: &mut DbConnection,
    configured: Option<&str>,
) -> anyhow::Result<SigningKey> {
    load(conn, configured, SETTING_KEY, "KABINET_JWT_SECRET")
}

/// Loads the key that hashes office link codes (its own key, see `KABINET_LINK_CODE_SECRET`).
pub fn link_code_key(
    conn: &mut DbConnection,
    configured: Option<&str>,
) -> anyhow::Result<SigningKey> {
    load(
        conn,
        configured,
        "link_code_key",
        "KABINET_LINK_CODE_SECRET",
    )
}

/// Loads the key the built-in sandbox payment provider signs its webhooks with
/// (`KABINET_SANDBOX_WEBHOOK_SECRET`; generated and kept in the database when unset).
pub fn sandbox_webhook_key(
    conn: &mut DbConnection,
    configured: Option<&str>,
) -> anyhow::Result<SigningKey> {
    load(
        conn,
        configured,
        "sandbox_webhook_key",
        "KABINET_SANDBOX_WEBHOOK_SECRET",
    )
}

/// Loads the key that signs unsubscribe links (generated on first start and kept in the
/// database, so links in mail already sent keep working after a restart).
pub fn unsubscribe_key(conn: &mut DbConnection) -> anyhow::Result<SigningKey> {
    load(conn, None, "unsubscribe_key", "")
}

fn load(
    conn: &mut DbConnection,
    configured: Option<&str>,
    setting_key: &str,
    variable: &str,
) -> anyhow::Result<SigningKey> {
    if let Some(secret) = configured {
        anyhow::ensure!(
            secret.len() >= MIN_KEY_BYTES,
            "{variable} must be at least {MIN_KEY_BYTES} bytes"
        );
        return Ok(SigningKey(secret.as_bytes().to_vec()));
    }
    let fresh = hex::encode(random_bytes(MIN_KEY_BYTES)?);
    let stored =
        setting::get_or_insert(conn, setting_key, &fresh).context("reading a stored key")?;
    let bytes = hex::decode(stored).context("stored signing key is not hex")?;
    anyhow::ensure!(
        bytes.len() >= MIN_KEY_BYTES,
        "stored signing key is too short"
    );
    Ok(SigningKey(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_key() {
        let key = SigningKey(b"super-secret-key-material-000000".to_vec());
        assert_eq!(format!("{key:?}"), "SigningKey(32 bytes)");
    }

    #[test]
    fn random_bytes_differ_between_calls() {
        let a = random_bytes(32).unwrap_or_default();
        let b = random_bytes(32).unwrap_or_default();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}

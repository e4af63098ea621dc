//! Tokens. Access tokens are HS256 JWTs (algorithm pinned, `iss`, `aud` and `typ` checked,
//! at most 15 minutes). Everything else — refresh tokens, API keys, personal tokens, reset
//! tokens — is 256 random bits, given out once and stored only as a SHA-256 hash.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::secrets::SigningKey;

const ISSUER: &str = "kabinet";
const AUDIENCE: &str = "kabinet-api";
const ACCESS_TYPE: &str = "access";

/// How long a refresh token (and so a session without activity) lives, in days.
pub const REFRESH_DAYS: i64 = 30;

/// Prefixes tell the kinds of bearer secret apart without a database lookup.
pub const API_KEY_PREFIX: &str = "kbi_";
pub const PERSONAL_TOKEN_PREFIX: &str = "kbt_";

/// A new random secret: `prefix` + 43 characters of base64url (256 bits).
pub fn random_secret(prefix: &str) -> anyhow::Result<String> {
    let bytes = crate::secrets::random_bytes(32)?;
    Ok(format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The stored form of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// User id.
    pub sub: String,
    /// Public id of the session; revoking the session kills the token.
    pub sid: String,
    pub role: String,
    pub typ: String,
    pub iat: i64,
    pub exp: i64,
}

/// Signs an access token for `user_id` in session `sid`, valid for `ttl_secs`.
pub fn issue_access(
    key: &SigningKey,
    user_id: i64,
    sid: &str,
    role: &str,
    ttl_secs: u64,
) -> anyhow::Result<String> {
    let now = chrono::Utc::now().timestamp();
    let claims = AccessClaims {
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        sub: user_id.to_string(),
        sid: sid.into(),
        role: role.into(),
        typ: ACCESS_TYPE.into(),
        iat: now,
        exp: now + i64::try_from(ttl_secs)?,
    };
    Ok(encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(key.bytes()),
    )?)
}

/// Verifies signature (HS256 only), expiry, issuer, audience and type.
pub fn verify_access(key: &SigningKey, token: &str) -> Option<AccessClaims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.leeway = 5;
    let data =
        decode::<AccessClaims>(token, &DecodingKey::from_secret(key.bytes()), &validation).ok()?;
    (data.claims.typ == ACCESS_TYPE).then_some(data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SigningKey {
        SigningKey::for_tests(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn access_tokens_round_trip_and_carry_the_session() {
        let token = issue_access(&key(), 7, "s1", "resident", 900).unwrap_or_default();
        let claims = verify_access(&key(), &token);
        assert_eq!(claims.as_ref().map(|c| c.sub.as_str()), Some("7"));
        assert_eq!(claims.map(|c| c.sid), Some("s1".to_owned()));
    }

    #[test]
    fn tokens_signed_with_another_key_or_algorithm_are_refused() {
        let other = SigningKey::for_tests(b"ffffffffffffffffffffffffffffffff");
        let token = issue_access(&other, 7, "s1", "resident", 900).unwrap_or_default();
        assert!(verify_access(&key(), &token).is_none());
        // alg=none with the same claims.
        let parts: Vec<&str> = token.split('.').collect();
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let forged = format!(
            "{none_header}.{}.",
            parts.get(1).copied().unwrap_or_default()
        );
        assert!(verify_access(&key(), &forged).is_none());
    }

    #[test]
    fn expired_tokens_are_refused() {
        let now = chrono::Utc::now().timestamp();
        let claims = AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: "7".into(),
            sid: "s".into(),
            role: "resident".into(),
            typ: ACCESS_TYPE.into(),
            iat: now - 2000,
            exp: now - 1000,
        };
        let token = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(key().bytes()),
        )
        .unwrap_or_default();
        assert!(verify_access(&key(), &token).is_none());
    }

    #[test]
    fn secrets_are_long_random_and_hashed() {
        let a = random_secret(API_KEY_PREFIX).unwrap_or_default();
        let b = random_secret(API_KEY_PREFIX).unwrap_or_default();
        assert!(a.starts_with("kbi_") && a.len() == 4 + 43, "{a}");
        assert_ne!(a, b);
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), hash_secret(&b));
    }
}

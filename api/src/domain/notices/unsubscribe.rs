//! Unsubscribe links that work without signing in: the token names the user and the channel
//! and carries an HMAC under a key of this installation, so it cannot be forged for anyone
//! else. Following the link opens a page that asks to confirm (mail scanners open links, and
//! must not unsubscribe anybody); confirming withdraws that channel's consent exactly as a
//! withdrawal in the profile does — recorded with its time, audited.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Notifier;
use crate::db::models::consent;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::error::DomainError;
use kabinet_shared::ErrorCode;

/// Hex digits of the signature kept in a token (128 bits).
const SIGNATURE_HEX: usize = 32;

fn signature(notifier: &Notifier, user_id: i64, channel: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(notifier.key.bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(format!("unsubscribe:{user_id}:{channel}").as_bytes());
    let mut hex = hex::encode(mac.finalize().into_bytes());
    hex.truncate(SIGNATURE_HEX);
    hex
}

/// The token for `user_id` and `channel` (`email` or `sms`).
pub fn token(notifier: &Notifier, user_id: i64, channel: &str) -> String {
    format!(
        "{user_id}.{channel}.{}",
        signature(notifier, user_id, channel)
    )
}

/// The link put in every message.
pub fn link(notifier: &Notifier, user_id: i64, channel: &str) -> String {
    format!(
        "{}/unsubscribe?token={}",
        notifier.public_url,
        token(notifier, user_id, channel)
    )
}

/// Checks a token: `(user_id, channel)`.
fn parse(notifier: &Notifier, token: &str) -> Option<(i64, &'static str)> {
    let mut parts = token.trim().splitn(3, '.');
    let user_id: i64 = parts.next()?.parse().ok()?;
    let channel = match parts.next()? {
        "email" => "email",
        "sms" => "sms",
        _ => return None,
    };
    let given = parts.next()?;
    let expected = signature(notifier, user_id, channel);
    // Constant-time comparison: the signature is a secret until it is right.
    let same = given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0_u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some((user_id, channel))
}

/// `POST /unsubscribe`: withdraws the channel's consent (if given) and audits it.
pub fn confirm(
    conn: &mut DbConnection,
    notifier: &Notifier,
    token: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let (user_id, channel) =
        parse(notifier, token).ok_or(DomainError::Rule(ErrorCode::InvalidUnsubscribeLink))?;
    conn.transaction(|conn| {
        let granted = consent::current(conn, user_id)?
            .iter()
            .any(|(k, g, _)| k == channel && *g);
        if granted {
            consent::record(conn, user_id, channel, false)?;
            audit(
                conn,
                Actor::User(user_id),
                "consents.unsubscribe",
                Target::User(user_id),
                ip,
                Some(format!("withdrawn={channel}")),
            )?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::SigningKey;

    fn notifier() -> Notifier {
        Notifier {
            public_url: "https://lk.example".into(),
            key: SigningKey::for_tests(&[7; 32]),
        }
    }

    #[test]
    fn a_token_names_its_user_and_channel_and_cannot_be_moved_to_another() {
        let n = notifier();
        let t = token(&n, 42, "email");
        assert_eq!(parse(&n, &t), Some((42, "email")));
        let forged = t.replacen("42.", "43.", 1);
        assert_eq!(parse(&n, &forged), None);
        let other_channel = t.replacen(".email.", ".sms.", 1);
        assert_eq!(parse(&n, &other_channel), None);
        assert_eq!(parse(&n, "42.email."), None);
        assert!(link(&n, 42, "sms").starts_with("https://lk.example/unsubscribe?token=42.sms."));
    }
}

//! E-mail verification, at registration and after a change of address: a 6-digit code (kept
//! hashed, for 24 hours, 5 wrong tries) sent with a link to the SPA page that submits it.
//! Until the address is verified only service-critical messages go to it. Codes can be asked
//! for again 5 times an hour per user, so an address cannot be flooded and a code cannot be
//! guessed by asking for new ones (at most 25 guesses an hour against a million codes).

use chrono::Duration;
use kabinet_shared::api::auth::Language;
use kabinet_shared::ErrorCode;
use sha2::{Digest, Sha256};

use super::templates::compose;
use super::{recipient, unsubscribe, Notifier, Recipient};
use crate::db::models::{notice, outbox, user};
use crate::db::time::now;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::error::DomainError;
use crate::domain::identity::throttle::{self, Backoff, Limit, Verdict};

/// How long a code works.
const VALID_HOURS: i64 = 24;
/// Wrong tries before a code is void.
const MAX_FAILURES: i32 = 5;
/// Codes a user may be sent per hour.
const SENDS: Limit = Limit {
    free: 5,
    window_secs: 3600,
    after: Backoff::WindowEnd,
};

fn code_hash(user_id: i64, email: &str, code: &str) -> String {
    let digest = Sha256::digest(format!("{user_id}:{}:{code}", user::unique_key(email)));
    hex::encode(digest)
}

fn new_code() -> Result<String, DomainError> {
    // Rejection sampling: uniform over 000000–999999.
    loop {
        let bytes =
            crate::secrets::random_bytes(4).map_err(|e| DomainError::Internal(e.to_string()))?;
        let n = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        if n < 4_294_000_000 {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// Sends a fresh code to the user's current address (replacing any pending one), inside the
/// caller's transaction.
pub(crate) fn start(
    conn: &mut DbConnection,
    notifier: &Notifier,
    who: &Recipient,
) -> Result<(), DomainError> {
    let code = new_code()?;
    let valid = Duration::hours(VALID_HOURS);
    notice::start_verification(
        conn,
        who.id,
        &who.email,
        &code_hash(who.id, &who.email, &code),
        now() + valid,
    )?;
    let link = format!("{}/verify-email?code={code}", notifier.public_url);
    let (subject, lines, label) = if who.language == Language::Ru {
        (
            "Подтвердите адрес e-mail",
            vec![
                "Чтобы получать уведомления личного кабинета на этот адрес, подтвердите его.".to_owned(),
                format!("Код подтверждения: {code}"),
                format!("Код действует {VALID_HOURS} часа. Если вы не регистрировались в личном кабинете, просто удалите это письмо."),
            ],
            "Подтвердить адрес",
        )
    } else {
        (
            "Confirm your e-mail address",
            vec![
                "To receive notices of your utility account at this address, please confirm it.".to_owned(),
                format!("Confirmation code: {code}"),
                format!("The code is valid for {VALID_HOURS} hours. If you did not register, simply delete this message."),
            ],
            "Confirm the address",
        )
    };
    let stop = unsubscribe::link(notifier, who.id, "email");
    let mail = compose(
        who.language,
        &who.full_name,
        subject,
        &lines,
        Some((label, &link)),
        &stop,
    );
    outbox::enqueue(
        conn,
        "email",
        &who.email,
        &mail.subject,
        (&mail.text, Some(&mail.html)),
        Some((&code, valid)),
    )?;
    Ok(())
}

/// Starts verification of user `user_id`'s current address (registration, address change).
pub fn start_for(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user_id: i64,
) -> Result<(), DomainError> {
    match recipient(conn, user_id)? {
        Some(who) => start(conn, notifier, &who),
        None => Ok(()),
    }
}

/// `POST /me/email/verification`: a new code, unless verified already or asked too often.
pub fn resend(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user_id: i64,
) -> Result<(), DomainError> {
    let who = recipient(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    if who.verified {
        return Err(DomainError::Rule(ErrorCode::EmailAlreadyVerified));
    }
    if let Verdict::Wait(secs) = throttle::take(
        conn,
        "email_verification",
        &user_id.to_string(),
        &SENDS,
        now(),
    )? {
        return Err(DomainError::Throttled {
            retry_after_secs: secs,
        });
    }
    conn.transaction(|conn| start(conn, notifier, &who))
}

/// `POST /me/email/verify`: checks the code against the pending verification of the current
/// address. Verifying a verified address again is not an error.
pub fn verify(
    conn: &mut DbConnection,
    user_id: i64,
    code: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let who = recipient(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    let wrong = DomainError::Rule(ErrorCode::InvalidVerificationCode);
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DomainError::field("code", "format", "six digits expected"));
    }
    let Some((email, hash, _, expires_at, failures)) = notice::pending_verification(conn, user_id)?
    else {
        return if who.verified { Ok(()) } else { Err(wrong) };
    };
    let current = user::unique_key(&email) == user::unique_key(&who.email);
    if !current || expires_at <= now() || failures >= MAX_FAILURES {
        return Err(wrong);
    }
    if code_hash(user_id, &email, code) != hash {
        notice::verification_failed(conn, user_id)?;
        return Err(wrong);
    }
    conn.transaction(|conn| {
        user::mark_email_verified(conn, user_id, &email)?;
        notice::end_verification(conn, user_id)?;
        audit(
            conn,
            Actor::User(user_id),
            "profile.email_verified",
            Target::User(user_id),
            ip,
            None,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: Vec<String> = (0..20).filter_map(|_| new_code().ok()).collect();
        assert_eq!(codes.len(), 20);
        assert!(codes
            .iter()
            .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
        assert!(codes.iter().any(|c| c != &codes[0]));
    }

    #[test]
    fn a_code_is_bound_to_its_user_and_address() {
        let h = code_hash(1, "A@x.ru", "123456");
        assert_eq!(h, code_hash(1, "a@x.ru", "123456"));
        assert_ne!(h, code_hash(2, "a@x.ru", "123456"));
        assert_ne!(h, code_hash(1, "b@x.ru", "123456"));
    }
}

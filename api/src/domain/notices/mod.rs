//! Notices to residents (Rules 3.2, 3.8, 3.10): what happened, rendered in the resident's
//! language as plain text and HTML (e-mail) or a short text (SMS), and queued in the outbox in
//! the transaction of the event that causes it — so a notice exists exactly when its event was
//! committed, and the delivery worker (`crate::delivery`) sends it.
//!
//! Who gets what: an e-mail only to a verified address with the `email` consent, an SMS only
//! with the `sms` consent; informational notices (reminders, news) also need `service_info`;
//! and each event can be switched off per channel in the profile. Password resets and e-mail
//! verification are service-critical and bypass all of this (see `identity`).

pub mod prefs;
pub mod schedule;
mod templates;
pub mod unsubscribe;
pub mod verification;

use diesel::prelude::*;
use kabinet_shared::api::auth::Language;
use kabinet_shared::api::notices::NoticeEvent;

use crate::db::models::{consent, notice, outbox};
use crate::db::schema::{account_links, users};
use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::secrets::SigningKey;

pub use templates::Notice;

/// What composing a notice needs beyond the database.
#[derive(Clone, Debug)]
pub struct Notifier {
    /// Base URL of the SPA, for links in messages.
    pub public_url: String,
    /// Signs unsubscribe links.
    pub key: SigningKey,
}

/// The person a notice is for.
pub(crate) struct Recipient {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub verified: bool,
    pub phone: String,
    pub language: Language,
}

type RecipientRow = (
    i64,
    String,
    String,
    Option<chrono::NaiveDateTime>,
    String,
    String,
);

pub(crate) fn recipient(
    conn: &mut DbConnection,
    user_id: i64,
) -> Result<Option<Recipient>, DomainError> {
    let row: Option<RecipientRow> = crate::with_conn!(conn, |c| users::table
        .find(user_id)
        .select((
            users::id,
            users::full_name,
            users::email,
            users::email_verified_at,
            users::phone,
            users::language,
        ))
        .first(c)
        .optional())?;
    Ok(row.map(
        |(id, full_name, email, verified, phone, language)| Recipient {
            id,
            full_name,
            email,
            verified: verified.is_some(),
            phone,
            language: Language::parse(&language),
        },
    ))
}

/// Which channels `event` may use for this recipient now: `(email, sms)`.
fn channels(
    conn: &mut DbConnection,
    who: &Recipient,
    event: NoticeEvent,
) -> Result<(bool, bool), DomainError> {
    let consents = consent::current(conn, who.id)?;
    let granted = |kind: &str| consents.iter().any(|(k, g, _)| k == kind && *g);
    if event.is_informational() && !granted("service_info") {
        return Ok((false, false));
    }
    let (email, sms) = notice::prefs(conn, who.id)?
        .into_iter()
        .find(|(e, _, _)| e == event.as_str())
        .map_or((true, true), |(_, email, sms)| (email, sms));
    Ok((
        email && granted("email") && who.verified,
        sms && granted("sms") && !who.phone.is_empty(),
    ))
}

/// Queues `notice` for one user, on each channel they allow. Returns how many messages.
pub fn notify(
    conn: &mut DbConnection,
    notifier: &Notifier,
    user_id: i64,
    notice: &Notice,
) -> Result<usize, DomainError> {
    let Some(who) = recipient(conn, user_id)? else {
        return Ok(0);
    };
    let (email, sms) = channels(conn, &who, notice.event())?;
    let mut queued = 0;
    if email {
        let link = unsubscribe::link(notifier, who.id, "email");
        let mail = templates::email(notice, &who, &notifier.public_url, &link);
        outbox::enqueue(
            conn,
            "email",
            &who.email,
            &mail.subject,
            (&mail.text, Some(&mail.html)),
            None,
        )?;
        queued += 1;
    }
    if sms {
        let link = unsubscribe::link(notifier, who.id, "sms");
        let text = templates::sms(notice, who.language, &link);
        outbox::enqueue(conn, "sms", &who.phone, "", (&text, None), None)?;
        queued += 1;
    }
    Ok(queued)
}

/// Queues `notice` for everyone linked to the account now.
pub fn notify_account(
    conn: &mut DbConnection,
    notifier: &Notifier,
    account_id: i64,
    notice: &Notice,
) -> Result<usize, DomainError> {
    let users: Vec<i64> = crate::with_conn!(conn, |c| account_links::table
        .filter(account_links::account_id.eq(account_id))
        .filter(account_links::unlinked_at.is_null())
        .select(account_links::user_id)
        .load(c))?;
    let mut queued = 0;
    for user_id in users {
        queued += notify(conn, notifier, user_id, notice)?;
    }
    Ok(queued)
}

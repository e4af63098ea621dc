//! `GET/PUT /me/notifications`: per-event, per-channel choices beside the consents.

use std::collections::BTreeMap;

use kabinet_shared::api::notices::{ChannelChoice, NoticeEvent, NotificationPrefs};

use crate::db::models::notice;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::error::DomainError;

/// Every event with its choice (no stored row: both channels on).
pub fn get(conn: &mut DbConnection, user_id: i64) -> Result<NotificationPrefs, DomainError> {
    let stored = notice::prefs(conn, user_id)?;
    let events = NoticeEvent::ALL
        .into_iter()
        .map(|event| {
            let choice = stored.iter().find(|(e, _, _)| e == event.as_str()).map_or(
                ChannelChoice {
                    email: true,
                    sms: true,
                },
                |(_, email, sms)| ChannelChoice {
                    email: *email,
                    sms: *sms,
                },
            );
            (event, choice)
        })
        .collect::<BTreeMap<_, _>>();
    Ok(NotificationPrefs { events })
}

/// Stores the events named in `wanted` (the others keep their choice) and audits the change.
pub fn put(
    conn: &mut DbConnection,
    user_id: i64,
    wanted: NotificationPrefs,
    ip: Option<&str>,
) -> Result<NotificationPrefs, DomainError> {
    conn.transaction(|conn| {
        let mut changed = Vec::new();
        for (event, choice) in &wanted.events {
            notice::set_pref(conn, user_id, event.as_str(), choice.email, choice.sms)?;
            changed.push(format!(
                "{}={}{}",
                event.as_str(),
                if choice.email { "e" } else { "-" },
                if choice.sms { "s" } else { "-" }
            ));
        }
        if !changed.is_empty() {
            audit(
                conn,
                Actor::User(user_id),
                "profile.notifications",
                Target::User(user_id),
                ip,
                Some(changed.join(",")),
            )?;
        }
        Ok::<_, DomainError>(())
    })?;
    get(conn, user_id)
}

//! The one way the domain writes the audit log: `audit(conn, actor, action, target, ip,
//! details)`, called inside the transaction of the action it records. The target is typed, so
//! a kind cannot be misspelt and its id is formatted one way everywhere — and [`about`] reads
//! a target's rows back with the same spelling.

pub use crate::db::models::audit::Actor;
use crate::db::models::audit::{self, AuditRow, Event};
use crate::db::DbConnection;
use crate::domain::error::DomainError;

/// What an action was done to, as `target_kind` / `target_id` store it.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Nothing in particular (a search, a bulk upload).
    None,
    User(i64),
    /// An account by number.
    Account(&'a str),
    Session(i64),
    PersonalToken(i64),
    /// A Rules version.
    Rules(i32),
    /// A meter reading by its quotable number.
    Reading(&'a str),
    /// An appeal by its registration number.
    Appeal(&'a str),
}

impl Target<'_> {
    fn parts(self) -> Option<(&'static str, String)> {
        match self {
            Self::None => None,
            Self::User(id) => Some(("user", id.to_string())),
            Self::Account(number) => Some(("account", number.to_owned())),
            Self::Session(id) => Some(("session", id.to_string())),
            Self::PersonalToken(id) => Some(("personal_token", id.to_string())),
            Self::Rules(version) => Some(("rules", version.to_string())),
            Self::Reading(number) => Some(("reading", number.to_owned())),
            Self::Appeal(number) => Some(("appeal", number.to_owned())),
        }
    }
}

/// Appends one event to the audit log.
pub fn audit(
    conn: &mut DbConnection,
    actor: Actor,
    action: &str,
    target: Target<'_>,
    ip: Option<&str>,
    details: Option<String>,
) -> Result<(), DomainError> {
    audit::record(
        conn,
        Event {
            actor,
            action,
            target: target.parts(),
            ip,
            details,
        },
    )?;
    Ok(())
}

/// The newest rows of `actions` about `target`, at most `limit` (none for [`Target::None`]).
pub fn about(
    conn: &mut DbConnection,
    target: Target<'_>,
    actions: &[&str],
    limit: i64,
) -> Result<Vec<AuditRow>, DomainError> {
    let Some((kind, id)) = target.parts() else {
        return Ok(Vec::new());
    };
    Ok(audit::about(conn, kind, &id, actions, limit)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_store_the_kinds_the_log_has_always_used() {
        assert_eq!(Target::None.parts(), None);
        assert_eq!(Target::User(7).parts(), Some(("user", "7".to_owned())));
        assert_eq!(
            Target::Account("100200300").parts(),
            Some(("account", "100200300".to_owned()))
        );
        assert_eq!(
            Target::Session(3).parts(),
            Some(("session", "3".to_owned()))
        );
        assert_eq!(
            Target::PersonalToken(4).parts(),
            Some(("personal_token", "4".to_owned()))
        );
        assert_eq!(Target::Rules(2).parts(), Some(("rules", "2".to_owned())));
    }
}

//! A user's block history as the operator's user page shows it, read back from the audit log.
//! The details a block and an unblock write and the reading of them sit side by side here, so
//! the two cannot drift apart.

use kabinet_shared::api::operator::BlockEvent;

use crate::db::models::audit::AuditRow;
use crate::db::DbConnection;
use crate::domain::audit::{self, Target};
use crate::domain::clock::shown;
use crate::domain::error::DomainError;

/// The audit action of a block.
pub const BLOCK: &str = "user.block";
/// The audit action of an unblock.
pub const UNBLOCK: &str = "user.unblock";

/// Events shown at most (the log keeps them all).
const SHOWN: i64 = 50;

/// The details of a block: the reason first, what it ended after it.
pub fn block_details(reason: &str, sessions_ended: usize, tokens_revoked: usize) -> String {
    format!("reason={reason}; sessions_ended={sessions_ended}; tokens_revoked={tokens_revoked}")
}

/// The details of an unblock.
pub fn unblock_details(reason: &str) -> String {
    format!("reason={reason}")
}

/// The user's blocks and unblocks, newest first, in one query.
pub fn history(conn: &mut DbConnection, user_id: i64) -> Result<Vec<BlockEvent>, DomainError> {
    Ok(
        audit::about(conn, Target::User(user_id), &[BLOCK, UNBLOCK], SHOWN)?
            .into_iter()
            .map(event)
            .collect(),
    )
}

fn event(row: AuditRow) -> BlockEvent {
    let blocked = row.action == BLOCK;
    BlockEvent {
        at: shown(row.at),
        blocked,
        reason: row
            .details
            .as_deref()
            .and_then(|d| reason_in(d, blocked))
            .map(str::to_owned),
        by: row.actor_id.filter(|_| row.actor_kind == "operator"),
    }
}

/// The reason in [`block_details`] or [`unblock_details`]. A reason is free text and may
/// hold "; " itself, so a block's is cut at the last `; sessions_ended=`.
fn reason_in(details: &str, blocked: bool) -> Option<&str> {
    let rest = details.strip_prefix("reason=")?;
    if !blocked {
        return Some(rest);
    }
    Some(
        rest.rsplit_once("; sessions_ended=")
            .map_or(rest, |(r, _)| r),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_back_as_written_even_with_semicolons() {
        let reason = "звонок; заявление №5";
        assert_eq!(reason_in(&block_details(reason, 2, 1), true), Some(reason));
        assert_eq!(reason_in(&unblock_details(reason), false), Some(reason));
        assert_eq!(reason_in("failures=5", true), None);
    }
}

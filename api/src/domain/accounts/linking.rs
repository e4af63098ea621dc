//! Linking a resident to an account with a code from the office (Rules §5), unlinking
//! (Rules 2.4: a written request, or a change of owner), and the operator's code slips.

use chrono::{Duration, NaiveDate};
use kabinet_shared::api::accounts::{DisconnectRequest, LinkCode, LinkRequest};
use kabinet_shared::api::integration::{OwnerChangeRequest, OwnerChangeResult};
use kabinet_shared::validate;

use super::codes;
use crate::db::models::{account, billing, link, throttle as counters, user};
use crate::db::time::now;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::clock::shown;
use crate::domain::clock::Clock;
use crate::domain::error::DomainError;
use crate::domain::identity::throttle::{self, Policy, Verdict};
use crate::domain::notices::{notify, Notice, Notifier};
use crate::domain::staff::StaffActor;
use crate::secrets::SigningKey;
use kabinet_shared::ErrorCode;

/// Throttle scopes: a user's wrong tries over all accounts, and per account.
const LINK_USER: &str = "link_user";
const LINK_PAIR: &str = "link";

/// Issues a new code for an account, voiding the previous one.
pub fn issue_code(
    conn: &mut DbConnection,
    key: &SigningKey,
    by: StaffActor<'_>,
    number: &str,
    valid_days: i64,
    clock: &Clock,
) -> Result<LinkCode, DomainError> {
    let acc = account::find(conn, number)?.ok_or(DomainError::NOT_FOUND)?;
    let code = codes::generate()?;
    let expires = conn.transaction(|conn| {
        let voided = link::void_codes(conn, acc.id)?;
        let expires = link::create_code(
            conn,
            acc.id,
            &codes::hash(key, acc.id, &code),
            by.id,
            Duration::days(valid_days),
        )?;
        audit(
            conn,
            Actor::Operator(by.id),
            "link_code.issue",
            Target::Account(number),
            by.ip,
            Some(format!("voided={voided}")),
        )?;
        Ok::<_, DomainError>(expires)
    })?;
    Ok(LinkCode {
        code,
        account_number: acc.number,
        expires_at: shown(expires),
        expires_on: clock.date_of(expires).format("%Y-%m-%d").to_string(),
    })
}

/// The resident's side. Unknown account, wrong code and expired code give one answer.
///
/// Wrong tries count per user (10 an hour over all accounts) and per user *and account* (5 a
/// day): past either the user gets 429, but the code itself stays good, so a stranger who
/// registers and guesses cannot spoil the code a neighbour holds. Each try is taken from the
/// counters before the code is compared (atomically: parallel tries cannot exceed the limit)
/// and given back when the code was right.
pub fn link(
    conn: &mut DbConnection,
    key: &SigningKey,
    policy: &Policy,
    user_id: i64,
    req: &LinkRequest,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let at = now();
    let number = req.account_number.trim();
    let user_key = user_id.to_string();
    let found = account::find(conn, number)?;
    // Unknown accounts count under a key of their own, so the answer's timing and counting
    // match a real account's.
    let pair_key = format!(
        "{}:{user_id}",
        found
            .as_ref()
            .map_or_else(|| format!("?{number}"), |a| a.id.to_string())
    );
    if let Verdict::Wait(secs) = throttle::take(conn, LINK_USER, &user_key, &policy.link_user, at)?
    {
        return Err(DomainError::Throttled {
            retry_after_secs: secs,
        });
    }
    if let Verdict::Wait(secs) = throttle::take(conn, LINK_PAIR, &pair_key, &policy.link_pair, at)?
    {
        counters::refund(conn, LINK_USER, &user_key)?;
        return Err(DomainError::Throttled {
            retry_after_secs: secs,
        });
    }
    let active = match &found {
        Some(acc) => link::active_code(conn, acc.id)?,
        None => None,
    };
    // Every way of failing answers alike (the tries were already counted above).
    let failed = |conn: &mut DbConnection| -> Result<(), DomainError> {
        audit(
            conn,
            Actor::User(user_id),
            "account.link_failed",
            Target::Account(number),
            ip,
            None,
        )?;
        Err(DomainError::Rule(ErrorCode::InvalidLinkCode))
    };
    let (Some(acc), Some((code_id, code_hash, expires_at, _))) = (found, active) else {
        return failed(conn);
    };
    let expired = expires_at <= now();
    if expired || !codes::same(&code_hash, &codes::hash(key, acc.id, &req.code)) {
        if !expired {
            link::fail_code(conn, code_id)?;
        }
        return failed(conn);
    }
    // The right code: the tries are given back whatever happens next.
    counters::refund(conn, LINK_USER, &user_key)?;
    counters::clear(conn, LINK_PAIR, &pair_key)?;
    if link::is_linked(conn, acc.id, user_id)? {
        return Err(DomainError::Rule(ErrorCode::AlreadyLinked));
    }
    let me = user::find(conn, user_id)?.ok_or(DomainError::Rule(ErrorCode::Unauthorized))?;
    let same_name = validate::name_key(&me.full_name) == validate::name_key(&acc.owner_name);
    if !same_name && !req.as_family_member {
        return Err(DomainError::Rule(ErrorCode::OwnerNameMismatch));
    }
    let family = !same_name && req.as_family_member;
    conn.transaction(|conn| {
        if !link::use_code(conn, code_id, user_id)? {
            return Err(DomainError::Rule(ErrorCode::InvalidLinkCode));
        }
        link::link(conn, acc.id, user_id, family)?;
        audit(
            conn,
            Actor::User(user_id),
            "account.link",
            Target::Account(number),
            ip,
            Some(format!("as_family_member={family}")),
        )
    })
}

/// Wrong link tries on an account, per user, for the operator (newest first).
pub fn failed_tries(
    conn: &mut DbConnection,
    account_id: i64,
) -> Result<Vec<(i64, i64, String)>, DomainError> {
    let rows = counters::with_prefix(conn, LINK_PAIR, &format!("{account_id}:"), 50)?;
    Ok(rows
        .into_iter()
        .filter_map(|(key, c)| {
            let user_id = key.split_once(':')?.1.parse().ok()?;
            Some((
                user_id,
                c.failures,
                shown(c.last_failure_at.unwrap_or(c.window_start)),
            ))
        })
        .collect())
}

/// The resident's own disconnection (recorded as a written request).
pub fn unlink_own(
    conn: &mut DbConnection,
    user_id: i64,
    number: &str,
    ip: Option<&str>,
) -> Result<(), DomainError> {
    let (acc, _) = super::linked(conn, user_id, number)?;
    conn.transaction(|conn| {
        link::unlink(
            conn,
            acc.id,
            Some(user_id),
            "written_request",
            Some("by the resident online"),
            Some(user_id),
        )?;
        audit(
            conn,
            Actor::User(user_id),
            "account.unlink",
            Target::Account(number),
            ip,
            None,
        )
    })
}

/// The operator's disconnection of one user or all (Rules 2.4).
pub fn disconnect(
    conn: &mut DbConnection,
    notifier: &Notifier,
    by: StaffActor<'_>,
    number: &str,
    req: &DisconnectRequest,
) -> Result<i64, DomainError> {
    let acc = account::find(conn, number)?.ok_or(DomainError::NOT_FOUND)?;
    if req.note.chars().count() > 500 {
        return Err(DomainError::field(
            "note",
            "too_long",
            "at most 500 characters",
        ));
    }
    if req.note.chars().any(validate::is_unsafe_char) {
        return Err(DomainError::field(
            "note",
            "invalid_characters",
            "no control or bidirectional-override characters",
        ));
    }
    conn.transaction(|conn| {
        let gone = link::unlink(
            conn,
            acc.id,
            req.user_id,
            req.reason.as_str(),
            Some(req.note.trim()),
            Some(by.id),
        )?;
        if req.user_id.is_some() && gone.is_empty() {
            return Err(DomainError::NOT_FOUND);
        }
        let notice = Notice::AccountUnlinked {
            account: number.to_owned(),
            reason: req.reason.as_str().to_owned(),
        };
        for user_id in &gone {
            notify(conn, notifier, *user_id, &notice)?;
        }
        audit(
            conn,
            Actor::Operator(by.id),
            "account.disconnect",
            Target::Account(number),
            by.ip,
            Some(format!(
                "reason={}; note={}; users={:?}",
                req.reason.as_str(),
                req.note.trim(),
                gone
            )),
        )?;
        Ok(i64::try_from(gone.len()).unwrap_or(0))
    })
}

/// A change of owner from the billing system: the new name is stored, every linked user is
/// unlinked (reason `owner_change`) and notified as they chose. Repeating the same change does nothing.
pub fn owner_change(
    conn: &mut DbConnection,
    notifier: &Notifier,
    client_id: i64,
    number: &str,
    req: &OwnerChangeRequest,
    ip: Option<&str>,
) -> Result<OwnerChangeResult, DomainError> {
    let new_owner = validate::full_name(&req.new_owner_name)
        .map_err(|code| DomainError::field("new_owner_name", code, "not a valid name"))?;
    let effective = NaiveDate::parse_from_str(req.effective_date.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::field("effective_date", "invalid", "expected YYYY-MM-DD"))?;
    let acc = account::find(conn, number)?.ok_or(DomainError::NOT_FOUND)?;
    conn.transaction(|conn| {
        if !billing::record_owner_change(conn, acc.id, &new_owner, effective)? {
            return Ok(OwnerChangeResult {
                unlinked: 0,
                applied: false,
            });
        }
        account::set_owner(conn, &acc, &new_owner)?;
        link::void_codes(conn, acc.id)?;
        let gone = link::unlink(
            conn,
            acc.id,
            None,
            "owner_change",
            Some(&format!("effective {effective}")),
            None,
        )?;
        let notice = Notice::AccountUnlinked {
            account: number.to_owned(),
            reason: "owner_change".into(),
        };
        for user_id in &gone {
            notify(conn, notifier, *user_id, &notice)?;
        }
        audit(
            conn,
            Actor::ApiClient(client_id),
            "account.owner_change",
            Target::Account(number),
            ip,
            Some(format!("effective={effective}; unlinked={}", gone.len())),
        )?;
        Ok(OwnerChangeResult {
            unlinked: i64::try_from(gone.len()).unwrap_or(0),
            applied: true,
        })
    })
}

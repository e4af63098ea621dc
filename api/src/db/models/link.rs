//! `account_links` (who may see which account), `link_codes` (office codes, keyed hashes) and
//! `auth_throttles` (throttling of wrong codes, see `domain::accounts::linking`).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{account_links, link_codes, users};
use crate::db::time::now;
use crate::db::DbConnection;

/// An active code of an account: `(id, code_hash, expires_at, failed_attempts)`.
pub type ActiveCode = (i64, String, NaiveDateTime, i32);

/// Voids every unused code of the account (a new code replaces the old one).
pub fn void_codes(conn: &mut DbConnection, account_id: i64) -> QueryResult<usize> {
    let at = now();
    crate::with_conn!(conn, |c| diesel::update(
        link_codes::table
            .filter(link_codes::account_id.eq(account_id))
            .filter(link_codes::used_at.is_null())
            .filter(link_codes::voided_at.is_null())
    )
    .set(link_codes::voided_at.eq(Some(at)))
    .execute(c))
}

/// Stores a new code (its keyed hash).
pub fn create_code(
    conn: &mut DbConnection,
    account_id: i64,
    hash: &str,
    issued_by: i64,
    valid_for: Duration,
) -> QueryResult<NaiveDateTime> {
    let at = now();
    let expires = at + valid_for;
    crate::with_conn!(conn, |c| diesel::insert_into(link_codes::table)
        .values((
            link_codes::account_id.eq(account_id),
            link_codes::code_hash.eq(hash),
            link_codes::issued_by.eq(Some(issued_by)),
            link_codes::created_at.eq(at),
            link_codes::expires_at.eq(expires),
        ))
        .execute(c))?;
    Ok(expires)
}

/// The account's code that is neither used, voided nor locked (expired ones included; the
/// caller checks the time).
pub fn active_code(conn: &mut DbConnection, account_id: i64) -> QueryResult<Option<ActiveCode>> {
    crate::with_conn!(conn, |c| link_codes::table
        .filter(link_codes::account_id.eq(account_id))
        .filter(link_codes::used_at.is_null())
        .filter(link_codes::voided_at.is_null())
        .filter(link_codes::locked_at.is_null())
        .order(link_codes::id.desc())
        .select((
            link_codes::id,
            link_codes::code_hash,
            link_codes::expires_at,
            link_codes::failed_attempts
        ))
        .first(c)
        .optional())
}

/// Counts a wrong try on the code, for the operator's view (an increment in SQL, so parallel
/// wrong tries all count). It never locks the code: wrong tries are limited per user and
/// account instead, so nobody can spoil a neighbour's code.
pub fn fail_code(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(link_codes::table.find(id))
        .set(link_codes::failed_attempts.eq(link_codes::failed_attempts + 1))
        .execute(c))?;
    Ok(())
}

/// Marks a code used by `user_id`; false when someone else used it first.
pub fn use_code(conn: &mut DbConnection, id: i64, user_id: i64) -> QueryResult<bool> {
    let n = crate::with_conn!(conn, |c| diesel::update(
        link_codes::table
            .filter(link_codes::id.eq(id))
            .filter(link_codes::used_at.is_null())
    )
    .set((
        link_codes::used_at.eq(Some(now())),
        link_codes::used_by.eq(Some(user_id))
    ))
    .execute(c))?;
    Ok(n == 1)
}

/// Whether the user is linked to the account now.
pub fn is_linked(conn: &mut DbConnection, account_id: i64, user_id: i64) -> QueryResult<bool> {
    let n: i64 = crate::with_conn!(conn, |c| account_links::table
        .filter(account_links::account_id.eq(account_id))
        .filter(account_links::user_id.eq(user_id))
        .filter(account_links::unlinked_at.is_null())
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

/// Links a user to an account.
pub fn link(
    conn: &mut DbConnection,
    account_id: i64,
    user_id: i64,
    as_family_member: bool,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::insert_into(account_links::table)
        .values((
            account_links::account_id.eq(account_id),
            account_links::user_id.eq(user_id),
            account_links::as_family_member.eq(as_family_member),
            account_links::linked_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

/// Unlinks one user (`Some`) or everyone (`None`); returns the user ids unlinked. The links
/// are closed, not deleted, so who could see the account and when stays on record.
pub fn unlink(
    conn: &mut DbConnection,
    account_id: i64,
    user_id: Option<i64>,
    reason: &str,
    note: Option<&str>,
    by: Option<i64>,
) -> QueryResult<Vec<i64>> {
    let at = now();
    let mut affected: Vec<i64> = crate::with_conn!(conn, |c| account_links::table
        .filter(account_links::account_id.eq(account_id))
        .filter(account_links::unlinked_at.is_null())
        .select(account_links::user_id)
        .load(c))?;
    if let Some(one) = user_id {
        affected.retain(|u| *u == one);
    }
    if affected.is_empty() {
        return Ok(affected);
    }
    crate::with_conn!(conn, |c| diesel::update(
        account_links::table
            .filter(account_links::account_id.eq(account_id))
            .filter(account_links::user_id.eq_any(&affected))
            .filter(account_links::unlinked_at.is_null())
    )
    .set((
        account_links::unlinked_at.eq(Some(at)),
        account_links::unlink_reason.eq(Some(reason)),
        account_links::unlink_note.eq(note),
        account_links::unlinked_by.eq(by),
    ))
    .execute(c))?;
    Ok(affected)
}

/// A linked user: `(user_id, login, full_name, email, as_family_member, linked_at)`.
pub type LinkedUserRow = (i64, String, String, String, bool, NaiveDateTime);

/// Users linked to an account.
pub fn linked_users(conn: &mut DbConnection, account_id: i64) -> QueryResult<Vec<LinkedUserRow>> {
    crate::with_conn!(conn, |c| account_links::table
        .inner_join(users::table)
        .filter(account_links::account_id.eq(account_id))
        .filter(account_links::unlinked_at.is_null())
        .order(account_links::id.asc())
        .select((
            users::id,
            users::login,
            users::full_name,
            users::email,
            account_links::as_family_member,
            account_links::linked_at
        ))
        .load(c))
}

//! `idempotency_keys`: the first successful answer to `(caller, Idempotency-Key)`, kept a day
//! so a retried request gets the same answer instead of doing the work twice.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::idempotency_keys;
use crate::db::time::now;
use crate::db::DbConnection;

/// What a key holds when a request arrives.
pub enum Claim {
    /// First use: do the work, then [`answer`].
    Fresh,
    /// Used before with this request: the stored `(status, body)`.
    Replay(i32, String),
    /// Used before with a different request (or its answer is not stored).
    Mismatch,
}

/// Takes the key for this request. On PostgreSQL an insert racing another transaction's
/// uncommitted insert of the same key waits for it, so a retry sent while the first is still
/// running sees its answer.
pub fn claim(conn: &mut DbConnection, owner: &str, key: &str, hash: &str) -> QueryResult<Claim> {
    let taken: Vec<String> =
        crate::with_conn!(conn, |c| diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::owner.eq(owner),
                idempotency_keys::key.eq(key),
                idempotency_keys::request_hash.eq(hash),
                idempotency_keys::status.eq(0),
                idempotency_keys::body.eq(""),
                idempotency_keys::created_at.eq(now()),
            ))
            .on_conflict_do_nothing()
            .returning(idempotency_keys::key)
            .get_results(c))?;
    if !taken.is_empty() {
        return Ok(Claim::Fresh);
    }
    let (stored_hash, status, body): (String, i32, String) =
        crate::with_conn!(conn, |c| idempotency_keys::table
            .find((owner, key))
            .select((
                idempotency_keys::request_hash,
                idempotency_keys::status,
                idempotency_keys::body
            ))
            .first(c))?;
    Ok(if stored_hash == hash && status > 0 {
        Claim::Replay(status, body)
    } else {
        Claim::Mismatch
    })
}

/// Stores the answer under a key claimed in this transaction.
pub fn answer(
    conn: &mut DbConnection,
    owner: &str,
    key: &str,
    status: i32,
    body: &str,
) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(
        idempotency_keys::table.find((owner, key))
    )
    .set((
        idempotency_keys::status.eq(status),
        idempotency_keys::body.eq(body),
    ))
    .execute(c))?;
    Ok(())
}

/// Forgets keys older than `before` (the daily prune).
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    crate::with_conn!(conn, |c| diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::created_at.lt(before))
    )
    .execute(c))
}

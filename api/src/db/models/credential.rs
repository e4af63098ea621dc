//! `api_clients` (integrators' keys) and `personal_tokens` (residents' own automation): both
//! stored as SHA-256 hashes of high-entropy secrets, looked up by hash.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{api_clients, personal_tokens};
use crate::db::time::now;
use crate::db::DbConnection;

/// An active API client: `(id, name, scopes)`.
pub fn find_client(
    conn: &mut DbConnection,
    hash: &str,
) -> QueryResult<Option<(i64, String, String)>> {
    crate::with_conn!(conn, |c| api_clients::table
        .filter(api_clients::key_hash.eq(hash))
        .filter(api_clients::revoked_at.is_null())
        .select((api_clients::id, api_clients::name, api_clients::scopes))
        .first(c)
        .optional())
}

/// Creates an API client.
pub fn create_client(
    conn: &mut DbConnection,
    name: &str,
    hash: &str,
    scopes: &str,
) -> QueryResult<i64> {
    let values = (
        api_clients::name.eq(name),
        api_clients::key_hash.eq(hash),
        api_clients::scopes.eq(scopes),
        api_clients::created_at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(api_clients::table)
        .values(values)
        .returning(api_clients::id)
        .get_result(c))
}

/// Revokes an API client by name; whether one was active.
pub fn revoke_client(conn: &mut DbConnection, name: &str) -> QueryResult<bool> {
    let n = crate::with_conn!(conn, |c| diesel::update(
        api_clients::table
            .filter(api_clients::name.eq(name))
            .filter(api_clients::revoked_at.is_null())
    )
    .set(api_clients::revoked_at.eq(Some(now())))
    .execute(c))?;
    Ok(n > 0)
}

/// A personal token row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = personal_tokens)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PersonalToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub scopes: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
}

/// An active personal token by hash.
pub fn find_token(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<PersonalToken>> {
    crate::with_conn!(conn, |c| personal_tokens::table
        .filter(personal_tokens::key_hash.eq(hash))
        .filter(personal_tokens::revoked_at.is_null())
        .select(PersonalToken::as_select())
        .first(c)
        .optional())
}

/// Notes that a token was used (at most once a minute).
pub fn touch_token(conn: &mut DbConnection, token: &PersonalToken) -> QueryResult<()> {
    let at = now();
    if token
        .last_used_at
        .is_some_and(|last| at - last < chrono::Duration::seconds(60))
    {
        return Ok(());
    }
    crate::with_conn!(conn, |c| diesel::update(
        personal_tokens::table.find(token.id)
    )
    .set(personal_tokens::last_used_at.eq(Some(at)))
    .execute(c))?;
    Ok(())
}

/// Creates a personal token.
pub fn create_token(
    conn: &mut DbConnection,
    user_id: i64,
    name: &str,
    hash: &str,
    scopes: &str,
) -> QueryResult<PersonalToken> {
    let values = (
        personal_tokens::user_id.eq(user_id),
        personal_tokens::name.eq(name),
        personal_tokens::key_hash.eq(hash),
        personal_tokens::scopes.eq(scopes),
        personal_tokens::created_at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(personal_tokens::table)
        .values(values)
        .returning(PersonalToken::as_returning())
        .get_result(c))
}

/// The user's active tokens.
pub fn list_tokens(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<PersonalToken>> {
    crate::with_conn!(conn, |c| personal_tokens::table
        .filter(personal_tokens::user_id.eq(user_id))
        .filter(personal_tokens::revoked_at.is_null())
        .order(personal_tokens::id.desc())
        .limit(100)
        .select(PersonalToken::as_select())
        .load(c))
}

/// Revokes one of the user's tokens; whether it was active.
pub fn revoke_token(conn: &mut DbConnection, user_id: i64, id: i64) -> QueryResult<bool> {
    let n = crate::with_conn!(conn, |c| diesel::update(
        personal_tokens::table
            .filter(personal_tokens::id.eq(id))
            .filter(personal_tokens::user_id.eq(user_id))
            .filter(personal_tokens::revoked_at.is_null())
    )
    .set(personal_tokens::revoked_at.eq(Some(now())))
    .execute(c))?;
    Ok(n > 0)
}

/// Revokes every active token of a user (after a password reset or change); returns how many.
pub fn revoke_all_tokens(conn: &mut DbConnection, user_id: i64) -> QueryResult<usize> {
    crate::with_conn!(conn, |c| diesel::update(
        personal_tokens::table
            .filter(personal_tokens::user_id.eq(user_id))
            .filter(personal_tokens::revoked_at.is_null())
    )
    .set(personal_tokens::revoked_at.eq(Some(now())))
    .execute(c))
}

//! `sessions` (one per sign-in on a device) and their rotating `refresh_tokens`.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use diesel::sql_types::{BigInt, Bool, Integer, Nullable, Text, Timestamp};

use crate::db::models::account::Account;
use crate::db::schema::{refresh_tokens, rules_versions, sessions, users};
use crate::db::time::now;
use crate::db::DbConnection;

/// A session row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Session {
    pub id: i64,
    pub public_id: String,
    pub user_id: i64,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
    pub last_used_at: NaiveDateTime,
}

/// What every authenticated request needs to know, in one indexed query.
#[derive(Debug, Clone, Queryable)]
pub struct SessionAuth {
    pub session_id: i64,
    pub user_id: i64,
    pub role: String,
    pub blocked: bool,
    pub rules_version: Option<i32>,
    pub last_used_at: NaiveDateTime,
    /// The current Rules version, read in the same query (none published yet: `None`).
    pub current_rules: Option<i32>,
}

/// Opens a session and returns its id.
pub fn create(
    conn: &mut DbConnection,
    public_id: &str,
    user_id: i64,
    user_agent: Option<&str>,
    ip: Option<&str>,
) -> QueryResult<i64> {
    let at = now();
    let values = (
        sessions::public_id.eq(public_id),
        sessions::user_id.eq(user_id),
        sessions::user_agent.eq(user_agent),
        sessions::ip.eq(ip),
        sessions::created_at.eq(at),
        sessions::last_used_at.eq(at),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(sessions::table)
        .values(values)
        .returning(sessions::id)
        .get_result(c))
}

/// The live session with `public_id` and its user's state; `None` once revoked.
pub fn authenticate(
    conn: &mut DbConnection,
    public_id: &str,
    max_age: Duration,
) -> QueryResult<Option<SessionAuth>> {
    let born_after = now() - max_age;
    crate::with_conn!(conn, |c| sessions::table
        .inner_join(users::table)
        .filter(sessions::public_id.eq(public_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::created_at.gt(born_after))
        .select((
            sessions::id,
            users::id,
            users::role,
            users::blocked_at.is_not_null(),
            users::rules_version,
            sessions::last_used_at,
            // A typed subquery (not a `dsl::sql` fragment), so the statement stays prepared.
            rules_versions::table
                .select(diesel::dsl::max(rules_versions::version))
                .single_value(),
        ))
        .first::<SessionAuth>(c)
        .optional())
}

/// The SQL type of [`SessionAuth`]'s columns.
type SessionAuthSql = (
    BigInt,
    BigInt,
    Text,
    Bool,
    Nullable<Integer>,
    Timestamp,
    Nullable<Integer>,
);

/// The SQL type of an [`Account`]'s columns, in its field order.
type AccountSql = (
    BigInt,
    Text,
    Nullable<BigInt>,
    Text,
    Text,
    Text,
    Nullable<Text>,
    Text,
    BigInt,
    Integer,
    Text,
    Timestamp,
);

crate::prepared_query! {
    /// [`authenticate`] and, in the same round trip, the account `number` when it is linked to
    /// the session's user (the left join finds nothing otherwise).
    struct AuthenticateForAccount {
        number: String,
        public_id: String,
        born_after: NaiveDateTime,
    } -> (SessionAuthSql, Nullable<AccountSql>, Nullable<Bool>);
    "SELECT s.id, u.id, u.role, u.blocked_at IS NOT NULL, u.rules_version, s.last_used_at, \
            (SELECT MAX(version) FROM rules_versions), \
            a.id, a.number, a.house_id, a.settlement, a.street, a.house, a.flat, a.owner_name, \
            a.heated_area_centi, a.residents, a.status, a.created_at, l.as_family_member \
     FROM sessions s \
     JOIN users u ON u.id = s.user_id \
     LEFT JOIN account_links l ON l.user_id = u.id AND l.unlinked_at IS NULL \
          AND l.account_id = (SELECT id FROM accounts WHERE number = " (number: Text) ") \
     LEFT JOIN accounts a ON a.id = l.account_id \
     WHERE s.public_id = " (public_id: Text) " AND s.revoked_at IS NULL \
       AND s.created_at > " (born_after: Timestamp)
}

/// An account linked to the session's user, and whether as a family member.
pub type LinkedAccount = (Account, bool);

/// The live session `public_id` (as [`authenticate`]) and the account `number` with "as a
/// family member" when it is linked to that session's user: the session check and the
/// resident's scoping of every account read in one round trip.
pub fn authenticate_for_account(
    conn: &mut DbConnection,
    public_id: &str,
    max_age: Duration,
    number: &str,
) -> QueryResult<Option<(SessionAuth, Option<LinkedAccount>)>> {
    let query = AuthenticateForAccount {
        number: number.to_owned(),
        public_id: public_id.to_owned(),
        born_after: now() - max_age,
    };
    let found: Option<(SessionAuth, Option<Account>, Option<bool>)> =
        crate::with_conn!(conn, |c| query.get_result(c).optional())?;
    Ok(found.map(|(auth, account, family)| (auth, account.map(|a| (a, family.unwrap_or(false))))))
}

mod account_page;
pub use account_page::{account_page_of, load_account_pages, AccountPage, PageAsk, PageRow};

/// Marks a session used, at most once a minute (so reads do not turn into writes).
///
/// The time is what «Сеансы» shows, nothing depends on it, and it must never make a read wait:
/// of the concurrent requests that all see it a minute old, the `WHERE` lets the first write
/// it and the rest change nothing; and on PostgreSQL, outside a caller's transaction, it is
/// committed without waiting for the WAL flush (a crash may lose that minute). Waiting for
/// the flush, a read behind a checkpoint took 660 ms (`scripts/bench-statement`, p99).
pub fn touch(conn: &mut DbConnection, id: i64, last_used_at: NaiveDateTime) -> QueryResult<()> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};

    let at = now();
    let stale = at - Duration::seconds(60);
    if last_used_at > stale {
        return Ok(());
    }
    let update = diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::last_used_at.le(stale)),
    )
    .set(sessions::last_used_at.eq(at));
    match conn {
        DbConnection::Pg(c) => {
            let outside = AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()?
                .is_none();
            if outside {
                c.transaction(|c| {
                    diesel::sql_query("SET LOCAL synchronous_commit = off").execute(c)?;
                    update.execute(c)
                })?;
            } else {
                update.execute(c)?;
            }
        }
        DbConnection::Sqlite(c) => {
            update.execute(c)?;
        }
    }
    Ok(())
}

/// The user's live sessions, newest first.
pub fn list_active(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<Session>> {
    crate::with_conn!(conn, |c| sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .order(sessions::id.desc())
        .limit(200)
        .select(Session::as_select())
        .load(c))
}

/// Ends one of the user's sessions; returns whether it was live.
pub fn revoke_public(
    conn: &mut DbConnection,
    user_id: i64,
    public_id: &str,
    reason: &str,
) -> QueryResult<bool> {
    let at = now();
    let n = crate::with_conn!(conn, |c| diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::public_id.eq(public_id))
            .filter(sessions::revoked_at.is_null())
    )
    .set((
        sessions::revoked_at.eq(Some(at)),
        sessions::revoked_reason.eq(reason)
    ))
    .execute(c))?;
    Ok(n > 0)
}

/// Ends a session by id.
pub fn revoke(conn: &mut DbConnection, id: i64, reason: &str) -> QueryResult<()> {
    let at = now();
    crate::with_conn!(conn, |c| diesel::update(
        sessions::table
            .filter(sessions::id.eq(id))
            .filter(sessions::revoked_at.is_null())
    )
    .set((
        sessions::revoked_at.eq(Some(at)),
        sessions::revoked_reason.eq(reason)
    ))
    .execute(c))?;
    Ok(())
}

/// Ends every live session of a user except `keep`; returns how many ended.
pub fn revoke_all(
    conn: &mut DbConnection,
    user_id: i64,
    keep: Option<i64>,
    reason: &str,
) -> QueryResult<usize> {
    let at = now();
    let keep = keep.unwrap_or(-1);
    crate::with_conn!(conn, |c| diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::id.ne(keep))
            .filter(sessions::revoked_at.is_null())
    )
    .set((
        sessions::revoked_at.eq(Some(at)),
        sessions::revoked_reason.eq(reason)
    ))
    .execute(c))
}

/// Stores a refresh token (its hash) for a session.
pub fn add_refresh_token(conn: &mut DbConnection, session_id: i64, hash: &str) -> QueryResult<()> {
    let values = (
        refresh_tokens::session_id.eq(session_id),
        refresh_tokens::token_hash.eq(hash),
        refresh_tokens::created_at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(refresh_tokens::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// What presenting a refresh token found.
pub enum RefreshLookup {
    /// Unknown or expired token.
    Invalid,
    /// The token's session was ended (signed out, revoked, blocked).
    Ended { user_id: i64 },
    /// Already used once: someone replayed it.
    Reused { session_id: i64, user_id: i64 },
    /// Valid and unused; the caller marks it used with its successor.
    Fresh {
        token_id: i64,
        session_id: i64,
        public_id: String,
        user_id: i64,
    },
}

/// Looks a presented refresh token up.
pub fn consume_refresh_token(
    conn: &mut DbConnection,
    hash: &str,
    max_age: Duration,
    token_max_age: Duration,
) -> QueryResult<RefreshLookup> {
    let found = crate::with_conn!(conn, |c| refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(hash))
        .select((
            refresh_tokens::id,
            refresh_tokens::used_at.is_not_null(),
            sessions::id,
            sessions::public_id,
            sessions::user_id,
            sessions::revoked_at.is_not_null(),
            refresh_tokens::created_at,
            sessions::created_at,
        ))
        .first::<(
            i64,
            bool,
            i64,
            String,
            i64,
            bool,
            NaiveDateTime,
            NaiveDateTime
        )>(c)
        .optional())?;
    let Some((token_id, used, session_id, public_id, user_id, revoked, created_at, born)) = found
    else {
        return Ok(RefreshLookup::Invalid);
    };
    // Every session has an absolute lifetime, however often it is refreshed.
    if now() - born > max_age {
        return Ok(RefreshLookup::Invalid);
    }
    // The cookie's max-age is only advice to the browser; the server enforces the lifetime.
    if now() - created_at > token_max_age {
        return Ok(RefreshLookup::Invalid);
    }
    if used {
        return Ok(RefreshLookup::Reused {
            session_id,
            user_id,
        });
    }
    if revoked {
        return Ok(RefreshLookup::Ended { user_id });
    }
    Ok(RefreshLookup::Fresh {
        token_id,
        session_id,
        public_id,
        user_id,
    })
}

/// Marks a refresh token used. Conditional on it still being unused, so when two requests race
/// with the same token exactly one wins; the loser gets `NotFound` (and a 401).
pub fn mark_refresh_token_used(conn: &mut DbConnection, token_id: i64) -> QueryResult<()> {
    let updated = crate::with_conn!(conn, |c| diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(token_id))
            .filter(refresh_tokens::used_at.is_null())
    )
    .set(refresh_tokens::used_at.eq(Some(now())))
    .execute(c))?;
    if updated == 1 {
        Ok(())
    } else {
        Err(diesel::result::Error::NotFound)
    }
}

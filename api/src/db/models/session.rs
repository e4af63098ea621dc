//! `sessions` (one per sign-in on a device) and their rotating `refresh_tokens`.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamp};

use crate::db::models::account::{Account, Figures};
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

/// The SQL type of one row of the account page query: [`SessionAuth`], the account, "as a
/// family member", (reading window, balance), the latest payment, one meter in service.
type PageSql = (
    SessionAuthSql,
    Nullable<AccountSql>,
    Nullable<Bool>,
    (Nullable<Integer>, Nullable<Integer>, BigInt),
    Nullable<(Date, BigInt, Text)>,
    Nullable<(BigInt, Text, Text, Date)>,
);

/// One row of the account page query.
pub type PageRow = (
    SessionAuth,
    Option<Account>,
    Option<bool>,
    (Option<i32>, Option<i32>, i64),
    Option<(NaiveDate, i64, String)>,
    Option<(i64, String, String, NaiveDate)>,
);

/// The account page's columns: [`AuthenticateForAccount`]'s and, on the same rows, everything
/// «Общая информация» adds to the account: the house's reading window, the balance (from
/// `account_totals`, which triggers keep: one row instead of summing three years of charges),
/// the latest payment (joined by the id its index finds) and one row per meter in service
/// (none: one row of nulls).
const PAGE_COLUMNS: &str = "s.id, u.id, u.role, u.blocked_at IS NOT NULL, u.rules_version, \
     s.last_used_at, (SELECT MAX(version) FROM rules_versions), \
     a.id, a.number, a.house_id, a.settlement, a.street, a.house, a.flat, a.owner_name, \
     a.heated_area_centi, a.residents, a.status, a.created_at, l.as_family_member, \
     h.reading_window_start, h.reading_window_end, \
     CAST(COALESCE(t.charged_kopecks - t.paid_kopecks, 0) AS BIGINT), \
     p.paid_on, p.amount_kopecks, p.source, \
     m.id, m.service, m.serial_number, m.verification_due ";

/// The account page's joins after the link (whose account is `l.account_id`).
const PAGE_JOINS: &str = "LEFT JOIN accounts a ON a.id = l.account_id \
     LEFT JOIN houses h ON h.id = a.house_id \
     LEFT JOIN account_totals t ON t.account_id = a.id \
     LEFT JOIN payments p ON p.id = (SELECT id FROM payments WHERE account_id = a.id \
          ORDER BY paid_on DESC, id DESC LIMIT 1) \
     LEFT JOIN meters m ON m.account_id = a.id AND m.status = 'active' ";

/// One account page ask: the session, the account number, and how young the session must be.
#[derive(Debug, Clone)]
pub struct PageAsk {
    pub public_id: String,
    pub number: String,
    pub born_after: NaiveDateTime,
}

impl PageAsk {
    /// The ask of session `public_id` (at most `max_age` old) for account `number`.
    pub fn new(public_id: &str, max_age: Duration, number: &str) -> Self {
        Self {
            public_id: public_id.to_owned(),
            number: number.to_owned(),
            born_after: now() - max_age,
        }
    }
}

/// The account page of one ask (SQLite: in-process, one statement per ask costs no trip).
struct AccountPageQuery<'a>(&'a PageAsk);

impl diesel::query_builder::QueryId for AccountPageQuery<'_> {
    type QueryId = AccountPageQuery<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::Query for AccountPageQuery<'_> {
    type SqlType = PageSql;
}

impl<Conn> RunQueryDsl<Conn> for AccountPageQuery<'_> {}

impl diesel::query_builder::QueryFragment<diesel::sqlite::Sqlite> for AccountPageQuery<'_> {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::sqlite::Sqlite>,
    ) -> QueryResult<()> {
        out.push_sql("SELECT ");
        out.push_sql(PAGE_COLUMNS);
        out.push_sql(
            "FROM sessions s JOIN users u ON u.id = s.user_id \
             LEFT JOIN account_links l ON l.user_id = u.id AND l.unlinked_at IS NULL \
             AND l.account_id = (SELECT id FROM accounts WHERE number = ",
        );
        out.push_bind_param::<Text, _>(&self.0.number)?;
        out.push_sql(") ");
        out.push_sql(PAGE_JOINS);
        out.push_sql("WHERE s.public_id = ");
        out.push_bind_param::<Text, _>(&self.0.public_id)?;
        out.push_sql(" AND s.revoked_at IS NULL AND s.created_at > ");
        out.push_bind_param::<Timestamp, _>(&self.0.born_after)?;
        out.push_sql(" ORDER BY m.id");
        Ok(())
    }
}

/// The account pages of many asks in one statement (PostgreSQL: one round trip for all; see
/// [`crate::db::batch`]). Rows come tagged with their ask's place (from 1) and in its order.
struct AccountPagesQuery {
    public_ids: Vec<String>,
    numbers: Vec<String>,
    born_after: Vec<NaiveDateTime>,
}

impl diesel::query_builder::QueryId for AccountPagesQuery {
    type QueryId = AccountPagesQuery;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::Query for AccountPagesQuery {
    type SqlType = (BigInt, PageSql);
}

impl<Conn> RunQueryDsl<Conn> for AccountPagesQuery {}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for AccountPagesQuery {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        use diesel::sql_types::Array;
        out.push_sql("SELECT q.i, ");
        out.push_sql(PAGE_COLUMNS);
        out.push_sql("FROM unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.public_ids)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, _>(&self.numbers)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Timestamp>, _>(&self.born_after)?;
        out.push_sql(
            ") WITH ORDINALITY AS q(public_id, number, born_after, i) \
             JOIN sessions s ON s.public_id = q.public_id AND s.revoked_at IS NULL \
                  AND s.created_at > q.born_after \
             JOIN users u ON u.id = s.user_id \
             LEFT JOIN account_links l ON l.user_id = u.id AND l.unlinked_at IS NULL \
                  AND l.account_id = (SELECT id FROM accounts WHERE number = q.number) ",
        );
        out.push_sql(PAGE_JOINS);
        out.push_sql("ORDER BY q.i, m.id");
        Ok(())
    }
}

/// The rows of the account page of every ask, in the order of `asks`: on PostgreSQL one
/// statement for all, on SQLite one per ask (in-process).
pub fn load_account_pages(
    conn: &mut DbConnection,
    asks: &[PageAsk],
) -> QueryResult<Vec<Vec<PageRow>>> {
    match conn {
        DbConnection::Sqlite(c) => asks
            .iter()
            .map(|ask| AccountPageQuery(ask).load(c))
            .collect(),
        DbConnection::Pg(c) => {
            let query = AccountPagesQuery {
                public_ids: asks.iter().map(|a| a.public_id.clone()).collect(),
                numbers: asks.iter().map(|a| a.number.clone()).collect(),
                born_after: asks.iter().map(|a| a.born_after).collect(),
            };
            let rows: Vec<(i64, PageRow)> = query.load(c)?;
            let mut pages: Vec<Vec<PageRow>> = asks.iter().map(|_| Vec::new()).collect();
            for (place, row) in rows {
                let page = usize::try_from(place - 1)
                    .ok()
                    .and_then(|i| pages.get_mut(i))
                    .ok_or_else(|| {
                        diesel::result::Error::DeserializationError(
                            format!("account page row for ask {place} of {}", asks.len()).into(),
                        )
                    })?;
                page.push(row);
            }
            Ok(pages)
        }
    }
}

/// A linked account with its [`Figures`]: the page «Общая информация» shows.
pub type AccountPage = (LinkedAccount, Figures);

/// The session and, when the account is linked to its user, the account page, from one
/// ask's rows: `None` when the session is not live.
pub fn account_page_of(rows: Vec<PageRow>) -> Option<(SessionAuth, Option<AccountPage>)> {
    let mut rows = rows.into_iter();
    let (auth, account, family, (start, end, balance), last_payment, meter) = rows.next()?;
    let Some(account) = account else {
        return Some((auth, None));
    };
    let meters = meter
        .into_iter()
        .chain(rows.filter_map(|row| row.5))
        .map(|(_, service, serial, due)| (service, serial, due))
        .collect();
    let figures = Figures {
        house_window: start.zip(end),
        balance,
        last_payment,
        meters,
    };
    Some((auth, Some(((account, family.unwrap_or(false)), figures))))
}

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

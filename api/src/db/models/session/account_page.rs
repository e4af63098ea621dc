//! «Общая информация» in one statement: the session check, the resident's link to the account
//! and the page's figures, for one ask (SQLite) or for every ask in a coalesced batch
//! (PostgreSQL, see [`crate::db::batch`]).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamp};

use super::{AccountSql, LinkedAccount, SessionAuth, SessionAuthSql};
use crate::db::models::account::{Account, Figures};
use crate::db::time::now;
use crate::db::DbConnection;

/// The SQL type of one row of the account page query: [`SessionAuth`], the account, "as a
/// family member", (reading window, balance, ledger version), the latest payment, one meter
/// in service.
type PageSql = (
    SessionAuthSql,
    Nullable<AccountSql>,
    Nullable<Bool>,
    (Nullable<Integer>, Nullable<Integer>, BigInt, BigInt),
    Nullable<(Date, BigInt, Text)>,
    Nullable<(BigInt, Text, Text, Date)>,
);

/// One row of the account page query.
pub type PageRow = (
    SessionAuth,
    Option<Account>,
    Option<bool>,
    (Option<i32>, Option<i32>, i64, i64),
    Option<(NaiveDate, i64, String)>,
    Option<(i64, String, String, NaiveDate)>,
);

/// The account page's columns: [`AuthenticateForAccount`]'s and, on the same rows, everything
/// «Общая информация» adds to the account: the house's reading window, the balance (from
/// `account_totals`, which triggers keep: one row instead of summing three years of charges;
/// with it the ledger version a cached statement is checked against),
/// the latest payment (joined by the id its index finds) and one row per meter in service
/// (none: one row of nulls).
const PAGE_COLUMNS: &str = "s.id, u.id, u.role, u.blocked_at IS NOT NULL, u.rules_version, \
     s.last_used_at, (SELECT MAX(version) FROM rules_versions), \
     a.id, a.number, a.house_id, a.settlement, a.street, a.house, a.flat, a.owner_name, \
     a.heated_area_centi, a.residents, a.status, a.created_at, l.as_family_member, \
     h.reading_window_start, h.reading_window_end, \
     CAST(COALESCE(t.charged_kopecks - t.paid_kopecks, 0) AS BIGINT), \
     CAST(COALESCE(t.version, 0) AS BIGINT), \
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
    let (auth, account, family, (start, end, balance, version), last_payment, meter) =
        rows.next()?;
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
        ledger_version: Some(version),
    };
    Some((auth, Some(((account, family.unwrap_or(false)), figures))))
}

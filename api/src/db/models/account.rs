//! `accounts`: utility accounts (лицевые счета), and the sums their balance is made of.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text};

use crate::db::models::account_search;
use crate::db::models::meter::MeterRow;
use crate::db::schema::{account_links, account_totals, accounts, houses};
use crate::db::time::now;
use crate::db::DbConnection;

/// A full `accounts` row.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = accounts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Account {
    pub id: i64,
    pub number: String,
    pub house_id: Option<i64>,
    pub settlement: String,
    pub street: String,
    pub house: String,
    pub flat: Option<String>,
    pub owner_name: String,
    pub heated_area_centi: i64,
    pub residents: i32,
    pub status: String,
    pub created_at: NaiveDateTime,
}

/// The billing system's view of an account, as stored (what an upsert compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountData {
    pub number: String,
    pub house_id: Option<i64>,
    pub settlement: String,
    pub street: String,
    pub house: String,
    pub flat: Option<String>,
    pub owner_name: String,
    pub heated_area_centi: i64,
    pub residents: i32,
    pub status: String,
}

impl AccountData {
    /// The key the operator's search matches (see `account_search`).
    fn search_key(&self) -> String {
        account_search::key(
            &self.owner_name,
            &self.settlement,
            &self.street,
            &self.house,
            self.flat.as_deref(),
        )
    }
}

impl From<&Account> for AccountData {
    fn from(a: &Account) -> Self {
        Self {
            number: a.number.clone(),
            house_id: a.house_id,
            settlement: a.settlement.clone(),
            street: a.street.clone(),
            house: a.house.clone(),
            flat: a.flat.clone(),
            owner_name: a.owner_name.clone(),
            heated_area_centi: a.heated_area_centi,
            residents: a.residents,
            status: a.status.clone(),
        }
    }
}

/// Whether an account with this number exists.
pub fn exists(conn: &mut DbConnection, number: &str) -> QueryResult<bool> {
    Ok(find(conn, number)?.is_some())
}

/// Loads an account by number.
pub fn find(conn: &mut DbConnection, number: &str) -> QueryResult<Option<Account>> {
    crate::with_conn!(conn, |c| accounts::table
        .filter(accounts::number.eq(number))
        .select(Account::as_select())
        .first(c)
        .optional())
}

/// The accounts with these numbers (one query, for bulk upserts).
pub fn find_many(conn: &mut DbConnection, numbers: &[String]) -> QueryResult<Vec<Account>> {
    crate::with_conn!(conn, |c| accounts::table
        .filter(accounts::number.eq_any(numbers))
        .select(Account::as_select())
        .load(c))
}

/// Inserts accounts in one statement, skipping numbers that exist by then (another upload may
/// have inserted them since the batch looked); returns the numbers actually inserted.
pub fn insert_many(conn: &mut DbConnection, rows: &[AccountData]) -> QueryResult<Vec<String>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let at = now();
    let values: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                accounts::number.eq(&r.number),
                accounts::house_id.eq(r.house_id),
                accounts::settlement.eq(&r.settlement),
                accounts::street.eq(&r.street),
                accounts::house.eq(&r.house),
                accounts::flat.eq(&r.flat),
                accounts::owner_name.eq(&r.owner_name),
                accounts::heated_area_centi.eq(r.heated_area_centi),
                accounts::residents.eq(r.residents),
                accounts::status.eq(&r.status),
                accounts::search_key.eq(r.search_key()),
                accounts::created_at.eq(at),
                accounts::updated_at.eq(at),
            )
        })
        .collect();
    crate::with_conn!(conn, |c| diesel::insert_into(accounts::table)
        .values(&values)
        .on_conflict_do_nothing()
        .returning(accounts::number)
        .get_results(c))
}

/// Overwrites an account's billing data.
pub fn update(conn: &mut DbConnection, id: i64, r: &AccountData) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(accounts::table.find(id))
        .set((
            accounts::house_id.eq(r.house_id),
            accounts::settlement.eq(&r.settlement),
            accounts::street.eq(&r.street),
            accounts::house.eq(&r.house),
            accounts::flat.eq(&r.flat),
            accounts::owner_name.eq(&r.owner_name),
            accounts::heated_area_centi.eq(r.heated_area_centi),
            accounts::residents.eq(r.residents),
            accounts::status.eq(&r.status),
            accounts::search_key.eq(r.search_key()),
            accounts::updated_at.eq(now()),
        ))
        .execute(c))?;
    Ok(())
}

/// Sets the owner's name (and so the search key).
pub fn set_owner(conn: &mut DbConnection, account: &Account, owner: &str) -> QueryResult<()> {
    let data = AccountData {
        owner_name: owner.to_owned(),
        ..AccountData::from(account)
    };
    crate::with_conn!(conn, |c| diesel::update(accounts::table.find(account.id))
        .set((
            accounts::owner_name.eq(owner),
            accounts::search_key.eq(data.search_key()),
            accounts::updated_at.eq(now())
        ))
        .execute(c))?;
    Ok(())
}

/// The reading-window override of the account's house.
pub fn house_window(
    conn: &mut DbConnection,
    house_id: Option<i64>,
) -> QueryResult<Option<(i32, i32)>> {
    let Some(id) = house_id else { return Ok(None) };
    let found: Option<(Option<i32>, Option<i32>)> = crate::with_conn!(conn, |c| houses::table
        .find(id)
        .select((houses::reading_window_start, houses::reading_window_end))
        .first(c)
        .optional())?;
    Ok(match found {
        Some((Some(s), Some(e))) => Some((s, e)),
        _ => None,
    })
}

/// Balance of each account (charges − payments), in one query on `account_totals` (the sums
/// the triggers of migration 000012 keep; an account with neither has no row: 0).
pub fn balances(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let totals: Vec<(i64, i64, i64)> = crate::with_conn!(conn, |c| account_totals::table
        .filter(account_totals::account_id.eq_any(ids))
        .select((
            account_totals::account_id,
            account_totals::charged_kopecks,
            account_totals::paid_kopecks,
        ))
        .load(c))?;
    Ok(ids
        .iter()
        .map(|id| {
            let balance = totals
                .iter()
                .find(|(a, _, _)| a == id)
                .map_or(0, |(_, charged, paid)| charged - paid);
            (*id, balance)
        })
        .collect())
}

crate::prepared_query! {
    /// Charges − payments of one account, as `account_totals` keeps them.
    struct Balance { id: i64 } -> BigInt;
    "SELECT CAST(COALESCE((SELECT charged_kopecks - paid_kopecks FROM account_totals \
     WHERE account_id = " (id: BigInt) "), 0) AS BIGINT)"
}

/// One account's balance (charges − payments) in one query.
pub fn balance(conn: &mut DbConnection, id: i64) -> QueryResult<i64> {
    crate::with_conn!(conn, |c| Balance { id }.get_result(c))
}

/// What «Общая информация» shows beside the account row, read in one query.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The house's own reading window `(start day, end day)`, when it has one.
    pub house_window: Option<(i32, i32)>,
    /// Charges − payments.
    pub balance: i64,
    /// The latest payment: `(paid_on, amount, source)`.
    pub last_payment: Option<(NaiveDate, i64, String)>,
    /// The meters in service, by id: `(service, serial number, verification due)`.
    pub meters: Vec<MeterRow>,
    /// The account's ledger version (`account_totals.version`, 0 before its first row), when
    /// the read brought it (the coalesced account page does): what a cached statement is
    /// checked against.
    pub ledger_version: Option<i64>,
}

crate::prepared_query! {
    /// Part 0, one row: the house window, the balance and the latest payment (left-joined to
    /// `(SELECT 1)`, as an account may have none). Part 1: a meter in service (its id in the
    /// balance's column, its due date in the payment date's, service and serial number in the
    /// last two). One round trip for everything «Общая информация» adds to the account row.
    struct FiguresQuery { id: i64, house: Option<i64> } -> (
        Integer,
        Nullable<Integer>,
        Nullable<Integer>,
        BigInt,
        Nullable<Date>,
        Nullable<BigInt>,
        Nullable<Text>,
        Nullable<Text>,
    );
    "SELECT 0, (SELECT reading_window_start FROM houses WHERE id = " (house: Nullable<BigInt>) "), \
            (SELECT reading_window_end FROM houses WHERE id = " (house: Nullable<BigInt>) "), \
            CAST(COALESCE((SELECT charged_kopecks - paid_kopecks FROM account_totals \
                           WHERE account_id = " (id: BigInt) "), 0) AS BIGINT), last.paid_on, last.amount_kopecks, last.source, CAST(NULL AS TEXT) \
     FROM (SELECT 1 AS one) AS one_row LEFT JOIN \
          (SELECT paid_on, amount_kopecks, source FROM payments WHERE account_id = " (id: BigInt)
    " ORDER BY paid_on DESC, id DESC LIMIT 1) AS last ON 1 = 1 \
     UNION ALL \
     SELECT 1, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), id, verification_due, \
            CAST(NULL AS BIGINT), service, serial_number \
     FROM meters WHERE account_id = " (id: BigInt) " AND status = 'active'"
}

type FiguresRow = (
    i32,
    Option<i32>,
    Option<i32>,
    i64,
    Option<NaiveDate>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// [`Figures`] of the account `id` in house `house`.
pub fn figures(conn: &mut DbConnection, id: i64, house: Option<i64>) -> QueryResult<Figures> {
    let rows: Vec<FiguresRow> = crate::with_conn!(conn, |c| FiguresQuery { id, house }.load(c))?;
    let mut figures = Figures {
        house_window: None,
        balance: 0,
        last_payment: None,
        meters: Vec::new(),
        ledger_version: None,
    };
    let mut meters: Vec<(i64, MeterRow)> = Vec::new();
    for (part, start, end, number, day, amount, text, serial) in rows {
        match (part, day, text) {
            (0, paid_on, source) => {
                figures.house_window = start.zip(end);
                figures.balance = number;
                figures.last_payment = match (paid_on, amount, source) {
                    (Some(on), Some(amount), Some(source)) => Some((on, amount, source)),
                    _ => None,
                };
            }
            (_, Some(due), Some(service)) => {
                meters.push((number, (service, serial.unwrap_or_default(), due)));
            }
            _ => {}
        }
    }
    meters.sort_by_key(|(meter_id, _)| *meter_id);
    figures.meters = meters.into_iter().map(|(_, row)| row).collect();
    Ok(figures)
}

/// Accounts linked to a user: `(account, as_family_member, linked_at)`, by number.
pub fn linked_to(
    conn: &mut DbConnection,
    user_id: i64,
) -> QueryResult<Vec<(Account, bool, NaiveDateTime)>> {
    crate::with_conn!(conn, |c| accounts::table
        .inner_join(account_links::table)
        .filter(account_links::user_id.eq(user_id))
        .filter(account_links::unlinked_at.is_null())
        .order(accounts::number.asc())
        .limit(100)
        .select((
            Account::as_select(),
            account_links::as_family_member,
            account_links::linked_at,
        ))
        .load(c))
}

/// The account `number` if it is linked to `user_id`: the scoping every resident read goes
/// through, so another resident's account is simply not found.
pub fn find_linked(
    conn: &mut DbConnection,
    user_id: i64,
    number: &str,
) -> QueryResult<Option<(Account, bool)>> {
    crate::with_conn!(conn, |c| accounts::table
        .inner_join(account_links::table)
        .filter(accounts::number.eq(number))
        .filter(account_links::user_id.eq(user_id))
        .filter(account_links::unlinked_at.is_null())
        .select((Account::as_select(), account_links::as_family_member))
        .first(c)
        .optional())
}

/// Inserts an account (seed data).
pub fn insert(conn: &mut DbConnection, new: &AccountData) -> QueryResult<()> {
    insert_many(conn, std::slice::from_ref(new)).map(|_| ())
}

/// An account's number by id.
pub fn number_of(conn: &mut DbConnection, id: i64) -> QueryResult<String> {
    crate::with_conn!(conn, |c| accounts::table
        .filter(accounts::id.eq(id))
        .select(accounts::number)
        .first(c))
}

//! What residents and operators see of an account: the list with balances, «Общая
//! информация», the operator's search, and the operator's view with the linked users (both
//! audited).

use chrono::NaiveDate;
use kabinet_shared::api::accounts::{
    AccountDetail, AccountStatus, AccountSummary, Address, Balance, LastPayment, LinkAttempts,
    LinkedUser, MeterSummary, OperatorAccount, OperatorAccountListItem, ReadingWindow,
};
use kabinet_shared::money::{AreaCenti, Kopecks};

use super::window::{self, WindowDays};
use crate::db::models::account::{self, Account, Figures};
use crate::db::models::account_search::{self, Terms};
use crate::db::models::link;
use crate::db::DbConnection;
use crate::domain::audit::{audit, Target};
use crate::domain::clock::shown;
use crate::domain::error::DomainError;
use crate::domain::staff::StaffActor;

fn address(a: &Account) -> Address {
    Address {
        settlement: a.settlement.clone(),
        street: a.street.clone(),
        house: a.house.clone(),
        flat: a.flat.clone(),
    }
}

fn status(a: &Account) -> AccountStatus {
    AccountStatus::parse(&a.status).unwrap_or(AccountStatus::Open)
}

fn balance_of(conn: &mut DbConnection, id: i64) -> Result<Balance, DomainError> {
    Ok(Balance::of(Kopecks(account::balance(conn, id)?)))
}

/// `GET /accounts`: the caller's linked accounts with their balances (two grouped queries for
/// all balances, not one per account).
pub fn list(conn: &mut DbConnection, user_id: i64) -> Result<Vec<AccountSummary>, DomainError> {
    let linked = account::linked_to(conn, user_id)?;
    let ids: Vec<i64> = linked.iter().map(|(a, _, _)| a.id).collect();
    let balances = account::balances(conn, &ids)?;
    Ok(linked
        .into_iter()
        .map(|(a, family, _)| {
            let amount = balances
                .iter()
                .find(|(id, _)| *id == a.id)
                .map_or(0, |(_, b)| *b);
            AccountSummary {
                number: a.number.clone(),
                address: address(&a),
                owner_name: a.owner_name.clone(),
                status: status(&a),
                balance: Balance::of(Kopecks(amount)),
                as_family_member: family,
            }
        })
        .collect())
}

/// `GET /accounts/{number}`: «Общая информация» of an account linked to the caller
/// (`(account, as a family member)`) and its [`Figures`], read with the credential check.
pub fn detail(
    (a, family): (Account, bool),
    figures: Figures,
    default_window: WindowDays,
    today: NaiveDate,
) -> AccountDetail {
    let days = figures
        .house_window
        .and_then(|(s, e)| WindowDays::new(i64::from(s), i64::from(e)))
        .unwrap_or(default_window);
    let (open, next) = window::state(today, days);
    let last_payment = figures
        .last_payment
        .map(|(paid_on, amount, source)| LastPayment {
            paid_on: paid_on.format("%Y-%m-%d").to_string(),
            amount: Kopecks(amount),
            source,
        });
    AccountDetail {
        number: a.number.clone(),
        address: address(&a),
        owner_name: a.owner_name.clone(),
        heated_area: AreaCenti(a.heated_area_centi),
        residents: a.residents,
        status: status(&a),
        balance: Balance::of(Kopecks(figures.balance)),
        last_payment,
        meters: figures
            .meters
            .into_iter()
            .map(|(service, serial_number, due)| MeterSummary {
                service,
                serial_number,
                verification_due: due.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        reading_window: ReadingWindow {
            start_day: u8::try_from(days.start).unwrap_or(20),
            end_day: u8::try_from(days.end).unwrap_or(25),
            open,
            next_opens_on: next.format("%Y-%m-%d").to_string(),
        },
        as_family_member: family,
    }
}

/// `GET /operator/accounts?q=`: accounts by number, owner or address, in id order, with the
/// id to continue after when there are more. Audited like the user search: results show names.
pub fn search(
    conn: &mut DbConnection,
    by: StaffActor<'_>,
    query: &str,
    after_id: i64,
    limit: i64,
) -> Result<(Vec<OperatorAccountListItem>, Option<i64>), DomainError> {
    let mut rows = account_search::search(conn, &Terms::parse(query), after_id, limit + 1)?;
    let page = usize::try_from(limit).unwrap_or(0);
    let more = rows.len() > page;
    rows.truncate(page);
    let next = if more {
        rows.last().map(|a| a.id)
    } else {
        None
    };
    let ids: Vec<i64> = rows.iter().map(|a| a.id).collect();
    let counts = account_search::linked_counts(conn, &ids)?;
    let items = rows
        .into_iter()
        .map(|a| OperatorAccountListItem {
            linked_users: counts
                .iter()
                .find(|(id, _)| *id == a.id)
                .map_or(0, |(_, n)| *n),
            address: address(&a),
            status: status(&a),
            number: a.number,
            owner_name: a.owner_name,
        })
        .collect();
    let details = Some(format!("q={query}"));
    audit(
        conn,
        by.actor(),
        "account.search",
        Target::None,
        by.ip,
        details,
    )?;
    Ok((items, next))
}

/// `GET /operator/accounts/{number}`: the account and who is linked to it (audited: it shows
/// personal data).
pub fn for_operator(
    conn: &mut DbConnection,
    by: StaffActor<'_>,
    number: &str,
) -> Result<OperatorAccount, DomainError> {
    let a = account::find(conn, number)?.ok_or(DomainError::NOT_FOUND)?;
    let users = link::linked_users(conn, a.id)?
        .into_iter()
        .map(
            |(user_id, login, full_name, _, as_family_member, linked_at)| LinkedUser {
                user_id,
                login,
                full_name,
                as_family_member,
                linked_at: shown(linked_at),
            },
        )
        .collect();
    let active_code = link::active_code(conn, a.id)?
        .is_some_and(|(_, _, expires, _)| expires > crate::db::time::now());
    let target = Target::Account(&a.number);
    audit(conn, by.actor(), "account.view", target, by.ip, None)?;
    Ok(OperatorAccount {
        number: a.number.clone(),
        address: address(&a),
        owner_name: a.owner_name.clone(),
        heated_area: AreaCenti(a.heated_area_centi),
        residents: a.residents,
        status: status(&a),
        balance: balance_of(conn, a.id)?,
        linked_users: users,
        active_code,
        failed_link_attempts: super::linking::failed_tries(conn, a.id)?
            .into_iter()
            .map(|(user_id, failures, last_at)| LinkAttempts {
                user_id,
                failures,
                last_at,
            })
            .collect(),
    })
}

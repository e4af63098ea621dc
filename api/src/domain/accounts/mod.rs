//! Utility accounts: bulk uploads from the billing system, linking by office code, general
//! information, disconnection and change of owner.

pub mod bulk;
pub mod codes;
pub mod info;
pub mod linking;
pub mod window;

use crate::db::models::account::{self, Account};
use crate::db::DbConnection;
use crate::domain::error::DomainError;

/// A linked account of the caller, and whether they are linked as a family member. Every
/// resident endpoint about an account starts here: another resident's account, an unlinked one
/// and one that does not exist are the same 404, decided in SQL.
pub fn linked(
    conn: &mut DbConnection,
    user_id: i64,
    number: &str,
) -> Result<(Account, bool), DomainError> {
    account::find_linked(conn, user_id, number)?.ok_or(DomainError::NOT_FOUND)
}

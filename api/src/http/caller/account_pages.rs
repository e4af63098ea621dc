//! The account page's coalesced read ([`crate::db::batch`]) for a session's caller.

use super::{Proof, ResidentRead};
use crate::db::batch::Batched;
use crate::db::models::session;
use crate::db::{DbConnection, StoreError};
use crate::error::ApiError;

/// The account page of a session, coalesced ([`crate::db::batch`]): the session check, the
/// link and the page's figures of every request in line in one statement on PostgreSQL.
pub struct AccountPages;

impl Batched for AccountPages {
    type Ask = (ResidentRead, session::PageAsk);
    type Rows = Vec<session::PageRow>;
    type Out = Result<session::AccountPage, ApiError>;
    const NAME: &'static str = "account_page";

    fn load(conn: &mut DbConnection, asks: &[Self::Ask]) -> diesel::QueryResult<Vec<Self::Rows>> {
        let asks: Vec<_> = asks.iter().map(|(_, ask)| ask.clone()).collect();
        session::load_account_pages(conn, &asks)
    }

    fn finish(conn: &mut DbConnection, (reader, _): Self::Ask, rows: Self::Rows) -> Self::Out {
        let Proof::Jwt { sid, via } = &reader.0.proof else {
            return Err(ApiError::Internal(
                "a personal token in AccountPages".into(),
            ));
        };
        let (auth, page) = session::account_page_of(rows).ok_or(ApiError::UNAUTHORIZED)?;
        ResidentRead::check(reader.0.session_caller(conn, auth, sid, *via)?)?;
        page.ok_or(ApiError::NOT_FOUND)
    }

    fn failed(err: StoreError) -> Self::Out {
        Err(err.into())
    }
}

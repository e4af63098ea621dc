//! `/api/v1/accounts/{number}/meters/*` and `/readings`: «Данные счётчиков» for residents (and
//! personal tokens with `readings:write`). Every call starts from the caller's linked account,
//! so another resident's meter is a 404.

mod submit;
mod view;

pub use submit::idempotency_key;

use kabinet_shared::api::meters::ReadingSource;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db::models::account::Account;
use crate::db::DbConnection;
use crate::domain::accounts;
use crate::domain::error::DomainError;
use crate::http::caller::{Caller, Via};

/// Registers the meter endpoints.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(view::meters)
        .service(view::history)
        .service(view::consumption)
        .service(view::preview)
        .service(submit::one)
        .service(submit::many);
}

/// The caller's linked account, else 404.
fn linked(conn: &mut DbConnection, caller_id: i64, number: &str) -> Result<Account, DomainError> {
    Ok(accounts::linked(conn, caller_id, number)?.0)
}

/// How a caller's readings are recorded.
fn source(caller: &Caller) -> ReadingSource {
    if caller.via == Via::PersonalToken {
        ReadingSource::PersonalToken
    } else {
        ReadingSource::Resident
    }
}

//! `/api/v1/operator/*`: the office staff's area (operators and admins).

mod accounts;
mod appeals;
mod audit;
mod operators;
mod readings;
mod rules;
mod users;

use utoipa_actix_web::service_config::ServiceConfig;

use crate::db::DbConnection;
use crate::domain::error::DomainError;
use crate::domain::staff::StaffActor;
use crate::error::ApiError;
use crate::http::caller::{Caller, Staff};
use crate::http::state::AppState;

/// Registers the operator endpoints.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(users::search)
        .service(users::view)
        .service(users::block)
        .service(users::unblock)
        .service(rules::publish)
        .service(audit::list)
        .service(operators::create)
        .service(accounts::search)
        .service(accounts::view)
        .service(accounts::issue_code)
        .service(accounts::disconnect)
        .service(readings::flagged)
        .service(readings::meters)
        .service(readings::enter)
        .service(readings::reject)
        .service(appeals::list)
        .service(appeals::view)
        .service(appeals::take)
        .service(appeals::answer)
        .service(appeals::close)
        .service(appeals::download)
        .service(appeals::summary);
}

/// The staff member as the domain layer records them.
fn actor(caller: &Caller) -> StaffActor<'_> {
    StaffActor {
        id: caller.user_id,
        role: caller.role,
        ip: caller.ip.as_deref(),
    }
}

/// Runs `work` for the calling staff member (as the audit log records them) on a pooled
/// connection, off the actix worker: the one line of substance in every operator handler.
async fn as_staff<T, F>(state: &AppState, staff: Staff, work: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, StaffActor<'_>) -> Result<T, DomainError> + Send + 'static,
    T: Send + 'static,
{
    let caller = staff.0;
    Ok(state.db.run(move |conn| work(conn, actor(&caller))).await?)
}

//! `/api/v1/operator/*`: the office staff's area (operators and admins).

mod accounts;
mod audit;
mod operators;
mod rules;
mod users;

use utoipa_actix_web::service_config::ServiceConfig;

use crate::domain::staff::StaffActor;
use crate::http::caller::Caller;

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
        .service(accounts::disconnect);
}

/// The staff member as the domain layer records them.
fn actor(caller: &Caller) -> StaffActor<'_> {
    StaffActor {
        id: caller.user_id,
        role: caller.role,
        ip: caller.ip.as_deref(),
    }
}

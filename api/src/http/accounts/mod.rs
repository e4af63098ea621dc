//! `/api/v1/accounts/*`: the resident's utility accounts.

mod resident;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the account endpoints.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(resident::list)
        .service(resident::link)
        .service(resident::detail)
        .service(resident::unlink);
}

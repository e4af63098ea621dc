//! `/api/v1/integration/*`: the billing system's uploads, authenticated by API key with
//! per-endpoint scopes.

mod billing;
mod owner_change;
mod readings;
mod upload;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the integration endpoints.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(upload::houses)
        .service(upload::accounts)
        .service(upload::meters)
        .service(upload::tariffs)
        .service(readings::export)
        .service(readings::billed)
        .service(owner_change::owner_change)
        .service(billing::charges)
        .service(billing::payments);
}

//! HTTP handlers, one module per API area; each area's `configure` registers its endpoints
//! on the `/api/v1` scope so utoipa collects them into the spec.

pub mod accounts;
pub mod appeals;
pub mod auth;
pub mod billing;
pub mod body;
pub mod caller;
pub mod cookies;
pub mod fallback;
pub mod headers;
pub mod health;
pub mod integration;
pub mod me;
pub mod meters;
pub mod office;
pub mod operator;
pub mod request_id;
pub mod respond;
pub mod rules;
pub mod spa;
pub mod state;
pub mod unsubscribe;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every `/api/v1` endpoint.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(health::health)
        .service(health::live)
        .service(health::ready)
        .service(office::office)
        .service(rules::current)
        .service(unsubscribe::unsubscribe);
    auth::configure(cfg);
    me::configure(cfg);
    operator::configure(cfg);
    accounts::configure(cfg);
    meters::configure(cfg);
    billing::configure(cfg);
    integration::configure(cfg);
    appeals::configure(cfg);
}

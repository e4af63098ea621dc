//! HTTP handlers, one module per API area; each area's `configure` registers its endpoints
//! on the `/api/v1` scope so utoipa collects them into the spec.

pub mod fallback;
pub mod health;
pub mod spa;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every `/api/v1` endpoint.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(health::health);
}

//! «История начислений и оплат», «Квитанция» and «Оплатить»: the resident's side of billing,
//! always from the caller's linked account (another resident's account is a 404), and the
//! payment provider's side (webhook, the sandbox's page).

mod history;
mod pay;
pub mod statement_cache;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the billing endpoints.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(history::statement)
        .service(history::charges)
        .service(history::payments)
        .service(history::receipt)
        .service(pay::start)
        .service(pay::view)
        .service(pay::webhook)
        .service(pay::sandbox_view)
        .service(pay::sandbox_succeed)
        .service(pay::sandbox_fail);
}

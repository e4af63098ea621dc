//! `/api/v1/me/*`: the signed-in user's own profile, password, consents, Rules acceptance,
//! sessions, personal tokens, notification choices, e-mail verification and "my data".

mod gate;
mod notices;
mod profile;
mod security;
mod sessions;
mod tokens;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the `/me` endpoints.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(profile::get)
        .service(profile::patch)
        .service(profile::consents)
        .service(profile::accept_rules)
        .service(security::password)
        .service(sessions::list)
        .service(sessions::end_others)
        .service(sessions::end_one)
        .service(tokens::list)
        .service(tokens::create)
        .service(tokens::revoke)
        .service(notices::get_prefs)
        .service(notices::put_prefs)
        .service(notices::verify_email)
        .service(notices::resend_verification)
        .service(notices::export);
}

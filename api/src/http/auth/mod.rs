//! `/api/v1/auth/*`: registration, sign-in, refresh, sign-out, password reset.

mod login;
mod logout;
mod password_reset;
mod refresh;
mod register;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the auth endpoints.
pub fn configure(cfg: &mut ServiceConfig<'_>) {
    cfg.service(register::register)
        .service(login::login)
        .service(refresh::refresh)
        .service(logout::logout)
        .service(password_reset::request)
        .service(password_reset::confirm);
}

//! Authentication: passwords (argon2id), tokens (JWT access, opaque refresh, API keys),
//! the extractors handlers take to require a caller, cookies with CSRF, and login throttling.

pub mod cookies;
pub mod extractor;
pub mod password;
pub mod throttle;
pub mod token;

pub use extractor::{ApiClient, AuthUser, PendingRulesUser, Staff};

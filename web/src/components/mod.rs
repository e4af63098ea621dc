//! Reusable components, one per file.

#[cfg(any(feature = "meters", feature = "staff"))]
pub mod appeal;
#[cfg(feature = "meters")]
pub mod chart;
pub mod confirm;
pub mod dates;
#[cfg(feature = "meters")]
pub mod download;
pub mod env_check;
pub mod error_banner;
pub mod form_field;
pub mod lang_switch;
pub mod money;
pub mod office;
pub mod require_auth;
pub mod rules_text;
pub mod spinner;

//! Reusable components, one per file.

pub mod env_check;
pub mod error_banner;
pub mod lang_switch;
pub mod spinner;

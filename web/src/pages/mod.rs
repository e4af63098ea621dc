//! One page per route.

pub mod accept_rules;
pub mod accounts;
#[cfg(feature = "meters")]
pub mod appeals;
#[cfg(feature = "meters")]
pub mod billing;
pub mod forgot;
pub mod help;
pub mod home;
pub mod login;
pub mod not_found;
#[cfg(feature = "meters")]
pub mod notices;
#[cfg(feature = "staff")]
pub mod operator;
pub mod profile;
pub mod register;

/// A query-string parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

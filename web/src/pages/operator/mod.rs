//! The office staff's pages.

pub mod accounts;
pub mod users;

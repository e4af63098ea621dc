//! The office staff's pages.

pub mod users;

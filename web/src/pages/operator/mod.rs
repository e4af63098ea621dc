//! The office staff's pages (the staff bundle only).

pub mod accounts;
pub mod audit;
pub mod users;

//! The office staff's pages (the staff bundle only).

pub mod account_meters;
pub mod accounts;
pub mod appeals;
pub mod audit;
pub mod readings;
pub mod users;

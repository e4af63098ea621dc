//! Rows and their queries, one module per table.

pub mod account;
pub mod house;
pub mod setting;
pub mod user;

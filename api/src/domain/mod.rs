//! Business rules, one module per area. Functions take a connection (they run inside
//! `Db::run`, off the actix workers) and return `ApiError`s the handlers pass on.

pub mod accounts;
pub mod identity;
pub mod rules;
pub mod staff;
pub mod time;

//! Business rules, one module per area. Functions take a connection (they run inside
//! `Db::run`, off the actix workers) and return `DomainError`s; `http/` maps them to `ApiError`s and statuses.

pub mod accounts;
pub mod appeals;
pub mod audit;
pub mod billing;
pub mod bulk;
pub mod clock;
pub mod error;
pub mod export;
pub mod idempotency;
pub mod identity;
pub mod notices;
pub mod readings;
pub mod rules;
pub mod staff;

//! Black-box suite: one test binary, one module per area. Every storage test runs on SQLite and
//! on PostgreSQL (see `both_backends!`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod abuse;
mod accounts;
mod appeals;
mod backup;
mod billing;
mod cluster;
mod delivery;
mod durability;
mod identity;
mod notices;
mod online_payment;
mod operations;
mod outage;
mod queries;
mod readings;
mod receipt;
mod schema;
mod sessions;
mod statement_cache;
mod storage;
mod system;

//! Rows and their queries, one module per table (or pair of tightly bound tables).

pub mod account;
pub mod account_search;
pub mod appeal;
pub mod audit;
pub mod billing;
pub mod charge;
pub mod consent;
pub mod credential;
pub mod house;
pub mod idempotency;
pub mod ledger;
pub mod link;
pub mod meter;
pub mod notice;
pub mod online_payment;
pub mod outbox;
pub mod password_reset;
pub mod payment;
pub mod reading;
pub mod rules;
pub mod session;
pub mod setting;
pub mod tariff;
pub mod throttle;
pub mod user;

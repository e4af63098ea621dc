//! Billing: what the billing system uploads (charges per period, payments from other
//! channels), what a resident reads (the statement, the receipt) and online payment.

pub mod charges;
pub mod document;
pub mod online;
pub mod payments;
pub mod receipt;
pub mod requisites;
pub mod statement;

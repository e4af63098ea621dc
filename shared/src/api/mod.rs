//! Request and response bodies, one module per API area.

pub mod accounts;
pub mod appeals;
pub mod auth;
pub mod billing;
pub mod health;
pub mod integration;
pub mod me;
pub mod meters;
pub mod notices;
pub mod office;
pub mod operator;
pub mod page;
pub mod rules;

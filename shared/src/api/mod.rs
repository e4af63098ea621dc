//! Request and response bodies, one module per API area.

pub mod health;

//! Kabinet's server: the REST API, the static SPA, and the CLI commands around them.
//!
//! Layers: `http` (thin handlers) → `domain` (rules, arriving with later issues) → `db`
//! (diesel, both backends). Errors: `db::StoreError` → `error::ApiError` → JSON envelope.

pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod jobs;
pub mod mailer;
pub mod openapi;
pub mod secrets;
pub mod seed;
pub mod startup;

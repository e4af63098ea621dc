//! Kabinet's server: the REST API, the static SPA, and the CLI commands around them.
//!
//! Layers: `http` (thin handlers, extractors, cookies, `AppState`) → `domain` (rules and the
//! identity services: password hashing, tokens, throttling; the clock; the bulk pipeline) →
//! `db` (diesel, both backends). Errors: `db::StoreError` → `domain::error::DomainError` →
//! `error::ApiError` → the JSON envelope. `jobs` runs housekeeping beside the server.

pub mod backup;
pub mod blocking;
pub mod cli;
pub mod config;
pub mod db;
pub mod delivery;
pub mod domain;
pub mod error;
pub mod export_to_postgres;
pub mod http;
pub mod jobs;
pub mod logging;
pub mod mailer;
pub mod metrics;
pub mod openapi;
pub mod secrets;
pub mod seed;
pub mod seed_readings;
pub mod startup;

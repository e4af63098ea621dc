//! Kabinet's wire types: every JSON body the API sends or accepts is defined here once, so the
//! SPA (wasm) and the server (which also derives the OpenAPI schema from them under the
//! `openapi` feature) can never disagree about a field name.

pub mod api;
pub mod error;
pub mod money;
pub mod reading;
pub mod validate;

pub use error::{ErrorBody, ErrorCode, ErrorDetail};

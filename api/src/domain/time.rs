//! Re-export of the storage time helpers for DTO mapping.

pub use crate::db::time::{now, rfc3339};

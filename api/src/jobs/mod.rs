//! Background work of a serving process.

pub mod payments;
pub mod prune;

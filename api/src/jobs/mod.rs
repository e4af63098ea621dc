//! Background work of a serving process.

pub mod prune;

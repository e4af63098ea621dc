//! Background work of a serving process.

pub mod notices;
pub mod payments;
pub mod prune;

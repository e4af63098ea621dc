//! Utility accounts: bulk uploads from the billing system, linking by office code, general
//! information, disconnection and change of owner.

pub mod bulk;
pub mod codes;
pub mod info;
pub mod linking;
pub mod window;

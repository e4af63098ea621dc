//! Identity: registration, sign-in and sessions, the resident's profile, consents, Rules
//! acceptance and personal tokens.

pub mod device;
pub mod guard;
pub mod login;
pub mod password;
pub mod profile;
pub mod register;
pub mod throttle;
pub mod token;
pub mod tokens;

use std::collections::BTreeMap;

use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::domain::error::DomainError;

/// Unicode NFKC: full-width and other compatibility forms become their plain letters, so a
/// login is stored (and compared) in the one form people read.
pub fn nfkc(value: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    value.nfkc().collect()
}

/// Collects per-field problems so one answer names every wrong field.
#[derive(Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// Runs a shared validator and keeps its value or records its error code under `field`.
    pub fn take<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }

    /// Records an error code for `field` (the first one wins).
    pub fn add(&mut self, field: &str, code: &str) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| code.to_owned());
    }

    /// `Ok` when nothing was recorded, else a 400 naming every field.
    pub fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            let names: Vec<&str> = self.0.keys().map(String::as_str).collect();
            let message = format!("invalid fields: {}", names.join(", "));
            Err(DomainError::Invalid {
                message,
                fields: self.0,
            })
        }
    }
}

/// Maps a unique violation on the login or e-mail to a field error (by constraint name on
/// PostgreSQL, by column in SQLite's message); anything else passes through.
pub fn unique_to_field(err: DieselError) -> DomainError {
    if let DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) = &err {
        let name = info.constraint_name().unwrap_or_default();
        let message = info.message();
        if name == "users_login_key" || message.contains("users.login_key") {
            return DomainError::field("login", "taken", "this login is taken");
        }
        if name == "users_email_key" || message.contains("users.email_key") {
            return DomainError::field("email", "taken", "this e-mail is already registered");
        }
    }
    err.into()
}

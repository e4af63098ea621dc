//! `users`: residents, operators and admins.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{sessions, users};
use crate::db::time::now;
use crate::db::DbConnection;
use kabinet_shared::validate::name_key;

/// A full `users` row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct User {
    pub id: i64,
    pub login: String,
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub home_phone: Option<String>,
    pub role: String,
    pub password_hash: String,
    pub created_at: NaiveDateTime,
    pub postal_address: Option<String>,
    pub rules_version: Option<i32>,
    pub rules_accepted_at: Option<NaiveDateTime>,
    pub blocked_at: Option<NaiveDateTime>,
    pub blocked_reason: Option<String>,
    /// `ru` or `en`: the language of the messages sent to this user.
    pub language: String,
    pub email_verified_at: Option<NaiveDateTime>,
}

/// What is needed to create a user; keys for uniqueness are derived here.
pub struct NewUser<'a> {
    pub login: &'a str,
    pub full_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub home_phone: Option<&'a str>,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub rules_version: Option<i32>,
    pub language: &'a str,
}

/// Uniqueness key of a login or e-mail: Unicode NFKC (full-width `ｉｖａｎ` is `ivan`), trimmed,
/// lower case — so look-alikes of an existing login are the same login.
pub fn unique_key(value: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    value.nfkc().collect::<String>().trim().to_lowercase()
}

/// Looks a user up by login, case-insensitively.
pub fn find_id_by_login(conn: &mut DbConnection, login: &str) -> QueryResult<Option<i64>> {
    let key = unique_key(login);
    crate::with_conn!(conn, |c| users::table
        .filter(users::login_key.eq(&key))
        .select(users::id)
        .first::<i64>(c)
        .optional())
}

/// Finds a user by login or e-mail (case-insensitively), for sign-in.
pub fn find_by_login_or_email(conn: &mut DbConnection, value: &str) -> QueryResult<Option<User>> {
    let key = unique_key(value);
    crate::with_conn!(conn, |c| users::table
        .filter(users::login_key.eq(&key).or(users::email_key.eq(&key)))
        .select(User::as_select())
        .first(c)
        .optional())
}

/// Finds a user by e-mail.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<User>> {
    let key = unique_key(email);
    crate::with_conn!(conn, |c| users::table
        .filter(users::email_key.eq(&key))
        .select(User::as_select())
        .first(c)
        .optional())
}

/// Loads a user by id.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<User>> {
    crate::with_conn!(conn, |c| users::table
        .find(id)
        .select(User::as_select())
        .first(c)
        .optional())
}

/// Inserts a user and returns its id.
pub fn insert(conn: &mut DbConnection, user: &NewUser<'_>) -> QueryResult<i64> {
    let at = now();
    let values = (
        users::login.eq(user.login),
        users::login_key.eq(unique_key(user.login)),
        users::full_name.eq(user.full_name),
        users::name_key.eq(name_key(user.full_name)),
        users::email.eq(user.email),
        users::email_key.eq(unique_key(user.email)),
        users::phone.eq(user.phone),
        users::home_phone.eq(user.home_phone),
        users::role.eq(user.role),
        users::password_hash.eq(user.password_hash),
        users::rules_version.eq(user.rules_version),
        users::language.eq(user.language),
        users::rules_accepted_at.eq(user.rules_version.map(|_| at)),
        users::created_at.eq(at),
        users::updated_at.eq(at),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(users::table)
        .values(values)
        .returning(users::id)
        .get_result(c))
}

/// Profile fields after a change (already validated).
pub struct ProfileChange {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    pub home_phone: Option<String>,
    pub postal_address: Option<String>,
    pub language: String,
    /// The e-mail is a new address: it must be verified again.
    pub email_changed: bool,
}

/// Writes the profile fields.
pub fn update_profile(conn: &mut DbConnection, id: i64, change: &ProfileChange) -> QueryResult<()> {
    let values = (
        users::full_name.eq(&change.full_name),
        users::name_key.eq(name_key(&change.full_name)),
        users::email.eq(&change.email),
        users::email_key.eq(unique_key(&change.email)),
        users::phone.eq(&change.phone),
        users::home_phone.eq(&change.home_phone),
        users::postal_address.eq(&change.postal_address),
        users::language.eq(&change.language),
        users::updated_at.eq(now()),
    );
    crate::with_conn!(conn, |c| diesel::update(users::table.find(id))
        .set(values)
        .execute(c))?;
    if change.email_changed {
        crate::with_conn!(conn, |c| diesel::update(users::table.find(id))
            .set(users::email_verified_at.eq(None::<NaiveDateTime>))
            .execute(c))?;
    }
    Ok(())
}

/// Marks the address verified — only if it is still `email` (it may have changed since the
/// code was sent). Returns whether it was.
pub fn mark_email_verified(conn: &mut DbConnection, id: i64, email: &str) -> QueryResult<bool> {
    let changed = crate::with_conn!(conn, |c| diesel::update(
        users::table
            .find(id)
            .filter(users::email_key.eq(unique_key(email)))
    )
    .set(users::email_verified_at.eq(Some(now())))
    .execute(c))?;
    Ok(changed == 1)
}

/// Replaces the password hash.
pub fn set_password(conn: &mut DbConnection, id: i64, hash: &str) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now())))
        .execute(c))?;
    Ok(())
}

/// Records acceptance of a Rules version.
pub fn accept_rules(conn: &mut DbConnection, id: i64, version: i32) -> QueryResult<()> {
    let at = now();
    crate::with_conn!(conn, |c| diesel::update(users::table.find(id))
        .set((
            users::rules_version.eq(Some(version)),
            users::rules_accepted_at.eq(Some(at)),
        ))
        .execute(c))?;
    Ok(())
}

/// Blocks (`Some(reason)`) or unblocks (`None`) a user.
pub fn set_blocked(conn: &mut DbConnection, id: i64, reason: Option<&str>) -> QueryResult<()> {
    let at = reason.map(|_| now());
    crate::with_conn!(conn, |c| diesel::update(users::table.find(id))
        .set((users::blocked_at.eq(at), users::blocked_reason.eq(reason)))
        .execute(c))?;
    Ok(())
}

/// Whether a query is a phone number as people type it: digits with spaces, `+`, brackets
/// and hyphens only (`+7 (913) 123-45-67`, `8 913 123 45 67`, `913-123-45-67`).
fn phone_like(query: &str) -> bool {
    query.chars().any(|c| c.is_ascii_digit())
        && query
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'))
}

/// The digits of a typed phone as stored phones (`+7XXXXXXXXXX`) hold them: the trunk prefix
/// `8` of an 11-digit number is the country code `7`.
fn phone_digits(query: &str) -> String {
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('8') {
        Some(national) if digits.len() == 11 => format!("7{national}"),
        _ => digits,
    }
}

/// Users whose login, name, e-mail or phone contains `query`, in id order after `after_id`.
/// A phone-like query is compared on its digits, so the punctuation it was typed with matters
/// nowhere (nor in the login and e-mail comparison).
pub fn search(
    conn: &mut DbConnection,
    query: &str,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<User>> {
    let digits = phone_digits(query);
    let text = if phone_like(query) {
        digits.clone()
    } else {
        name_key(query)
    };
    let pattern = format!("%{}%", text.replace(['%', '_'], ""));
    let phone_pattern = if digits.len() >= 4 {
        format!("%{digits}%")
    } else {
        // A pattern no phone matches, so short digit runs do not match every user.
        "\u{1}".to_owned()
    };
    crate::with_conn!(conn, |c| users::table
        .filter(users::id.gt(after_id))
        .filter(
            users::login_key
                .like(&pattern)
                .or(users::email_key.like(&pattern))
                .or(users::name_key.like(&pattern))
                .or(users::phone.like(&phone_pattern)),
        )
        .order(users::id.asc())
        .limit(limit)
        .select(User::as_select())
        .load(c))
}

/// Number of live sessions of a user.
pub fn active_sessions(conn: &mut DbConnection, id: i64) -> QueryResult<i64> {
    crate::with_conn!(conn, |c| sessions::table
        .filter(sessions::user_id.eq(id))
        .filter(sessions::revoked_at.is_null())
        .count()
        .get_result(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_typed_any_way_search_as_stored_digits() {
        for typed in ["+7 (913) 123-45-67", "8 913 123 45 67", "89131234567"] {
            assert!(phone_like(typed), "{typed}");
            assert_eq!(phone_digits(typed), "79131234567", "{typed}");
        }
        assert_eq!(phone_digits("913-123-45-67"), "9131234567");
        // Only an 11-digit number has a trunk prefix to read as 7.
        assert_eq!(phone_digits("8913"), "8913");
        assert!(!phone_like("ivan 8913"));
        assert!(!phone_like("- ()"));
    }
}

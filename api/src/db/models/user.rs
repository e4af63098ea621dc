//! `users`: residents, operators and admins.

use chrono::Utc;
use diesel::prelude::*;

use crate::db::schema::users;
use crate::db::DbConnection;

/// What is needed to create a user; keys for uniqueness are derived here.
pub struct NewUser<'a> {
    pub login: &'a str,
    pub full_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
}

/// Case-insensitive uniqueness key of a login or e-mail.
pub fn unique_key(value: &str) -> String {
    value.trim().to_lowercase()
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

/// Inserts a user and returns its id.
pub fn insert(conn: &mut DbConnection, user: &NewUser<'_>) -> QueryResult<i64> {
    let now = Utc::now().naive_utc();
    let values = (
        users::login.eq(user.login),
        users::login_key.eq(unique_key(user.login)),
        users::full_name.eq(user.full_name),
        users::email.eq(user.email),
        users::email_key.eq(unique_key(user.email)),
        users::phone.eq(user.phone),
        users::role.eq(user.role),
        users::password_hash.eq(user.password_hash),
        users::created_at.eq(now),
        users::updated_at.eq(now),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(users::table)
        .values(values)
        .returning(users::id)
        .get_result(c))
}

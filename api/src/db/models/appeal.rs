//! `appeals`, `appeal_attachments` and `attachment_blobs`. Lists read only `appeals` (and the
//! account number); the bytes of a file are read only to download it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{accounts, appeal_attachments, appeals, attachment_blobs, users};
use crate::db::time::now;
use crate::db::DbConnection;

/// An appeal with its account number.
#[derive(Debug, Clone, Queryable)]
pub struct AppealRow {
    pub id: i64,
    pub number: String,
    pub user_id: i64,
    pub category: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub deadline: NaiveDate,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub account: Option<String>,
}

macro_rules! appeal_columns {
    () => {
        (
            appeals::id,
            appeals::number,
            appeals::user_id,
            appeals::category,
            appeals::subject,
            appeals::body,
            appeals::status,
            appeals::created_at,
            appeals::deadline,
            appeals::answer,
            appeals::answered_at,
            accounts::number.nullable(),
        )
    };
}

/// A new appeal, validated.
pub struct NewAppeal<'a> {
    pub user_id: i64,
    pub account_id: Option<i64>,
    pub category: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub deadline: NaiveDate,
}

/// Inserts an appeal and gives it its number (`YYYY-NNNNNN`, the year of filing and the id).
pub fn insert(
    conn: &mut DbConnection,
    new: &NewAppeal<'_>,
    year: i32,
) -> QueryResult<(i64, String)> {
    let at = now();
    // A unique placeholder until the id is known; replaced in the same transaction.
    let placeholder = format!(
        "pending-{}",
        hex::encode(crate::secrets::random_bytes(8).unwrap_or_default())
    );
    let values = (
        appeals::number.eq(&placeholder),
        appeals::user_id.eq(new.user_id),
        appeals::account_id.eq(new.account_id),
        appeals::category.eq(new.category),
        appeals::subject.eq(new.subject),
        appeals::body.eq(new.body),
        appeals::status.eq("new"),
        appeals::created_at.eq(at),
        appeals::deadline.eq(new.deadline),
    );
    let id: i64 = crate::with_conn!(conn, |c| diesel::insert_into(appeals::table)
        .values(values)
        .returning(appeals::id)
        .get_result(c))?;
    let number = format!("{year}-{id:06}");
    crate::with_conn!(conn, |c| diesel::update(appeals::table.find(id))
        .set(appeals::number.eq(&number))
        .execute(c))?;
    Ok((id, number))
}

/// One appeal.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<AppealRow>> {
    crate::with_conn!(conn, |c| appeals::table
        .left_join(accounts::table)
        .filter(appeals::id.eq(id))
        .select(appeal_columns!())
        .first(c)
        .optional())
}

/// A user's appeals, newest first, before the id `before`.
pub fn of_user(
    conn: &mut DbConnection,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AppealRow>> {
    crate::with_conn!(conn, |c| appeals::table
        .left_join(accounts::table)
        .filter(appeals::user_id.eq(user_id))
        .filter(appeals::id.lt(before.unwrap_or(i64::MAX)))
        .order(appeals::id.desc())
        .limit(limit)
        .select(appeal_columns!())
        .load(c))
}

/// What the office filters its list by.
#[derive(Debug, Clone, Default)]
pub struct StaffFilter {
    pub status: Option<String>,
    /// Only open appeals whose deadline is before this date.
    pub overdue_before: Option<NaiveDate>,
    pub category: Option<String>,
    pub account_id: Option<i64>,
}

/// The office's list, newest first, with the filer's name.
pub fn for_staff(
    conn: &mut DbConnection,
    filter: &StaffFilter,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<(AppealRow, String)>> {
    crate::with_conn!(conn, |c| {
        let mut query = appeals::table
            .left_join(accounts::table)
            .inner_join(users::table.on(users::id.eq(appeals::user_id)))
            .filter(appeals::id.lt(before.unwrap_or(i64::MAX)))
            .select((appeal_columns!(), users::full_name))
            .into_boxed();
        if let Some(status) = &filter.status {
            query = query.filter(appeals::status.eq(status.clone()));
        }
        if let Some(day) = filter.overdue_before {
            query = query
                .filter(appeals::status.eq_any(["new", "in_progress"]))
                .filter(appeals::deadline.lt(day));
        }
        if let Some(category) = &filter.category {
            query = query.filter(appeals::category.eq(category.clone()));
        }
        if let Some(account) = filter.account_id {
            query = query.filter(appeals::account_id.eq(account));
        }
        query.order(appeals::id.desc()).limit(limit).load(c)
    })
}

/// Moves an appeal from one of `from` to `to`, setting the step's columns; false when its
/// status was not one of `from` (someone else moved it first).
pub fn step(
    conn: &mut DbConnection,
    id: i64,
    from: &[&str],
    to: &str,
    by: i64,
    answer: Option<&str>,
) -> QueryResult<bool> {
    let at = now();
    let target = appeals::table
        .filter(appeals::id.eq(id))
        .filter(appeals::status.eq_any(from.to_vec()));
    let changed = match to {
        "in_progress" => crate::with_conn!(conn, |c| diesel::update(target)
            .set((
                appeals::status.eq(to),
                appeals::assignee_id.eq(Some(by)),
                appeals::taken_at.eq(Some(at)),
            ))
            .execute(c))?,
        "answered" => crate::with_conn!(conn, |c| diesel::update(target)
            .set((
                appeals::status.eq(to),
                appeals::answer.eq(answer),
                appeals::answered_at.eq(Some(at)),
                appeals::answered_by.eq(Some(by)),
            ))
            .execute(c))?,
        _ => crate::with_conn!(conn, |c| diesel::update(target)
            .set((appeals::status.eq(to), appeals::closed_at.eq(Some(at))))
            .execute(c))?,
    };
    Ok(changed == 1)
}

/// `(new, overdue)` for the office's home page.
pub fn counts(conn: &mut DbConnection, today: NaiveDate) -> QueryResult<(i64, i64)> {
    let new: i64 = crate::with_conn!(conn, |c| appeals::table
        .filter(appeals::status.eq("new"))
        .count()
        .get_result(c))?;
    let overdue: i64 = crate::with_conn!(conn, |c| appeals::table
        .filter(appeals::status.eq_any(["new", "in_progress"]))
        .filter(appeals::deadline.lt(today))
        .count()
        .get_result(c))?;
    Ok((new, overdue))
}

/// An attachment's description: `(id, name, size, content_type)`.
pub type AttachmentRow = (i64, String, i64, String);

/// The columns of an [`AttachmentRow`].
const ATTACHMENT_ROW: (
    appeal_attachments::id,
    appeal_attachments::name,
    appeal_attachments::size,
    appeal_attachments::content_type,
) = (
    appeal_attachments::id,
    appeal_attachments::name,
    appeal_attachments::size,
    appeal_attachments::content_type,
);

/// The attachments of an appeal.
pub fn attachments(conn: &mut DbConnection, appeal_id: i64) -> QueryResult<Vec<AttachmentRow>> {
    crate::with_conn!(conn, |c| appeal_attachments::table
        .filter(appeal_attachments::appeal_id.eq(appeal_id))
        .order(appeal_attachments::id)
        .select(ATTACHMENT_ROW)
        .load(c))
}

/// Stores a file: its description and its bytes, in the caller's transaction.
pub fn add_attachment(
    conn: &mut DbConnection,
    appeal_id: i64,
    name: &str,
    content_type: &str,
    data: &[u8],
    sha256: &str,
) -> QueryResult<i64> {
    let size = i64::try_from(data.len()).unwrap_or(i64::MAX);
    let values = (
        appeal_attachments::appeal_id.eq(appeal_id),
        appeal_attachments::name.eq(name),
        appeal_attachments::content_type.eq(content_type),
        appeal_attachments::size.eq(size),
        appeal_attachments::sha256.eq(sha256),
        appeal_attachments::created_at.eq(now()),
    );
    let id: i64 = crate::with_conn!(conn, |c| diesel::insert_into(appeal_attachments::table)
        .values(values)
        .returning(appeal_attachments::id)
        .get_result(c))?;
    crate::with_conn!(conn, |c| diesel::insert_into(attachment_blobs::table)
        .values((
            attachment_blobs::attachment_id.eq(id),
            attachment_blobs::data.eq(data),
        ))
        .execute(c))?;
    Ok(id)
}

/// A file to download: `(name, content_type, bytes)`.
pub fn attachment_file(
    conn: &mut DbConnection,
    appeal_id: i64,
    attachment_id: i64,
) -> QueryResult<Option<(String, String, Vec<u8>)>> {
    crate::with_conn!(conn, |c| appeal_attachments::table
        .inner_join(attachment_blobs::table)
        .filter(appeal_attachments::id.eq(attachment_id))
        .filter(appeal_attachments::appeal_id.eq(appeal_id))
        .select((
            appeal_attachments::name,
            appeal_attachments::content_type,
            attachment_blobs::data,
        ))
        .first(c)
        .optional())
}

/// The descriptions of every file of a user's appeals, in one query: `(appeal_id, row)`.
pub fn attachments_of_user(
    conn: &mut DbConnection,
    user_id: i64,
) -> QueryResult<Vec<(i64, AttachmentRow)>> {
    crate::with_conn!(conn, |c| appeal_attachments::table
        .inner_join(appeals::table)
        .filter(appeals::user_id.eq(user_id))
        .order(appeal_attachments::id)
        .select((appeal_attachments::appeal_id, ATTACHMENT_ROW))
        .load(c))
}

/// Every appeal of a user with its attachments' descriptions (for "my data").
pub fn all_of_user(conn: &mut DbConnection, user_id: i64) -> QueryResult<Vec<AppealRow>> {
    of_user(conn, user_id, None, i64::MAX)
}

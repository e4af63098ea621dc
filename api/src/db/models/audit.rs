//! `audit_log`: who did what to whom, from where (Rules 2.3, 152-FZ). Written in the same
//! transaction as the action it records.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::time::now;
use crate::db::DbConnection;

/// Who acted.
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    Anonymous,
    User(i64),
    Operator(i64),
    ApiClient(i64),
    System,
}

impl Actor {
    fn parts(self) -> (&'static str, Option<i64>) {
        match self {
            Self::Anonymous => ("anonymous", None),
            Self::User(id) => ("user", Some(id)),
            Self::Operator(id) => ("operator", Some(id)),
            Self::ApiClient(id) => ("api_client", Some(id)),
            Self::System => ("system", None),
        }
    }
}

/// One event to record.
pub struct Event<'a> {
    pub actor: Actor,
    pub action: &'a str,
    pub target: Option<(&'a str, String)>,
    pub ip: Option<&'a str>,
    pub details: Option<String>,
}

/// Appends an event.
pub fn record(conn: &mut DbConnection, event: Event<'_>) -> QueryResult<()> {
    let (actor_kind, actor_id) = event.actor.parts();
    let (target_kind, target_id) = match event.target {
        Some((kind, id)) => (Some(kind), Some(id)),
        None => (None, None),
    };
    let values = (
        audit_log::at.eq(now()),
        audit_log::actor_kind.eq(actor_kind),
        audit_log::actor_id.eq(actor_id),
        audit_log::action.eq(event.action),
        audit_log::target_kind.eq(target_kind),
        audit_log::target_id.eq(target_id),
        audit_log::ip.eq(event.ip),
        audit_log::details.eq(event.details),
    );
    crate::with_conn!(conn, |c| diesel::insert_into(audit_log::table)
        .values(values)
        .execute(c))?;
    Ok(())
}

/// A stored row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub details: Option<String>,
}

/// Filters of the audit list; all optional.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub actor_kind: Option<String>,
    pub actor_id: Option<i64>,
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

/// Newest first, rows with id below `before_id`.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    before_id: i64,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    crate::with_conn!(conn, |c| {
        let mut query = audit_log::table
            .filter(audit_log::id.lt(before_id))
            .order(audit_log::id.desc())
            .limit(limit)
            .select(AuditRow::as_select())
            .into_boxed();
        if let Some(kind) = &filter.actor_kind {
            query = query.filter(audit_log::actor_kind.eq(kind.clone()));
        }
        if let Some(id) = filter.actor_id {
            query = query.filter(audit_log::actor_id.eq(id));
        }
        if let Some(action) = &filter.action {
            query = query.filter(audit_log::action.eq(action.clone()));
        }
        if let Some(kind) = &filter.target_kind {
            query = query.filter(audit_log::target_kind.eq(kind.clone()));
        }
        if let Some(id) = &filter.target_id {
            query = query.filter(audit_log::target_id.eq(id.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_log::at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(audit_log::at.lt(to));
        }
        query.load(c)
    })
}

/// The newest rows of these `actions` about one target (`audit_log_target_idx`).
pub fn about(
    conn: &mut DbConnection,
    target_kind: &str,
    target_id: &str,
    actions: &[&str],
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    crate::with_conn!(conn, |c| audit_log::table
        .filter(audit_log::target_kind.eq(target_kind))
        .filter(audit_log::target_id.eq(target_id))
        .filter(audit_log::action.eq_any(actions))
        .order(audit_log::id.desc())
        .limit(limit)
        .select(AuditRow::as_select())
        .load(c))
}

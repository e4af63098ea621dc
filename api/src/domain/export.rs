//! "My data" (152-FZ art. 14): everything Kabinet holds about the caller as one JSON document —
//! profile, consents with their history, notification choices, sessions, linked accounts, the
//! readings they submitted, the payments they started, their appeals with answers, and the
//! audit entries about them or made by them. Each part is bounded (the newest 10 000 rows) so
//! the document cannot grow without limit; the export itself is audited.

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::db::models::{appeal, consent};
use crate::db::schema::{
    account_links, accounts, audit_log, online_payments, readings, sessions, users,
};
use crate::db::DbConnection;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::clock::shown;
use crate::domain::error::DomainError;
use crate::domain::identity::profile;
use kabinet_shared::money::format_fixed;

/// Rows per part.
const PART: i64 = 10_000;

/// The document.
pub fn export(
    conn: &mut DbConnection,
    user_id: i64,
    ip: Option<&str>,
) -> Result<Value, DomainError> {
    let me = profile::profile(conn, user_id)?;
    let created: Option<chrono::NaiveDateTime> = crate::with_conn!(conn, |c| users::table
        .find(user_id)
        .select(users::created_at)
        .first(c)
        .optional())?;
    let consent_history: Vec<Value> = consent::history(conn, user_id)?
        .into_iter()
        .map(|(kind, granted, at)| json!({"kind": kind, "granted": granted, "at": shown(at)}))
        .collect();
    let prefs = crate::domain::notices::prefs::get(conn, user_id)?;
    type SessionRow = (
        String,
        Option<String>,
        Option<String>,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
    );
    let session_rows: Vec<SessionRow> = crate::with_conn!(conn, |c| sessions::table
        .filter(sessions::user_id.eq(user_id))
        .order(sessions::id.desc())
        .limit(PART)
        .select((
            sessions::public_id,
            sessions::user_agent,
            sessions::ip,
            sessions::created_at,
            sessions::last_used_at,
            sessions::revoked_at,
        ))
        .load(c))?;
    let sessions_out: Vec<Value> = session_rows
        .into_iter()
        .map(|(id, agent, ip, created, used, revoked)| {
            json!({"id": id, "user_agent": agent, "ip": ip, "created_at": shown(created),
                   "last_used_at": shown(used), "ended_at": revoked.map(shown)})
        })
        .collect();
    type LinkRow = (
        String,
        bool,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
        Option<String>,
    );
    let link_rows: Vec<LinkRow> = crate::with_conn!(conn, |c| account_links::table
        .inner_join(accounts::table)
        .filter(account_links::user_id.eq(user_id))
        .order(account_links::id)
        .limit(PART)
        .select((
            accounts::number,
            account_links::as_family_member,
            account_links::linked_at,
            account_links::unlinked_at,
            account_links::unlink_reason,
        ))
        .load(c))?;
    let links: Vec<Value> = link_rows
        .into_iter()
        .map(|(number, family, linked, unlinked, reason)| {
            json!({"account": number, "as_family_member": family, "linked_at": shown(linked),
                   "unlinked_at": unlinked.map(shown), "unlink_reason": reason})
        })
        .collect();
    type ReadingRow = (
        String,
        String,
        i64,
        i32,
        chrono::NaiveDate,
        chrono::NaiveDateTime,
        String,
    );
    let reading_rows: Vec<ReadingRow> = crate::with_conn!(conn, |c| readings::table
        .inner_join(accounts::table)
        .inner_join(crate::db::schema::meters::table)
        .filter(readings::submitted_by.eq(user_id))
        .order(readings::id.desc())
        .limit(PART)
        .select((
            readings::number,
            accounts::number,
            readings::value,
            crate::db::schema::meters::decimal_places,
            readings::taken_on,
            readings::submitted_at,
            readings::status,
        ))
        .load(c))?;
    let readings_out: Vec<Value> = reading_rows
        .into_iter()
        .map(|(number, account, value, places, taken, at, status)| {
            let scale = u32::try_from(places).unwrap_or(0);
            json!({"number": number, "account": account, "value": format_fixed(value, scale),
                   "taken_on": taken.to_string(), "submitted_at": shown(at), "status": status})
        })
        .collect();
    type PaymentRow = (
        String,
        String,
        i64,
        String,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
        String,
    );
    let payment_rows: Vec<PaymentRow> = crate::with_conn!(conn, |c| online_payments::table
        .inner_join(accounts::table)
        .filter(online_payments::user_id.eq(user_id))
        .order(online_payments::created_at.desc())
        .limit(PART)
        .select((
            online_payments::id,
            accounts::number,
            online_payments::amount_kopecks,
            online_payments::status,
            online_payments::created_at,
            online_payments::completed_at,
            online_payments::receipt_contact,
        ))
        .load(c))?;
    let payments_out: Vec<Value> = payment_rows
        .into_iter()
        .map(|(id, account, amount, status, created, done, contact)| {
            json!({"id": id, "account": account, "amount": format_fixed(amount, 2),
                   "status": status, "created_at": shown(created),
                   "completed_at": done.map(shown), "receipt_contact": contact})
        })
        .collect();
    // Every file description in one query, not one per appeal.
    let all_files = appeal::attachments_of_user(conn, user_id)?;
    let mut appeals_out = Vec::new();
    for row in appeal::all_of_user(conn, user_id)?.into_iter().take(1000) {
        let files: Vec<Value> = all_files
            .iter()
            .filter(|(appeal_id, _)| *appeal_id == row.id)
            .map(|(_, (id, name, size, kind))| json!({"id": id, "name": name, "size": size, "content_type": kind}))
            .collect();
        appeals_out.push(json!({
            "number": row.number, "category": row.category, "subject": row.subject,
            "text": row.body, "status": row.status, "account": row.account,
            "created_at": shown(row.created_at), "deadline": row.deadline.to_string(),
            "answer": row.answer, "answered_at": row.answered_at.map(shown),
            "attachments": files,
        }));
    }
    let me_id = user_id.to_string();
    type AuditOut = (
        chrono::NaiveDateTime,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let audit_rows: Vec<AuditOut> = crate::with_conn!(conn, |c| audit_log::table
        .filter(
            audit_log::target_kind
                .eq("user")
                .and(audit_log::target_id.eq(&me_id))
                .or(audit_log::actor_kind
                    .eq("user")
                    .and(audit_log::actor_id.eq(user_id))),
        )
        .order(audit_log::id.desc())
        .limit(PART)
        .select((
            audit_log::at,
            audit_log::action,
            audit_log::actor_kind,
            audit_log::actor_id,
            audit_log::ip,
            audit_log::details,
        ))
        .load(c))?;
    let audit_out: Vec<Value> = audit_rows
        .into_iter()
        .map(|(at, action, actor_kind, actor_id, ip, details)| {
            json!({"at": shown(at), "action": action, "actor_kind": actor_kind,
                   "actor_id": actor_id, "ip": ip, "details": details})
        })
        .collect();
    audit(
        conn,
        Actor::User(user_id),
        "profile.export",
        Target::User(user_id),
        ip,
        None,
    )?;
    Ok(json!({
        "format": "kabinet-personal-data/1",
        "exported_at": shown(crate::db::time::now()),
        "profile": me,
        "registered_at": created.map(shown),
        "consent_history": consent_history,
        "notifications": prefs,
        "sessions": sessions_out,
        "linked_accounts": links,
        "readings": readings_out,
        "payments": payments_out,
        "appeals": appeals_out,
        "audit": audit_out,
    }))
}

//! `online_payments` (payments started in Kabinet), `webhook_events` (each provider event once)
//! and `sandbox_payments` (the built-in sandbox provider's own record of the payer's choice).
//! Status changes are conditional updates (`… WHERE status = 'pending'`), so however many
//! webhooks race, one of them completes the payment and the rest change nothing.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{online_payments, sandbox_payments, webhook_events};
use crate::db::time::now;
use crate::db::DbConnection;

/// A payment started in Kabinet.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = online_payments, treat_none_as_default_value = false)]
pub struct OnlinePayment {
    pub id: String,
    pub account_id: i64,
    pub user_id: i64,
    pub amount_kopecks: i64,
    pub status: String,
    pub provider: String,
    pub provider_ref: Option<String>,
    pub receipt_contact: String,
    pub receipt_item: String,
    pub vat: String,
    pub created_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub checked_at: Option<NaiveDateTime>,
}

/// Stores a new payment.
pub fn insert(conn: &mut DbConnection, payment: &OnlinePayment) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::insert_into(online_payments::table)
        .values(payment)
        .execute(c))?;
    Ok(())
}

/// Records the provider's own reference for a payment.
pub fn set_provider_ref(conn: &mut DbConnection, id: &str, reference: &str) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(
        online_payments::table.filter(online_payments::id.eq(id))
    )
    .set(online_payments::provider_ref.eq(reference))
    .execute(c))?;
    Ok(())
}

/// A payment by id.
pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<OnlinePayment>> {
    crate::with_conn!(conn, |c| online_payments::table
        .filter(online_payments::id.eq(id))
        .select(OnlinePayment::as_select())
        .first(c)
        .optional())
}

/// Moves a payment to `to` if its status is one of `from`; true when this call moved it.
pub fn transition(conn: &mut DbConnection, id: &str, from: &[&str], to: &str) -> QueryResult<bool> {
    let from: Vec<String> = from.iter().map(|s| (*s).to_owned()).collect();
    let moved = crate::with_conn!(conn, |c| diesel::update(
        online_payments::table
            .filter(online_payments::id.eq(id))
            .filter(online_payments::status.eq_any(&from))
    )
    .set((
        online_payments::status.eq(to),
        online_payments::completed_at.eq(Some(now())),
    ))
    .execute(c))?;
    Ok(moved == 1)
}

/// Pending payments created before `before` and not asked about since `checked_before`,
/// oldest first.
pub fn stale_pending(
    conn: &mut DbConnection,
    before: NaiveDateTime,
    checked_before: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<OnlinePayment>> {
    crate::with_conn!(conn, |c| online_payments::table
        .filter(online_payments::status.eq("pending"))
        .filter(online_payments::created_at.lt(before))
        .filter(
            online_payments::checked_at
                .is_null()
                .or(online_payments::checked_at.lt(checked_before))
        )
        .order(online_payments::created_at.asc())
        .limit(limit)
        .select(OnlinePayment::as_select())
        .load(c))
}

/// Notes that the provider was asked about a payment.
pub fn mark_checked(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::update(
        online_payments::table.filter(online_payments::id.eq(id))
    )
    .set(online_payments::checked_at.eq(Some(now())))
    .execute(c))?;
    Ok(())
}

/// Records a provider event; false when it was recorded before (a repeat).
pub fn record_event(
    conn: &mut DbConnection,
    provider: &str,
    event_id: &str,
    payment_id: &str,
    status: &str,
) -> QueryResult<bool> {
    let inserted = crate::with_conn!(conn, |c| diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::provider.eq(provider),
            webhook_events::event_id.eq(event_id),
            webhook_events::payment_id.eq(payment_id),
            webhook_events::status.eq(status),
            webhook_events::received_at.eq(now()),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// The sandbox's record of a payment: (amount, outcome, event id).
pub type SandboxState = (i64, Option<String>, Option<String>);

/// Opens the sandbox's side of a payment.
pub fn sandbox_open(conn: &mut DbConnection, id: &str, amount: i64) -> QueryResult<()> {
    crate::with_conn!(conn, |c| diesel::insert_into(sandbox_payments::table)
        .values((
            sandbox_payments::payment_id.eq(id),
            sandbox_payments::amount_kopecks.eq(amount),
            sandbox_payments::created_at.eq(now()),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    Ok(())
}

/// The sandbox's record of a payment.
pub fn sandbox_find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<SandboxState>> {
    crate::with_conn!(conn, |c| sandbox_payments::table
        .filter(sandbox_payments::payment_id.eq(id))
        .select((
            sandbox_payments::amount_kopecks,
            sandbox_payments::outcome,
            sandbox_payments::event_id,
        ))
        .first(c)
        .optional())
}

/// Records the payer's choice once; false when a choice was already made.
pub fn sandbox_decide(
    conn: &mut DbConnection,
    id: &str,
    outcome: &str,
    event_id: &str,
) -> QueryResult<bool> {
    let moved = crate::with_conn!(conn, |c| diesel::update(
        sandbox_payments::table
            .filter(sandbox_payments::payment_id.eq(id))
            .filter(sandbox_payments::outcome.is_null())
    )
    .set((
        sandbox_payments::outcome.eq(Some(outcome)),
        sandbox_payments::event_id.eq(Some(event_id)),
        sandbox_payments::decided_at.eq(Some(now())),
    ))
    .execute(c))?;
    Ok(moved == 1)
}

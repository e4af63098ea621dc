//! «Оплатить услуги через сайт»: a resident starts a payment (with an `Idempotency-Key`), the
//! payment provider takes the payer through its confirmation page and reports the outcome by a
//! signed webhook; a payment is credited exactly once however often anything repeats.
//!
//! Exactly once rests on three guards in one transaction: the provider's event id is recorded
//! once (`webhook_events` primary key), the status moves by a conditional update
//! (`… WHERE status IN ('pending', 'failed')`), and the credit's `external_id`
//! (`online:<id>`) is unique in `payments`. A late `failed` never undoes a `succeeded`; a late
//! `succeeded` after the pending-payment job gave up does credit (the money was taken).
//!
//! The built-in [`Sandbox`] provider is the default: its page is part of the SPA, it records
//! the payer's choice in its own table and delivers its webhook through the same signed entry
//! point a real provider calls over HTTP (in-process, so the flow works offline).

use chrono::{NaiveDateTime, Utc};
use hmac::{Hmac, Mac};
use kabinet_shared::api::billing::{
    OnlinePayment as PaymentView, OnlinePaymentStatus, PaymentCreated, SandboxPayment, WebhookEvent,
};
use kabinet_shared::money::Kopecks;
use kabinet_shared::ErrorCode;
use sha2::Sha256;

use crate::db::models::account::Account;
use crate::db::models::online_payment::{self as store, OnlinePayment};
use crate::db::models::payment::{self, NewPayment};
use crate::db::time::now;
use crate::db::DbConnection;
use crate::domain::clock::{self, shown};
use crate::domain::error::DomainError;
use crate::domain::idempotency::{self, Key};
use crate::domain::identity::throttle::{self, Backoff, Limit, Verdict};
use crate::secrets::SigningKey;

/// The least a payment may be: one ruble.
pub const MIN_AMOUNT: Kopecks = Kopecks(100);
/// How old a webhook's signed timestamp may be (either way), in seconds.
pub const MAX_WEBHOOK_AGE_SECS: i64 = 300;
/// After how long the sandbox treats a payer who never chose as gone (the payment fails).
pub const SANDBOX_EXPIRY_MINUTES: i64 = 60;

/// What a provider says about a payment.
pub type ProviderStatus = OnlinePaymentStatus;

/// A payment provider (acquirer). Calls run on the blocking pool, inside a transaction.
pub trait Provider: Send + Sync {
    /// Its name in URLs (`/payments/webhook/{name}`) and in the database.
    fn name(&self) -> &'static str;
    /// Registers a payment (with its 54-FZ receipt data); returns the provider's reference and
    /// where to send the payer.
    fn create(
        &self,
        conn: &mut DbConnection,
        payment: &OnlinePayment,
    ) -> Result<(String, String), DomainError>;
    /// What the provider says about a payment now (the pending-payment job asks this).
    fn status(
        &self,
        conn: &mut DbConnection,
        payment: &OnlinePayment,
    ) -> Result<ProviderStatus, DomainError>;
}

/// The built-in test provider: no money moves; its confirmation page is `/sandbox/payments/{id}`.
pub struct Sandbox;

impl Provider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn create(
        &self,
        conn: &mut DbConnection,
        payment: &OnlinePayment,
    ) -> Result<(String, String), DomainError> {
        store::sandbox_open(conn, &payment.id, payment.amount_kopecks)?;
        Ok((
            format!("sbx_{}", payment.id),
            format!("/sandbox/payments/{}", payment.id),
        ))
    }

    fn status(
        &self,
        conn: &mut DbConnection,
        payment: &OnlinePayment,
    ) -> Result<ProviderStatus, DomainError> {
        let state = store::sandbox_find(conn, &payment.id)?;
        Ok(match state.and_then(|(_, outcome, _)| outcome).as_deref() {
            Some("succeeded") => OnlinePaymentStatus::Succeeded,
            Some(_) => OnlinePaymentStatus::Failed,
            None if payment.created_at
                < now() - chrono::Duration::minutes(SANDBOX_EXPIRY_MINUTES) =>
            {
                OnlinePaymentStatus::Failed
            }
            None => OnlinePaymentStatus::Pending,
        })
    }
}

/// How online payments are set up (`KABINET_PAYMENT_*`).
#[derive(Clone)]
pub struct Settings {
    /// The most one payment may be.
    pub max: Kopecks,
    /// The VAT setting of the 54-FZ receipt item (`none`, `vat0`, `vat10`, `vat20`, …).
    pub vat: String,
    /// How long a payment may stay pending before the job asks the provider.
    pub pending_check: chrono::Duration,
    /// The sandbox provider's webhook key.
    pub webhook_key: SigningKey,
}

fn random_id(prefix: &str) -> Result<String, DomainError> {
    let bytes =
        crate::secrets::random_bytes(16).map_err(|e| DomainError::Internal(e.to_string()))?;
    Ok(format!("{prefix}_{}", hex::encode(bytes)))
}

/// The 54-FZ receipt item.
pub fn receipt_item(account: &str) -> String {
    format!("Оплата услуг теплоснабжения и горячего водоснабжения, л/с {account}")
}

/// Payments one resident may start in an hour. A resident pays a few times a month, a declined
/// card and its retries take a few more; past this the starts wait for the hour to end (429
/// with `Retry-After`), so no one can fill the payments table or the provider's queue.
const STARTS: Limit = Limit {
    free: 20,
    window_secs: 3600,
    after: Backoff::WindowEnd,
};
const START_SCOPE: &str = "payment_start";

/// Starts a payment of `amount` for `account` (already checked to be the caller's), once per
/// `key`: the same key and body give the first answer again; another body is 409.
#[allow(clippy::too_many_arguments)]
pub fn start(
    conn: &mut DbConnection,
    provider: &dyn Provider,
    settings: &Settings,
    user_id: i64,
    contact: &str,
    account: &Account,
    amount: Kopecks,
    key: &Key,
) -> Result<PaymentCreated, DomainError> {
    if amount < MIN_AMOUNT {
        return Err(DomainError::field("amount", "too_small", "at least 1.00"));
    }
    if amount > settings.max {
        return Err(DomainError::field(
            "amount",
            "too_large",
            format!("at most {}", settings.max),
        ));
    }
    idempotency::once(conn, Some(key), |conn| {
        // Counted only for a new key (a replay answers from the stored answer before this),
        // and rolled back with the attempt when it fails.
        let user_key = user_id.to_string();
        if let Verdict::Wait(secs) = throttle::take(conn, START_SCOPE, &user_key, &STARTS, now())? {
            return Err(DomainError::Throttled {
                retry_after_secs: secs,
            });
        }
        let payment = OnlinePayment {
            id: random_id("pay")?,
            account_id: account.id,
            user_id,
            amount_kopecks: amount.0,
            status: OnlinePaymentStatus::Pending.as_str().into(),
            provider: provider.name().into(),
            provider_ref: None,
            receipt_contact: contact.to_owned(),
            receipt_item: receipt_item(&account.number),
            vat: settings.vat.clone(),
            created_at: now(),
            completed_at: None,
            checked_at: None,
        };
        store::insert(conn, &payment)?;
        let (reference, url) = provider.create(conn, &payment)?;
        store::set_provider_ref(conn, &payment.id, &reference)?;
        Ok(PaymentCreated {
            id: payment.id,
            status: OnlinePaymentStatus::Pending,
            amount,
            confirmation_url: url,
        })
    })
}

fn status_of(p: &OnlinePayment) -> OnlinePaymentStatus {
    OnlinePaymentStatus::parse(&p.status).unwrap_or(OnlinePaymentStatus::Pending)
}

/// The caller's own payment (anyone else's is a 404).
pub fn view(conn: &mut DbConnection, user_id: i64, id: &str) -> Result<PaymentView, DomainError> {
    let p = store::find(conn, id)?
        .filter(|p| p.user_id == user_id)
        .ok_or(DomainError::NOT_FOUND)?;
    let account = crate::db::models::account::number_of(conn, p.account_id)?;
    Ok(PaymentView {
        id: p.id.clone(),
        account,
        amount: Kopecks(p.amount_kopecks),
        status: status_of(&p),
        created_at: shown(p.created_at),
        completed_at: p.completed_at.map(shown),
    })
}

/// Credits a payment once: true when this call credited it.
fn succeed(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    p: &OnlinePayment,
) -> Result<bool, DomainError> {
    if !store::transition(conn, &p.id, &["pending", "failed"], "succeeded")? {
        return Ok(false);
    }
    let at = now();
    payment::insert_one(
        conn,
        &NewPayment {
            external_id: format!("online:{}", p.id),
            account_id: p.account_id,
            amount_kopecks: p.amount_kopecks,
            paid_at: at,
            paid_on: clock::supplier().date_of(at),
            channel: "online".into(),
        },
    )?;
    let notice = crate::domain::notices::Notice::PaymentCredited {
        account: crate::db::models::account::number_of(conn, p.account_id)?,
        amount: Kopecks(p.amount_kopecks).to_string(),
    };
    crate::domain::notices::notify(conn, notifier, p.user_id, &notice)?;
    Ok(true)
}

/// Applies what the provider reported.
fn apply(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    p: &OnlinePayment,
    status: OnlinePaymentStatus,
) -> Result<(), DomainError> {
    match status {
        OnlinePaymentStatus::Succeeded => {
            if succeed(conn, notifier, p)? {
                log::info!("payment {} credited", p.id);
            }
        }
        OnlinePaymentStatus::Failed => {
            store::transition(conn, &p.id, &["pending"], "failed")?;
        }
        OnlinePaymentStatus::Pending => store::mark_checked(conn, &p.id)?,
    }
    Ok(())
}

/// Checks `Kabinet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the
/// signature first (so an unsigned request learns nothing), then the age.
pub fn verify_signature(
    key: &[u8],
    header: Option<&str>,
    body: &[u8],
    now_unix: i64,
) -> Result<(), DomainError> {
    let bad = || DomainError::Rule(ErrorCode::BadSignature);
    let header = header.ok_or_else(bad)?;
    let (mut t, mut v1) = (None, None);
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (t, v1) = (t.ok_or_else(bad)?, v1.ok_or_else(bad)?);
    let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| bad())?;
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&v1).map_err(|_| bad())?;
    if (now_unix - t).abs() > MAX_WEBHOOK_AGE_SECS {
        return Err(DomainError::Rule(ErrorCode::StaleWebhook));
    }
    Ok(())
}

/// The signature header for `body` at `t` (what the sandbox sends, and tests).
pub fn sign(key: &[u8], t: i64, body: &[u8]) -> Result<String, DomainError> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key).map_err(|e| DomainError::Internal(e.to_string()))?;
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    Ok(format!(
        "t={t},v1={}",
        hex::encode(mac.finalize().into_bytes())
    ))
}

/// A provider's webhook, already verified: recorded once by event id, then applied.
pub fn receive(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    provider: &str,
    event: &WebhookEvent,
) -> Result<(), DomainError> {
    if event.status == OnlinePaymentStatus::Pending {
        return Err(DomainError::field(
            "status",
            "invalid",
            "succeeded or failed",
        ));
    }
    conn.transaction(|conn| {
        let p = store::find(conn, &event.payment_id)?
            .filter(|p| p.provider == provider)
            .ok_or(DomainError::NOT_FOUND)?;
        if event.amount.0 != p.amount_kopecks {
            return Err(DomainError::field(
                "amount",
                "mismatch",
                "the amount differs from the payment's",
            ));
        }
        if !store::record_event(
            conn,
            provider,
            &event.event_id,
            &p.id,
            event.status.as_str(),
        )? {
            return Ok(()); // a repeat: already applied
        }
        apply(conn, notifier, &p, event.status)
    })
}

/// The webhook as the HTTP endpoint gets it: signature, age, then [`receive`].
pub fn receive_signed(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    key: &[u8],
    provider: &str,
    header: Option<&str>,
    body: &[u8],
) -> Result<(), DomainError> {
    verify_signature(key, header, body, Utc::now().timestamp())?;
    let event: WebhookEvent = serde_json::from_slice(body)
        .map_err(|e| DomainError::bad_request(format!("webhook body: {e}")))?;
    if event.event_id.is_empty() || event.event_id.len() > 200 {
        return Err(DomainError::field(
            "event_id",
            "invalid",
            "1–200 characters",
        ));
    }
    receive(conn, notifier, provider, &event)
}

/// What the sandbox page shows.
pub fn sandbox_view(
    conn: &mut DbConnection,
    id: &str,
    payee: &str,
) -> Result<SandboxPayment, DomainError> {
    let p = store::find(conn, id)?
        .filter(|p| p.provider == Sandbox.name())
        .ok_or(DomainError::NOT_FOUND)?;
    Ok(SandboxPayment {
        id: p.id.clone(),
        amount: Kopecks(p.amount_kopecks),
        status: status_of(&p),
        payee: payee.to_owned(),
        description: p.receipt_item.clone(),
        return_url: format!("/payments/{}", p.id),
    })
}

/// The sandbox payer's choice: recorded once (the other button afterwards is 409), then the
/// sandbox delivers its signed webhook to Kabinet.
pub fn sandbox_decide(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    key: &[u8],
    id: &str,
    outcome: OnlinePaymentStatus,
    payee: &str,
) -> Result<SandboxPayment, DomainError> {
    let (amount, chosen, event_id) = conn.transaction(|conn| {
        let (amount, chosen, event) =
            store::sandbox_find(conn, id)?.ok_or(DomainError::NOT_FOUND)?;
        if let Some(chosen) = chosen {
            if chosen != outcome.as_str() {
                return Err(DomainError::Rule(ErrorCode::PaymentCompleted));
            }
            return Ok((amount, chosen, event.unwrap_or_default()));
        }
        let event_id = random_id("evt")?;
        store::sandbox_decide(conn, id, outcome.as_str(), &event_id)?;
        Ok((amount, outcome.as_str().to_owned(), event_id))
    })?;
    let event = WebhookEvent {
        event_id,
        payment_id: id.to_owned(),
        status: OnlinePaymentStatus::parse(&chosen).unwrap_or(outcome),
        amount: Kopecks(amount),
    };
    let body = serde_json::to_vec(&event).map_err(|e| DomainError::Internal(e.to_string()))?;
    let t = Utc::now().timestamp();
    let header = sign(key, t, &body)?;
    if let Err(err) = receive_signed(conn, notifier, key, Sandbox.name(), Some(&header), &body) {
        // The job asks the sandbox again later; the payer's choice is kept.
        log::warn!("sandbox webhook for {id} not applied yet: {err}");
    }
    sandbox_view(conn, id, payee)
}

/// One round of the pending-payment job: asks the provider about payments pending longer than
/// `settings.pending_check` (each at most once per that interval); returns how many changed.
pub fn check_pending(
    conn: &mut DbConnection,
    notifier: &crate::domain::notices::Notifier,
    provider: &dyn Provider,
    settings: &Settings,
    at: NaiveDateTime,
) -> Result<usize, DomainError> {
    let stale = store::stale_pending(
        conn,
        at - settings.pending_check,
        at - settings.pending_check,
        100,
    )?;
    let mut changed = 0;
    for p in stale {
        let status = provider.status(conn, &p)?;
        conn.transaction(|conn| apply(conn, notifier, &p, status))?;
        if status != OnlinePaymentStatus::Pending {
            changed += 1;
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked_before_their_age() {
        let key = b"0123456789abcdef0123456789abcdef";
        let body = br#"{"event_id":"e1"}"#;
        let header = sign(key, 1_000_000, body).unwrap_or_default();
        assert!(verify_signature(key, Some(&header), body, 1_000_100).is_ok());
        let code = |r: Result<(), DomainError>| match r {
            Err(DomainError::Rule(code)) => Some(code),
            _ => None,
        };
        assert_eq!(
            code(verify_signature(key, Some(&header), body, 1_000_301)),
            Some(ErrorCode::StaleWebhook)
        );
        assert_eq!(
            code(verify_signature(key, Some(&header), b"{}", 1_000_100)),
            Some(ErrorCode::BadSignature)
        );
        assert_eq!(
            code(verify_signature(
                b"another key of enough length!!!!",
                Some(&header),
                body,
                1_000_100
            )),
            Some(ErrorCode::BadSignature)
        );
        assert_eq!(
            code(verify_signature(key, None, body, 1_000_100)),
            Some(ErrorCode::BadSignature)
        );
        // A stale request with a wrong signature says nothing about its age.
        assert_eq!(
            code(verify_signature(key, Some("t=1,v1=00"), body, 1_000_100)),
            Some(ErrorCode::BadSignature)
        );
    }
}

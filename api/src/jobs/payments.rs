//! Asks the payment provider about payments pending too long (a webhook lost on the way, a
//! payer who closed the page), every minute. Idempotent like the webhook, so N processes on one
//! database do no harm.

use std::time::Duration;

use crate::db::time::now;
use crate::db::Db;
use crate::domain::billing::online;
use crate::domain::error::DomainError;
use crate::domain::notices::Notifier;
use crate::http::state::Billing;

const EVERY: Duration = Duration::from_secs(60);

/// One round; returns how many payments changed.
pub async fn run_once(
    db: &Db,
    billing: &Billing,
    notifier: &Notifier,
) -> Result<usize, DomainError> {
    let (billing, notifier) = (billing.clone(), notifier.clone());
    db.run(move |conn| {
        online::check_pending(
            conn,
            &notifier,
            billing.provider.as_ref(),
            &billing.payments,
            now(),
        )
    })
    .await
}

/// Starts the loop on the current actix system.
pub fn spawn(db: Db, billing: Billing, notifier: Notifier) {
    actix_web::rt::spawn(async move {
        loop {
            actix_web::rt::time::sleep(EVERY).await;
            match run_once(&db, &billing, &notifier).await {
                Ok(0) => {}
                Ok(n) => log::info!("pending payments: {n} settled with the provider"),
                Err(err) => log::warn!("pending-payment check failed: {err}"),
            }
        }
    });
}

//! Scheduled notices (reading window, verification due) on the supplier's date, every few
//! minutes. Each notice goes once (`notice_log`), so every process may run this.

use std::time::Duration;

use crate::db::Db;
use crate::domain::accounts::window::WindowDays;
use crate::domain::clock::Clock;
use crate::domain::error::DomainError;
use crate::domain::notices::{schedule, Notifier};

/// Starts the loop on the current actix system (the first round right away).
pub fn spawn(db: Db, notifier: Notifier, clock: Clock, window: WindowDays, every: Duration) {
    actix_web::rt::spawn(async move {
        loop {
            let n = notifier.clone();
            let today = clock.today();
            let round: Result<usize, DomainError> = db
                .run(move |conn| schedule::run(conn, &n, today, window))
                .await;
            match round {
                Ok(0) => {}
                Ok(queued) => log::info!("scheduled notices: {queued} message(s) queued"),
                Err(err) => log::warn!("scheduled notices failed: {err}"),
            }
            actix_web::rt::time::sleep(every).await;
        }
    });
}

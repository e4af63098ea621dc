//! `AppState`: what every handler can reach — the database, keys, policies, the hashing pool
//! and the settings the HTTP layer needs. Built once by `startup`, shared by the workers.

use std::sync::Arc;

use kabinet_shared::api::office::OfficeInfo;

use crate::db::Db;
use crate::domain::accounts::window::WindowDays;
use crate::domain::clock::Clock;
use crate::domain::identity::password::Hasher;
use crate::domain::identity::throttle::Policy;
use crate::domain::readings::rules::DailyLimits;
use crate::domain::readings::Context;
use crate::error::ApiError;
use crate::http::cookies::CookiePolicy;
use crate::mailer::Mailer;
use crate::secrets;

/// What every handler can reach.
pub struct AppState {
    pub db: Db,
    /// The line of coalesced account page reads (see [`crate::db::batch`]).
    pub account_pages: Arc<crate::db::batch::Batch<crate::http::caller::AccountPages>>,
    /// Rendered statements, kept while their account's ledger version stays.
    pub statements: crate::http::billing::statement_cache::StatementCache,
    /// HMAC key for access tokens (from `KABINET_JWT_SECRET` or generated and stored).
    pub jwt_key: secrets::SigningKey,
    /// Keys office link codes (never the JWT key).
    pub link_code_key: secrets::SigningKey,
    /// Access-token lifetime (≤ 15 minutes).
    pub access_ttl_secs: u64,
    /// Absolute lifetime of a session.
    pub session_max_age: chrono::Duration,
    pub throttle: Policy,
    /// The bounded Argon2 pool.
    pub hasher: Hasher,
    /// Cookie names and flags (from the public URL's scheme).
    pub cookies: CookiePolicy,
    /// Supplier's name and site, substituted into the Rules.
    pub company_name: String,
    pub site: String,
    /// The service office's contacts (public, from `KABINET_OFFICE_*`).
    pub office: OfficeInfo,
    /// Base URL for links in messages.
    pub public_url: String,
    pub mailer: Arc<dyn Mailer>,
    /// Validity of office link codes, in days.
    pub link_code_days: i64,
    /// The supplier's time zone: "today" for every date rule.
    pub clock: Clock,
    /// The reading window houses use unless they override it.
    pub reading_window: WindowDays,
    /// The daily maxima of the reading checks.
    pub daily_limits: DailyLimits,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Payee requisites, the payment provider and the receipt lane.
    pub billing: Billing,
    /// Composes notices (links, unsubscribe signatures).
    pub notifier: crate::domain::notices::Notifier,
    /// The appeals' service standard and upload slots.
    pub appeals: Appeals,
    /// Whether this process delivers the outbox itself (ready-health checks its worker).
    pub outbox_worker: bool,
}

/// What appeals need beyond the database.
pub struct Appeals {
    pub standard: crate::domain::appeals::deadline::Standard,
    /// Uploads read at once (each holds up to 5 MB in memory); more are refused with 503.
    pub uploads: std::sync::Arc<tokio::sync::Semaphore>,
}

/// What billing needs beyond the database.
#[derive(Clone)]
pub struct Billing {
    /// The payee on receipts and in their QR codes (validated at start).
    pub requisites: std::sync::Arc<crate::domain::billing::requisites::Requisites>,
    pub payments: crate::domain::billing::online::Settings,
    pub provider: std::sync::Arc<dyn crate::domain::billing::online::Provider>,
    /// Receipt rendering, bounded (a PDF takes a core for a few milliseconds).
    pub receipts: crate::blocking::Bounded,
}

impl AppState {
    /// What the reading rules need: today in the supplier's zone and the defaults.
    pub fn reading_context(&self) -> Context {
        Context {
            today: self.clock.today(),
            default_window: self.reading_window,
            limits: self.daily_limits,
        }
    }

    /// Hashes a password on the bounded pool; 503 `busy` when it is full.
    pub async fn hash_password(&self, password: String) -> Result<String, ApiError> {
        self.hasher
            .hash(password)
            .await
            .map_err(|_| ApiError::Busy {
                retry_after_secs: 1,
            })?
            .map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Verifies a password on the bounded pool; 503 `busy` when it is full.
    pub async fn verify_password(
        &self,
        password: String,
        stored: String,
    ) -> Result<bool, ApiError> {
        self.hasher
            .verify(password, Some(stored))
            .await
            .map_err(|_| ApiError::Busy {
                retry_after_secs: 1,
            })
    }
}

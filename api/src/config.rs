//! Settings, read from the environment (or the matching command-line flags). Each field's
//! doc comment is what `kabinet --help` prints, so the help text and README stay one source.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::db::pool::PoolOptions;

/// Where the data lives: every command needs these.
#[derive(Debug, Clone, Default, Args)]
pub struct StorageSettings {
    /// Database: a SQLite file path (optionally `sqlite://path`), or `postgres://user@host/db`
    /// for PostgreSQL (the database is created when missing).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "kabinet.db",
        global = true
    )]
    pub database_url: String,

    /// Maximum number of pooled database connections per process.
    #[arg(
        long,
        env = "KABINET_DB_POOL_SIZE",
        default_value_t = 10,
        global = true
    )]
    pub db_pool_size: u32,

    /// How long a request waits for a database connection before answering 503, in ms.
    #[arg(
        long,
        env = "KABINET_DB_TIMEOUT_MS",
        default_value_t = 3000,
        global = true
    )]
    pub db_timeout_ms: u64,
}

impl StorageSettings {
    /// Pool options derived from these settings.
    pub fn pool_options(&self) -> PoolOptions {
        PoolOptions {
            max_size: self.db_pool_size.max(1),
            acquire_timeout: Duration::from_millis(self.db_timeout_ms.max(100)),
        }
    }

    /// The database URL with any password replaced, for logs.
    pub fn redacted_database_url(&self) -> String {
        redacted_url(&self.database_url)
    }
}

/// A database URL with any password replaced by `***`, for logs and printed commands.
pub fn redacted_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // set_password only fails for URLs that cannot have one.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// How the outbox is delivered (`kabinet serve` and `kabinet worker`).
#[derive(Debug, Clone, Args)]
pub struct DeliverySettings {
    /// SMTP server for e-mail: `smtp://host:25`, `smtp://host:587?tls=required` (STARTTLS) or
    /// `smtps://user:password@host:465`. Unset: messages are written as `.eml` files into
    /// KABINET_MAIL_DIR instead, and the start says so.
    #[arg(long, env = "KABINET_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of every e-mail.
    #[arg(
        long,
        env = "KABINET_MAIL_FROM",
        default_value = "Личный кабинет <noreply@kabinet.local>"
    )]
    pub mail_from: String,

    /// Folder for the `.eml` files written when no SMTP server is configured.
    #[arg(long, env = "KABINET_MAIL_DIR", default_value = "mail")]
    pub mail_dir: PathBuf,

    /// SMS gateway: `POST` of `{"to", "text", "id"}` with `Authorization: Bearer` the token.
    /// Unset: SMS are written to the log (number masked), and the start says so.
    #[arg(long, env = "KABINET_SMS_URL")]
    pub sms_url: Option<String>,

    /// Bearer token for the SMS gateway.
    #[arg(
        long,
        env = "KABINET_SMS_TOKEN",
        default_value = "",
        hide_env_values = true
    )]
    pub sms_token: String,

    /// How long a worker's claim on a batch holds, in seconds: a worker killed midway delays
    /// its unsent messages this long. Keep it well above a batch of slow sends (10 × 20 s).
    #[arg(long, env = "KABINET_OUTBOX_LEASE_SECS", default_value_t = 300)]
    pub outbox_lease_secs: u32,

    /// Sending threads per worker process, each with its own connection. SMTP round trips,
    /// not CPU, bound one thread (about 40 ms a message: lettre leaves Nagle's algorithm on);
    /// more threads send more per second, but a process killed midway may then repeat up to
    /// one message per thread instead of one.
    #[arg(long, env = "KABINET_OUTBOX_SENDERS", default_value_t = 1)]
    pub outbox_senders: u16,

    /// Tries before a message is given up (retries wait 30 s, doubling, at most an hour).
    #[arg(long, env = "KABINET_OUTBOX_MAX_ATTEMPTS", default_value_t = 8)]
    pub outbox_max_attempts: i32,
}

impl DeliverySettings {
    /// The transports these settings name.
    pub fn delivery(&self) -> anyhow::Result<crate::delivery::Delivery> {
        use crate::delivery::transport::{FolderMail, HttpSms, LoggedSms, Mail, Sms, SmtpMail};
        let mail: Box<dyn Mail> = match self.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Box::new(SmtpMail::new(url, &self.mail_from)?),
            None => Box::new(FolderMail::new(self.mail_dir.clone(), &self.mail_from)?),
        };
        let sms: Box<dyn Sms> = match self.sms_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Box::new(HttpSms::new(url, &self.sms_token)),
            None => Box::new(LoggedSms),
        };
        anyhow::ensure!(
            self.outbox_max_attempts >= 1,
            "KABINET_OUTBOX_MAX_ATTEMPTS must be at least 1"
        );
        Ok(crate::delivery::Delivery {
            mail,
            sms,
            max_attempts: self.outbox_max_attempts,
            lease: chrono::Duration::seconds(i64::from(self.outbox_lease_secs.max(1))),
            senders: self.outbox_senders.clamp(1, 64),
        })
    }
}

/// The server's settings (`kabinet serve` only), plus the storage it serves from.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Filled from the global storage flags by the command line, not a flag of its own.
    #[arg(skip)]
    pub storage: StorageSettings,

    /// How the outbox is delivered.
    #[command(flatten)]
    pub delivery: DeliverySettings,

    /// Deliver the outbox from this process (a thread beside the server). `false` when a
    /// separate `kabinet worker` does it.
    #[arg(long, env = "KABINET_OUTBOX_WORKER", default_value_t = true, action = clap::ArgAction::Set)]
    pub outbox_worker: bool,

    /// Address to listen on; port 0 picks a free port (printed at start).
    #[arg(long, env = "KABINET_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Folder with the built SPA (index.html, .wasm, .js); served at `/` with a fallback to
    /// index.html for client-side routes. When missing, only the API is served.
    #[arg(long, env = "KABINET_STATIC_DIR", default_value = "web/dist")]
    pub static_dir: PathBuf,

    /// Key that signs access tokens (at least 32 bytes). When unset, a random key is generated
    /// on first start and kept in the database, so every process on that database shares it.
    #[arg(long, env = "KABINET_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Supplier's name as the Rules and messages show it.
    #[arg(long, env = "KABINET_COMPANY_NAME", default_value = "ООО «СТК»")]
    pub company_name: String,

    /// Supplier's site as the Rules show it.
    #[arg(long, env = "KABINET_SITE", default_value = "www.stk-kis.ru")]
    pub site: String,

    /// Name of the service office residents can visit, as `GET /api/v1/office` shows it.
    #[arg(long, env = "KABINET_OFFICE_NAME", default_value = "Абонентский отдел")]
    pub office_name: String,

    /// The service office's address.
    #[arg(
        long,
        env = "KABINET_OFFICE_ADDRESS",
        default_value = "г. Кызыл, ул. Кочетова, д. 2"
    )]
    pub office_address: String,

    /// The service office's phone, as people dial it.
    #[arg(
        long,
        env = "KABINET_OFFICE_PHONE",
        default_value = "+7 (394) 222-00-00"
    )]
    pub office_phone: String,

    /// The service office's opening hours, in words.
    #[arg(
        long,
        env = "KABINET_OFFICE_HOURS",
        default_value = "пн–пт 8:00–17:00, обед 12:00–13:00"
    )]
    pub office_hours: String,

    /// Public base URL of this service, for links in e-mails (password reset).
    #[arg(
        long,
        env = "KABINET_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub public_url: String,

    /// Lifetime of access tokens in seconds (at most 900).
    #[arg(long, env = "KABINET_ACCESS_TTL_SECS", default_value_t = 900)]
    pub access_ttl_secs: u64,

    /// Base of the login back-off in seconds: after 5 failures within 15 minutes the next
    /// attempt waits this long, doubling with every further failure (at most 15 minutes).
    #[arg(long, env = "KABINET_LOGIN_BACKOFF_SECS", default_value_t = 30)]
    pub login_backoff_secs: u64,

    /// Failed sign-ins an address may make in an hour across all logins before it waits for
    /// the hour to end. A volume limit only: a mobile carrier's NAT or the office's network
    /// hides many residents behind one address, and one person's typos must not stop them.
    #[arg(
        long,
        env = "KABINET_LOGIN_IP_FAILURES_PER_HOUR",
        default_value_t = 300
    )]
    pub login_ip_failures_per_hour: u64,

    /// Registrations one address may make in an hour.
    #[arg(long, env = "KABINET_REGISTRATIONS_PER_HOUR", default_value_t = 30)]
    pub registrations_per_hour: u64,

    /// Threads that hash and verify passwords (Argon2id, 19 MiB each). A burst beyond them and
    /// a short queue is answered 503 `busy` with `Retry-After`. Default: 2 × cores.
    #[arg(long, env = "KABINET_HASH_THREADS")]
    pub hash_threads: Option<usize>,

    /// Memory for rendered statements (JSON), in MiB: a statement asked for again while the
    /// account's charges and payments are unchanged is served from it (the session and the
    /// link are still checked on every request). Oldest first out; 0 turns it off.
    #[arg(long, env = "KABINET_STATEMENT_CACHE_MB", default_value_t = 64)]
    pub statement_cache_mb: usize,

    /// Absolute lifetime of a session in days, however often it is refreshed.
    #[arg(long, env = "KABINET_SESSION_MAX_DAYS", default_value_t = 90)]
    pub session_max_days: u32,

    /// Key that hashes office link codes (at least 32 bytes). When unset, a random key is
    /// generated on first start and kept in the database. Never the access-token key, so
    /// rotating that one does not void the codes residents hold.
    #[arg(long, env = "KABINET_LINK_CODE_SECRET", hide_env_values = true)]
    pub link_code_secret: Option<String>,

    /// How many days an office link code stays valid.
    #[arg(long, env = "KABINET_LINK_CODE_DAYS", default_value_t = 30)]
    pub link_code_days: u32,

    /// The supplier's IANA time zone: it decides what "today" is for every date rule (the
    /// reading window, due dates, a code's expiry shown as a date).
    #[arg(long, env = "KABINET_TIMEZONE", default_value = "Asia/Krasnoyarsk")]
    pub timezone: String,

    /// Default reading window, days of the month `START-END` (a house may override it).
    #[arg(long, env = "KABINET_READING_WINDOW", default_value = "20-25")]
    pub reading_window: String,

    /// The most a meter may plausibly turn in a day, per service: a reading above it (or above
    /// five times the average of the last three periods) is accepted only when the resident
    /// confirms it, and is flagged for an operator. `service=amount` pairs in the meter's unit.
    #[arg(
        long,
        env = "KABINET_DAILY_LIMITS",
        default_value = "hot_water=2,heating=0.5,cold_water=3"
    )]
    pub daily_limits: String,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "KABINET_WORKERS")]
    pub workers: Option<usize>,

    /// Add `Server-Timing: db;desc="N queries"` to every answer: how many SQL statements the
    /// request sent (for diagnosing a slow page; off by default, as it tells clients about the
    /// server's inner workings).
    #[arg(
        long,
        env = "KABINET_SERVER_TIMING",
        default_value = "false",
        action = clap::ArgAction::Set,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub server_timing: bool,

    /// The payment provider online payments go through. Only `sandbox` (built in: its own
    /// confirmation page, no money moves) exists today; a real acquirer implements
    /// `domain::billing::online::Provider`.
    #[arg(long, env = "KABINET_PAYMENT_PROVIDER", default_value = "sandbox")]
    pub payment_provider: String,

    /// The most one online payment may be, in rubles (`"500000.00"`).
    #[arg(long, env = "KABINET_PAYMENT_MAX", default_value = "500000.00")]
    pub payment_max: String,

    /// The VAT setting of the 54-FZ receipt item sent to the provider (`none`, `vat0`,
    /// `vat10`, `vat20`): heat and hot water for residents are usually `vat20`; ask the
    /// supplier's accountant.
    #[arg(long, env = "KABINET_PAYMENT_VAT", default_value = "none")]
    pub payment_vat: String,

    /// Minutes a payment may stay pending before the job asks the provider about it.
    #[arg(long, env = "KABINET_PAYMENT_PENDING_MINUTES", default_value_t = 15)]
    pub payment_pending_minutes: u32,

    /// Key the sandbox provider signs its webhooks with (at least 32 bytes). When unset, a
    /// random key is generated on first start and kept in the database.
    #[arg(long, env = "KABINET_SANDBOX_WEBHOOK_SECRET", hide_env_values = true)]
    pub sandbox_webhook_secret: Option<String>,

    /// Reverse proxies (comma-separated IP addresses) whose `X-Forwarded-For` is believed. Only
    /// then is the client's address taken from that header (for throttling, sessions and the
    /// audit log); from anyone else the header is ignored, so a client cannot pick its own key.
    #[arg(long, env = "KABINET_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// The service standard for appeals: working days to answer (Rules, section 4).
    #[arg(long, env = "KABINET_APPEAL_DAYS", default_value_t = 10)]
    pub appeal_days: u32,

    /// Non-working days besides Saturdays and Sundays, comma-separated: `MM-DD` every year or
    /// `YYYY-MM-DD` once (transferred days off). Default: Russia's fixed public holidays.
    #[arg(long, env = "KABINET_HOLIDAYS", default_value = crate::domain::appeals::deadline::RUSSIAN_HOLIDAYS)]
    pub holidays: String,

    /// Where Prometheus metrics are served (`GET /metrics`), e.g. `127.0.0.1:9464`; unset: none.
    #[arg(long, env = "KABINET_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,

    /// On SIGTERM: how long requests in flight may take to finish before they are cut off.
    #[arg(long, env = "KABINET_SHUTDOWN_GRACE_SECS", default_value_t = 30)]
    pub shutdown_grace_secs: u64,

    /// How often scheduled notices (reading window, verification due) are looked for, in
    /// seconds. Each is sent once however often this runs.
    #[arg(long, env = "KABINET_NOTICE_EVERY_SECS", default_value_t = 600)]
    pub notice_every_secs: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: StorageSettings,
    }

    #[test]
    fn passwords_are_redacted_from_logged_urls() {
        let cli = Cli::parse_from([
            "kabinet",
            "--database-url",
            "postgres://kab:hunter2@db.local/kabinet",
        ]);
        let shown = cli.settings.redacted_database_url();
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("db.local/kabinet"));
    }
}

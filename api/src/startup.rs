//! `Application::build`: prepares the database, binds the listener and assembles the actix app.
//! `kabinet serve` and the black-box tests both go through here (tests bind port 0).

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::dev::Service;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlers, Logger};
use actix_web::{web, App, HttpResponse, HttpServer};
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

use kabinet_shared::api::office::OfficeInfo;

use crate::config::Settings;
use crate::db::{migrate, pool, Db};
use crate::domain::accounts::window::WindowDays;
use crate::domain::clock::Clock;
use crate::domain::identity::password::Hasher;
use crate::domain::identity::throttle::{Policy, PolicySettings};
use crate::domain::readings::rules::DailyLimits;
use crate::error::extractor_error;
use crate::http::cookies::CookiePolicy;
use crate::http::fallback::{self, RouteTable};
use crate::http::state::{AppState, Billing};
use crate::mailer::OutboxMailer;
use crate::openapi::{ApiDoc, API_PREFIX};
use crate::{http, secrets};

/// Largest JSON body a handler accepts (bulk uploads get their own limit).
const JSON_LIMIT: usize = 256 * 1024;

/// A bound, not yet running server.
pub struct Application {
    server: Server,
    port: u16,
    /// The outbox worker thread of this process, if it runs one.
    worker: Option<std::thread::JoinHandle<()>>,
    /// The metrics listener (`KABINET_METRICS_LISTEN`), stopped with the API.
    metrics: Option<actix_web::dev::Server>,
}

/// Payee requisites (`KABINET_PAYEE_*`, validated: a wrong BIC or control key stops the start),
/// the payment provider and the receipt lane.
fn billing_state(settings: &Settings, webhook_key: secrets::SigningKey) -> anyhow::Result<Billing> {
    use crate::domain::billing::{online, requisites};
    let (payee, demo) = requisites::Requisites::from_env(|name| std::env::var(name).ok())
        .map_err(|err| anyhow::anyhow!("payee requisites: {err}"))?;
    if demo {
        log::warn!(
            "payee requisites: the DEMO supplier «{}» (fictional) — set KABINET_PAYEE_* before real use",
            payee.name
        );
    }
    anyhow::ensure!(
        settings.payment_provider == "sandbox",
        "KABINET_PAYMENT_PROVIDER: only `sandbox` is built in, not {:?}",
        settings.payment_provider
    );
    log::warn!(
        "payments: the built-in SANDBOX provider — no money moves; payers confirm on /sandbox/payments/…"
    );
    let max = kabinet_shared::money::Kopecks::parse(&settings.payment_max)
        .ok()
        .filter(|m| m.0 >= online::MIN_AMOUNT.0)
        .ok_or_else(|| anyhow::anyhow!("KABINET_PAYMENT_MAX must be a sum such as 500000.00"))?;
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    Ok(Billing {
        requisites: Arc::new(payee),
        payments: online::Settings {
            max,
            vat: settings.payment_vat.clone(),
            pending_check: chrono::Duration::minutes(i64::from(
                settings.payment_pending_minutes.clamp(1, 24 * 60),
            )),
            webhook_key,
        },
        provider: Arc::new(online::Sandbox),
        // A receipt takes a core for a few milliseconds: one lane per core, and a queue of 32
        // per core (well under a second of work) before a burst is refused with 503.
        receipts: crate::blocking::Bounded::new(cores, 32 * cores),
    })
}

impl Application {
    /// Creates the database if needed, migrates it, loads the signing key, fills in the search
    /// keys of accounts stored before they existed, and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let url = settings.storage.database_url.clone();
        let (db, jwt_key, link_code_key, webhook_key, unsubscribe_key) = web::block({
            let settings = settings.clone();
            move || -> anyhow::Result<_> {
                pool::ensure_database(&url)?;
                let db = Db::connect(&url, settings.storage.pool_options());
                let mut conn = db.get()?;
                let applied =
                    migrate::run_pending(&mut conn).map_err(|err| anyhow::anyhow!("{err}"))?;
                if !applied.is_empty() {
                    log::info!("applied migrations: {}", applied.join(", "));
                }
                let key = secrets::signing_key(&mut conn, settings.jwt_secret.as_deref())?;
                let link_key =
                    secrets::link_code_key(&mut conn, settings.link_code_secret.as_deref())?;
                crate::domain::rules::ensure_initial(&mut conn)?;
                let keyed = crate::db::models::account_search::backfill(&mut conn)?;
                if keyed > 0 {
                    log::info!("search keys filled in for {keyed} account(s)");
                }
                let webhook_key = secrets::sandbox_webhook_key(
                    &mut conn,
                    settings.sandbox_webhook_secret.as_deref(),
                )?;
                let unsubscribe_key = secrets::unsubscribe_key(&mut conn)?;
                Ok((db, key, link_key, webhook_key, unsubscribe_key))
            }
        })
        .await??;

        let billing = billing_state(&settings, webhook_key)?;
        let listener = TcpListener::bind(&settings.listen)?;
        let port = listener.local_addr()?.port();
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let hash_threads = settings.hash_threads.unwrap_or(2 * cores).clamp(1, 64);
        let state = web::Data::new(AppState {
            db: db.clone(),
            account_pages: Default::default(),
            statements: crate::http::billing::statement_cache::StatementCache::new(
                settings.statement_cache_mb.saturating_mul(1 << 20),
            ),
            jwt_key,
            link_code_key,
            access_ttl_secs: settings.access_ttl_secs.clamp(60, 900),
            session_max_age: chrono::Duration::days(i64::from(
                settings.session_max_days.clamp(1, 3650),
            )),
            throttle: Policy::new(PolicySettings {
                backoff_base_secs: settings.login_backoff_secs,
                ip_failures_per_hour: settings.login_ip_failures_per_hour,
                registrations_per_hour: settings.registrations_per_hour,
            }),
            // A queue of 16 jobs per thread (about a second of work) absorbs a busy moment;
            // anything beyond is refused at once (503 busy). Queued jobs hold only the password:
            // memory is bounded by the threads, each with its one 19 MiB buffer.
            hasher: Hasher::start(hash_threads, 16 * hash_threads)?,
            cookies: CookiePolicy::for_public_url(&settings.public_url),
            company_name: settings.company_name.clone(),
            site: settings.site.clone(),
            office: OfficeInfo {
                name: settings.office_name.clone(),
                address: settings.office_address.clone(),
                phone: settings.office_phone.clone(),
                hours: settings.office_hours.clone(),
            },
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            mailer: Arc::new(OutboxMailer),
            link_code_days: i64::from(settings.link_code_days.clamp(1, 365)),
            clock: Clock::in_zone(&settings.timezone).ok_or_else(|| {
                anyhow::anyhow!(
                    "KABINET_TIMEZONE must be an IANA zone such as Asia/Krasnoyarsk, not {:?}",
                    settings.timezone
                )
            })?,
            reading_window: WindowDays::parse(&settings.reading_window)
                .ok_or_else(|| anyhow::anyhow!("KABINET_READING_WINDOW must look like 20-25"))?,
            daily_limits: DailyLimits::parse(&settings.daily_limits).ok_or_else(|| {
                anyhow::anyhow!("KABINET_DAILY_LIMITS must look like hot_water=2,heating=0.5")
            })?,
            trusted_proxies: settings.trusted_proxies.clone(),
            billing,
            notifier: crate::domain::notices::Notifier {
                public_url: settings.public_url.trim_end_matches('/').to_owned(),
                key: unsubscribe_key,
            },
            appeals: crate::http::state::Appeals {
                standard: crate::domain::appeals::deadline::Standard::new(
                    settings.appeal_days.clamp(1, 60),
                    &settings.holidays,
                )
                .map_err(|e| anyhow::anyhow!("KABINET_HOLIDAYS: {e}"))?,
                uploads: Arc::new(tokio::sync::Semaphore::new(4)),
            },
            outbox_worker: settings.outbox_worker,
        });
        // Every instant the API writes is in the supplier's offset, like the dates.
        state.clock.show_instants();
        let security = Arc::new(crate::http::headers::SecurityHeaders::new(
            &settings.static_dir,
            state.cookies.secure,
        ));
        let worker = if settings.outbox_worker {
            let delivery = settings.delivery.delivery()?;
            delivery.announce();
            let url = settings.storage.database_url.clone();
            Some(
                std::thread::Builder::new()
                    .name("outbox".into())
                    .spawn(move || delivery.run_forever(&url))?,
            )
        } else {
            log::info!(
                "outbox: delivered by a separate `kabinet worker` (KABINET_OUTBOX_WORKER=false)"
            );
            None
        };
        crate::jobs::prune::spawn(db.clone());
        crate::jobs::payments::spawn(db.clone(), state.billing.clone(), state.notifier.clone());
        crate::jobs::notices::spawn(
            db.clone(),
            state.notifier.clone(),
            state.clock,
            state.reading_window,
            std::time::Duration::from_secs(settings.notice_every_secs.max(1)),
        );
        let spec = crate::openapi::spec();
        let routes = web::Data::new(RouteTable::from_spec(&spec));
        let static_dir = settings.static_dir.clone();
        let server_timing = settings.server_timing;
        let trusted: Arc<Vec<std::net::IpAddr>> = Arc::new(settings.trusted_proxies.clone());
        let metrics = match &settings.metrics_listen {
            Some(listen) => {
                let handle = crate::metrics::install()?;
                Some(crate::metrics::serve(listen, state.clone(), handle)?)
            }
            None => None,
        };
        let measured = metrics.is_some();

        let mut server = HttpServer::new(move || {
            let (app, _) = App::new()
                .app_data(state.clone())
                .app_data(routes.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(JSON_LIMIT)
                        .error_handler(|err, _| {
                            let status = actix_web::ResponseError::status_code(&err);
                            extractor_error(err.to_string(), status)
                        }),
                )
                .app_data(web::QueryConfig::default().error_handler(|err, _| {
                    extractor_error(err.to_string(), StatusCode::BAD_REQUEST)
                }))
                .app_data(web::PathConfig::default().error_handler(|err, _| {
                    extractor_error(err.to_string(), StatusCode::BAD_REQUEST)
                }))
                .wrap(ErrorHandlers::new().default_handler_client(fallback::envelope_for_bare))
                .wrap_fn({
                    let security = Arc::clone(&security);
                    let trusted = Arc::clone(&trusted);
                    move |req, srv| {
                        let security = Arc::clone(&security);
                        let path = req.path().to_owned();
                        let request_id = http::request_id::assign(&req, &trusted);
                        // Every log line of the request names it (the span is re-entered
                        // by the database lane too).
                        let span = tracing::info_span!("request", id = %request_id);
                        let started = std::time::Instant::now();
                        let answer = span.in_scope(|| srv.call(req));
                        tracing::Instrument::instrument(
                            async move {
                                let (answer, queries) = crate::db::pool::counting(answer).await;
                                let mut res = http::request_id::stamp(answer?, &request_id).await;
                                if measured {
                                    // The route template, never the raw path (it holds account
                                    // numbers); unmatched paths are one series.
                                    let route = res
                                        .request()
                                        .match_pattern()
                                        .unwrap_or_else(|| "unmatched".into());
                                    crate::metrics::record_request(
                                        &route,
                                        res.request().method().as_str(),
                                        res.status().as_u16(),
                                        started.elapsed(),
                                    );
                                }
                                security.apply(&path, res.headers_mut());
                                if server_timing {
                                    res.headers_mut().insert(
                                        header::HeaderName::from_static("server-timing"),
                                        header::HeaderValue::from_str(&format!(
                                            "db;desc=\"{queries} {}\"",
                                            if queries == 1 { "query" } else { "queries" }
                                        ))
                                        .unwrap_or(header::HeaderValue::from_static("db")),
                                    );
                                }
                                Ok(res)
                            },
                            span,
                        )
                    }
                })
                .wrap(Compress::default())
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "same-origin")),
                )
                // Method and path only: query strings can carry secrets (a reset link's token).
                .wrap(
                    Logger::new(r#"%a "%{method}xi %U" %s %b %Dms id=%{x-request-id}o"#)
                        .custom_request_replace("method", |req| req.method().to_string()),
                )
                .into_utoipa_app()
                .openapi(<ApiDoc as utoipa::OpenApi>::openapi())
                .service(scope::scope(API_PREFIX).configure(http::configure))
                .split_for_parts();
            let app = app
                .service(web::resource("/api/docs").to(|| async {
                    HttpResponse::PermanentRedirect()
                        .insert_header(("Location", "/api/docs/"))
                        .finish()
                }))
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", spec.clone()))
                .service(web::scope("/api").default_service(web::to(fallback::unmatched)))
                .default_service(web::to(fallback::unmatched));
            match http::spa::files(&static_dir) {
                Some(files) => {
                    let dir = static_dir.clone();
                    app.service(
                        // Hashed assets first (the resident's, the staff and the meters
                        // bundle's): precompressed and cached as immutable.
                        web::resource(["/{name}", "/operator/{name}", "/meters/{name}"])
                            .guard(actix_web::guard::fn_guard(|ctx| {
                                http::spa::asset_file(ctx.head().uri.path()).is_some()
                            }))
                            .to(move |req: actix_web::HttpRequest| {
                                let dir = dir.clone();
                                async move {
                                    let found = http::spa::asset_file(req.path())
                                        .map(|(folder, name)| (dir.join(folder), name.to_owned()));
                                    match found {
                                        Some((folder, name)) => {
                                            http::spa::hashed_asset(&req, &folder, &name)
                                                .await
                                                .unwrap_or_else(|| {
                                                    HttpResponse::NotFound().finish()
                                                })
                                        }
                                        None => HttpResponse::NotFound().finish(),
                                    }
                                }
                            }),
                    )
                    .service(files)
                }
                None => app.service(web::scope("").default_service(web::to(fallback::unmatched))),
            }
        })
        .listen(listener)?;
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        // SIGTERM/SIGINT: stop accepting, let requests in flight finish within the grace.
        server = server.shutdown_timeout(settings.shutdown_grace_secs);
        Ok(Self {
            server: server.run(),
            port,
            worker,
            metrics,
        })
    }

    /// The port actually bound (useful with `KABINET_LISTEN=…:0`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process receives SIGINT or SIGTERM; then, once the requests in flight
    /// are answered, lets the outbox worker finish the message in hand and returns.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics.map(|server| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let served = self.server.await;
        if let Some(metrics) = metrics {
            metrics.stop(true).await;
        }
        crate::delivery::stop();
        if let Some(worker) = self.worker {
            log::info!("stopping: the outbox worker finishes the message in hand");
            if worker.join().is_err() {
                log::warn!("the outbox worker ended with a panic");
            }
        }
        log::info!("stopped");
        served
    }
}

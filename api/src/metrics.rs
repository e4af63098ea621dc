//! Prometheus metrics at `GET /metrics` on their own address (`KABINET_METRICS_LISTEN`, off by
//! default, so they are never public by accident), through the `metrics` facade and its
//! Prometheus exporter. Requests are counted and timed by route template (never the raw path,
//! which holds account numbers), method and status as they finish; the gauges — database pool,
//! password-hashing slots, outbox backlog and its oldest message, payments pending, the last
//! successful import per kind — are read when Prometheus scrapes.

use std::time::Duration;

use actix_web::{web, App, HttpResponse, HttpServer};
use diesel::prelude::*;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::db::models::outbox;
use crate::db::schema::{audit_log, online_payments};
use crate::db::time::now;
use crate::db::StoreError;
use crate::http::state::AppState;

/// Latency buckets, in seconds: a page view is milliseconds, a receipt tens of them, a bulk
/// upload seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Installs the recorder (once per process) and returns the handle that renders the text.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("kabinet_http_request_duration_seconds".into()),
            &BUCKETS,
        )?
        .install_recorder()
        .map_err(|e| anyhow::anyhow!("metrics recorder: {e}"))
}

/// A non-negative count or timestamp as a gauge value (saturating; no `as` casts).
fn float<T: TryInto<u32>>(value: T) -> f64 {
    f64::from(value.try_into().unwrap_or(u32::MAX))
}

/// Counts and times one finished request.
pub fn record_request(route: &str, method: &str, status: u16, took: Duration) {
    let labels = [
        ("route", route.to_owned()),
        ("method", method.to_owned()),
        ("status", status.to_string()),
    ];
    metrics::counter!("kabinet_http_requests_total", &labels).increment(1);
    metrics::histogram!("kabinet_http_request_duration_seconds", &labels)
        .record(took.as_secs_f64());
}

/// The figures that live in the database, read at scrape time.
struct Stored {
    backlog: i64,
    oldest_age: f64,
    payments_pending: i64,
    imports: Vec<(String, f64)>,
}

fn stored(conn: &mut crate::db::DbConnection) -> Result<Stored, StoreError> {
    let (backlog, oldest) = outbox::backlog(conn)?;
    let at = now();
    let payments_pending: i64 = crate::with_conn!(conn, |c| online_payments::table
        .filter(online_payments::status.eq("pending"))
        .count()
        .get_result(c))?;
    let last: Vec<(String, Option<chrono::NaiveDateTime>)> =
        crate::with_conn!(conn, |c| audit_log::table
            .filter(audit_log::action.like("integration.%"))
            .group_by(audit_log::action)
            .select((audit_log::action, diesel::dsl::max(audit_log::at)))
            .load(c))?;
    let imports = last
        .into_iter()
        .filter_map(|(action, at)| {
            let kind = action.strip_prefix("integration.")?.to_owned();
            Some((kind, float(at?.and_utc().timestamp())))
        })
        .collect();
    Ok(Stored {
        backlog,
        oldest_age: oldest.map_or(0.0, |o| {
            let ms = (at - o).num_milliseconds().max(0);
            float(ms / 1000) + float(ms % 1000) / 1000.0
        }),
        payments_pending,
        imports,
    })
}

async fn scrape(state: web::Data<AppState>, handle: web::Data<PrometheusHandle>) -> HttpResponse {
    let (in_use, waiting) = state.db.load();
    metrics::gauge!("kabinet_db_pool_in_use").set(float(in_use));
    metrics::gauge!("kabinet_db_pool_waiting").set(float(waiting));
    metrics::gauge!("kabinet_password_hashing_in_use").set(float(state.hasher.in_use()));
    match state.db.run(stored).await {
        Ok(s) => {
            metrics::gauge!("kabinet_outbox_backlog").set(float(s.backlog));
            metrics::gauge!("kabinet_outbox_oldest_age_seconds").set(s.oldest_age);
            metrics::gauge!("kabinet_payments_pending").set(float(s.payments_pending));
            for (kind, at) in s.imports {
                metrics::gauge!("kabinet_last_import_timestamp_seconds", "kind" => kind).set(at);
            }
            metrics::gauge!("kabinet_database_up").set(1.0);
        }
        Err(err) => {
            log::warn!("metrics: database figures unavailable: {err}");
            metrics::gauge!("kabinet_database_up").set(0.0);
        }
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(handle.render())
}

/// Serves `GET /metrics` on `listen` beside the API (same process, its own socket and worker).
pub fn serve(
    listen: &str,
    state: web::Data<AppState>,
    handle: PrometheusHandle,
) -> anyhow::Result<actix_web::dev::Server> {
    let handle = web::Data::new(handle);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(handle.clone())
            .route("/metrics", web::get().to(scrape))
    })
    .workers(1)
    .disable_signals()
    .bind(listen)?
    .run();
    log::info!("metrics on http://{listen}/metrics");
    Ok(server)
}

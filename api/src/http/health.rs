//! `GET /api/v1/health` (is this process up, and can it reach its database?), and the probes
//! an orchestrator asks: `/health/live` (the process answers) and `/health/ready` (it should get
//! traffic: database, migrations, outbox worker).

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use kabinet_shared::api::health::{
    DatabaseHealth, HealthResponse, HealthStatus, LiveResponse, ReadyResponse, WorkerState,
};

use crate::http::state::AppState;

/// A health check must answer quickly even when the database hangs, so it waits at most this
/// long for a connection instead of the pool's general timeout.
const PROBE_TIMEOUT: Duration = Duration::from_millis(1000);

/// A worker that has not gone round for this long is reported stalled (one SMTP try may take
/// 20 s; a round is at most 10 of them, each beating).
const WORKER_STALE: Duration = Duration::from_secs(60);

/// Liveness: the process answers. Nothing else is asked, so a restart is never triggered by a
/// database outage (that is what readiness is for).
#[utoipa::path(
    tag = "system",
    responses((status = 200, description = "The process is up", body = LiveResponse))
)]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(LiveResponse {
            status: HealthStatus::Ok,
        })
}

/// Readiness: the database answers, its migrations are this binary's, and the outbox worker
/// of this process goes round (or delivery is left to `kabinet worker`). A load balancer sends
/// traffic only while this is 200.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "Ready for traffic", body = ReadyResponse),
        (status = 503, description = "Not ready; the body says what is wrong", body = ReadyResponse,
            example = json!({"status": "unavailable",
                "database": {"backend": "postgres", "reachable": false},
                "migrations_current": false, "worker": "alive"})),
    )
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let latency = state.db.probe(PROBE_TIMEOUT).await;
    let migrations_current = match latency {
        Some(_) => state
            .db
            .run(|conn| {
                crate::db::migrate::pending_count(conn)
                    .map_err(|e| crate::db::StoreError::Unavailable(e.to_string()))
            })
            .await
            .is_ok_and(|pending: usize| pending == 0),
        None => false,
    };
    let worker = match crate::delivery::Delivery::alive_within(WORKER_STALE) {
        _ if !state.outbox_worker => WorkerState::External,
        Some(true) => WorkerState::Alive,
        // Started with the server but not (or no longer) going round.
        Some(false) | None => WorkerState::Stalled,
    };
    let ok = latency.is_some() && migrations_current && worker != WorkerState::Stalled;
    let body = ReadyResponse {
        status: if ok {
            HealthStatus::Ok
        } else {
            HealthStatus::Unavailable
        },
        database: database(&state, latency),
        migrations_current,
        worker,
    };
    answer(ok, &body)
}

/// Reports the version, the storage backend and whether the database answers.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "The server and its database are up", body = HealthResponse),
        (status = 503, description = "The database is unreachable; the body says which backend",
            body = HealthResponse,
            example = json!({"status": "unavailable", "version": "0.1.0",
                "database": {"backend": "postgres", "reachable": false}})),
    )
)]
#[get("/health")]
pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let latency = state.db.probe(PROBE_TIMEOUT).await;
    let body = HealthResponse {
        status: if latency.is_some() {
            HealthStatus::Ok
        } else {
            HealthStatus::Unavailable
        },
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: database(&state, latency),
    };
    answer(latency.is_some(), &body)
}

/// The database part of both answers.
fn database(state: &AppState, latency: Option<Duration>) -> DatabaseHealth {
    DatabaseHealth {
        backend: state.db.backend(),
        reachable: latency.is_some(),
        latency_ms: latency.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
    }
}

/// 200 or 503 with `body`, never cached (a probe must see the state now).
fn answer(ok: bool, body: &impl serde::Serialize) -> HttpResponse {
    let mut response = if ok {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    response
        .insert_header(("Cache-Control", "no-store"))
        .json(body)
}

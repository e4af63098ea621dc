//! `GET /api/v1/health`: is this process up, and can it reach its database?

use std::time::Duration;

use actix_web::{get, web, HttpResponse};
use kabinet_shared::api::health::{DatabaseHealth, HealthResponse, HealthStatus};

use crate::http::state::AppState;

/// A health check must answer quickly even when the database hangs, so it waits at most this
/// long for a connection instead of the pool's general timeout.
const PROBE_TIMEOUT: Duration = Duration::from_millis(1000);

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
        database: DatabaseHealth {
            backend: state.db.backend(),
            reachable: latency.is_some(),
            latency_ms: latency.map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        },
    };
    let mut response = if latency.is_some() {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    response
        .insert_header(("Cache-Control", "no-store"))
        .json(body)
}

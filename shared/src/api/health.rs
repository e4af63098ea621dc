//! `GET /api/v1/health`: what a load balancer, an operator and the SPA's home page need to know.

use serde::{Deserialize, Serialize};

/// Overall state: `ok` when the database answers, `unavailable` otherwise (HTTP 503).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    Unavailable,
}

/// Which storage engine this process runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database part of the health answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatabaseHealth {
    /// Which engine is configured.
    pub backend: Backend,
    /// Whether a `SELECT 1` succeeded within the health-check timeout.
    pub reachable: bool,
    /// Round trip of that query in milliseconds, when it succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = 1))]
    pub latency_ms: Option<u64>,
}

/// Answer of `GET /api/v1/health`, sent with 200 when `status` is `ok` and 503 otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "status": "ok",
    "version": "0.1.0",
    "database": {"backend": "sqlite", "reachable": true, "latency_ms": 1}
})))]
pub struct HealthResponse {
    pub status: HealthStatus,
    /// Version of the running `kabinet` binary.
    #[cfg_attr(feature = "openapi", schema(example = "0.1.0"))]
    pub version: String,
    pub database: DatabaseHealth,
}

/// `GET /api/v1/health/live`: the process is up and answering (no dependency is asked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ok"})))]
pub struct LiveResponse {
    pub status: HealthStatus,
}

/// The outbox worker as ready-health sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkerState {
    /// This process's worker finished a round within the last 30 seconds.
    Alive,
    /// This process's worker has not reported for 30 seconds (stuck or dead).
    Stalled,
    /// Delivery runs in separate `kabinet worker` processes (`KABINET_OUTBOX_WORKER=false`).
    External,
}

/// `GET /api/v1/health/ready`: whether this process should get traffic — the database answers,
/// its migrations are the ones this binary expects, and the outbox worker runs. 503 otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "status": "ok",
    "database": {"backend": "postgres", "reachable": true, "latency_ms": 1},
    "migrations_current": true,
    "worker": "alive"
})))]
pub struct ReadyResponse {
    pub status: HealthStatus,
    pub database: DatabaseHealth,
    /// No migration of this binary is left to apply (false also when the database is unreachable).
    pub migrations_current: bool,
    pub worker: WorkerState,
}

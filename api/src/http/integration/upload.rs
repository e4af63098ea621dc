//! `PUT /integration/houses`, `/accounts`, `/meters` and `/tariffs`: a JSON array of up to 10 000 rows, or
//! an NDJSON stream (`Content-Type: application/x-ndjson`) of any length, through the one bulk
//! pipeline (`domain::bulk`). Each area's endpoint is its row type and scope.

use actix_web::{put, web, HttpRequest, HttpResponse};
use kabinet_shared::api::integration::{AccountRow, BulkResult, HouseRow};
use kabinet_shared::api::meters::{MeterRow, TariffRow};
use kabinet_shared::{ErrorBody, ErrorCode};

use crate::domain::accounts::bulk as rows;
use crate::domain::audit::{audit, Actor, Target};
use crate::domain::bulk::reader::{self, Format, ReadError, MAX_ARRAY_ROWS};
use crate::domain::bulk::{self, Upsert};
use crate::domain::readings::bulk as meter_rows;
use crate::error::ApiError;
use crate::http::caller::ApiClient;
use crate::http::state::AppState;

pub(super) fn format_of(req: &HttpRequest) -> Format {
    let ndjson = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/x-ndjson") || v.starts_with("application/jsonl")
        });
    if ndjson {
        Format::Ndjson
    } else {
        Format::JsonArray
    }
}

/// Reads the upload and saves it batch by batch, each batch on the blocking pool.
pub(super) async fn upload<T: Upsert>(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<BulkResult, ApiError> {
    let db = state.db.clone();
    let saved = reader::read(
        format_of(req),
        payload,
        bulk::Batcher::<T>::default(),
        |batch| {
            let db = db.clone();
            async move {
                db.run(move |conn| {
                    let mut part = BulkResult::default();
                    bulk::save(conn, batch, &mut part)?;
                    Ok(part)
                })
                .await
            }
        },
    )
    .await;
    saved.map_err(read_error)
}

/// How a failed upload is answered.
pub(super) fn read_error(err: ReadError) -> ApiError {
    match err {
        ReadError::Malformed(message) => ApiError::bad_request(message),
        ReadError::TooManyRows => ApiError::field(
            "body",
            "too_many_rows",
            format!("at most {MAX_ARRAY_ROWS} rows in a JSON array; send NDJSON for more"),
        ),
        ReadError::TooLarge => ApiError::Code(ErrorCode::PayloadTooLarge),
        ReadError::Save(err) => err.into(),
    }
}

pub(super) async fn finish(
    state: &AppState,
    client: &ApiClient,
    action: &'static str,
    result: &BulkResult,
) -> Result<(), ApiError> {
    let details = format!(
        "created={} updated={} unchanged={} errors={}",
        result.created,
        result.updated,
        result.unchanged,
        result.errors.len()
    );
    record(state, client, action, details).await
}

/// Writes an upload's audit entry.
pub(super) async fn record(
    state: &AppState,
    client: &ApiClient,
    action: &'static str,
    details: String,
) -> Result<(), ApiError> {
    let (client_id, ip) = (client.id, client.ip.clone());
    state
        .db
        .run(move |conn| {
            let actor = Actor::ApiClient(client_id);
            audit(
                conn,
                actor,
                action,
                Target::None,
                ip.as_deref(),
                Some(details),
            )
        })
        .await?;
    Ok(())
}

/// Upserts houses by the billing system's id (scope `houses:write`).
#[utoipa::path(
    tag = "integration",
    request_body(content(
        (Vec<HouseRow> = "application/json"),
        (HouseRow = "application/x-ndjson"),
    ), description = "A JSON array of up to 10 000 rows, or NDJSON (one row per line) of any length"),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Counts, and each bad row with its line (bad rows never block good ones)", body = BulkResult),
        (status = 400, description = "The body is not a JSON array / NDJSON, or has too many rows", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `houses:write`", body = ErrorBody),
        (status = 413, description = "JSON array body over 8 MiB", body = ErrorBody),
        (status = 503, description = "Database unavailable (batches already saved stay saved; the upload is idempotent)", body = ErrorBody),
    )
)]
#[put("/integration/houses")]
pub async fn houses(
    state: web::Data<AppState>,
    client: ApiClient,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    client.require("houses:write")?;
    let result = upload::<rows::House>(&state, &req, payload).await?;
    finish(&state, &client, "integration.houses", &result).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Upserts accounts by number (scope `accounts:write`).
#[utoipa::path(
    tag = "integration",
    request_body(content(
        (Vec<AccountRow> = "application/json"),
        (AccountRow = "application/x-ndjson"),
    ), description = "A JSON array of up to 10 000 rows, or NDJSON (one row per line) of any length"),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Counts, and each bad row with its line (bad rows never block good ones)", body = BulkResult),
        (status = 400, description = "The body is not a JSON array / NDJSON, or has too many rows", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `accounts:write`", body = ErrorBody),
        (status = 413, description = "JSON array body over 8 MiB", body = ErrorBody),
        (status = 503, description = "Database unavailable (batches already saved stay saved; the upload is idempotent)", body = ErrorBody),
    )
)]
#[put("/integration/accounts")]
pub async fn accounts(
    state: web::Data<AppState>,
    client: ApiClient,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    client.require("accounts:write")?;
    let result = upload::<rows::Account>(&state, &req, payload).await?;
    finish(&state, &client, "integration.accounts", &result).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Upserts meters by the billing system's meter id (scope `meters:write`). A row with
/// `replaces` retires the old meter (status `replaced`, its `final_reading` recorded as billed
/// on the new meter's `installed_on`); the new meter counts from its `initial_reading`
/// (default 0). `last_billed` records the reading the billing system last billed, once.
#[utoipa::path(
    tag = "integration",
    request_body(content(
        (Vec<MeterRow> = "application/json"),
        (MeterRow = "application/x-ndjson"),
    ), description = "A JSON array of up to 10 000 rows, or NDJSON (one row per line) of any length"),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Counts, and each bad row with its line (an unknown account or replaced meter is a bad row)", body = BulkResult),
        (status = 400, description = "The body is not a JSON array / NDJSON, or has too many rows", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `meters:write`", body = ErrorBody),
        (status = 413, description = "JSON array body over 8 MiB", body = ErrorBody),
        (status = 503, description = "Database unavailable (batches already saved stay saved; the upload is idempotent)", body = ErrorBody),
    )
)]
#[put("/integration/meters")]
pub async fn meters(
    state: web::Data<AppState>,
    client: ApiClient,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    client.require("meters:write")?;
    let result = upload::<meter_rows::Meter>(&state, &req, payload).await?;
    finish(&state, &client, "integration.meters", &result).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Upserts tariffs by `(service, valid_from)` (scope `tariffs:write`): the price per unit the
/// preview of a reading uses, and billing after it.
#[utoipa::path(
    tag = "integration",
    request_body(content(
        (Vec<TariffRow> = "application/json"),
        (TariffRow = "application/x-ndjson"),
    ), description = "A JSON array of up to 10 000 rows, or NDJSON (one row per line) of any length"),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Counts, and each bad row with its line", body = BulkResult),
        (status = 400, description = "The body is not a JSON array / NDJSON, or has too many rows", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `tariffs:write`", body = ErrorBody),
        (status = 413, description = "JSON array body over 8 MiB", body = ErrorBody),
        (status = 503, description = "Database unavailable (batches already saved stay saved; the upload is idempotent)", body = ErrorBody),
    )
)]
#[put("/integration/tariffs")]
pub async fn tariffs(
    state: web::Data<AppState>,
    client: ApiClient,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    client.require("tariffs:write")?;
    let result = upload::<meter_rows::Tariff>(&state, &req, payload).await?;
    finish(&state, &client, "integration.tariffs", &result).await?;
    Ok(HttpResponse::Ok().json(result))
}

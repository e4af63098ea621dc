//! `PUT /integration/houses` and `/integration/accounts`: a JSON array of up to 10 000 rows, or
//! an NDJSON stream (`Content-Type: application/x-ndjson`) of any length read line by line in
//! bounded memory. Batches of 500 rows are saved as they fill, each in its own transaction.

use actix_web::{put, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use kabinet_shared::api::integration::{AccountRow, BulkResult, HouseRow};
use kabinet_shared::ErrorBody;
use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::auth::ApiClient;
use crate::db::models::audit::{self, Actor, Event};
use crate::domain::accounts::bulk::{self, Batcher, Next, Upsert};
use crate::error::ApiError;
use crate::startup::AppState;
use kabinet_shared::ErrorCode;

/// Rows a JSON array may hold; larger uploads use NDJSON.
const MAX_ARRAY_ROWS: usize = 10_000;
/// Bytes a JSON array body may take (10 000 ordinary rows are about 3 MiB).
const MAX_ARRAY_BYTES: usize = 8 * 1024 * 1024;
/// Longest NDJSON line.
const MAX_LINE_BYTES: usize = 64 * 1024;

const TOO_MANY_ROWS: &str = "too_many_rows";

/// The rows of a JSON array as borrowed raw JSON, at most [`MAX_ARRAY_ROWS`] of them.
struct RawRows<'a>(Vec<&'a RawValue>);

impl<'de> Deserialize<'de> for RawRows<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Rows;
        impl<'de> Visitor<'de> for Rows {
            type Value = RawRows<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON array of rows")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut rows = Vec::new();
                while let Some(raw) = seq.next_element::<&'de RawValue>()? {
                    if rows.len() == MAX_ARRAY_ROWS {
                        return Err(serde::de::Error::custom(TOO_MANY_ROWS));
                    }
                    rows.push(raw);
                }
                Ok(RawRows(rows))
            }
        }
        d.deserialize_seq(Rows)
    }
}

fn is_ndjson(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/x-ndjson") || v.starts_with("application/jsonl")
        })
}

async fn save<T: Upsert + Send + 'static>(
    state: &AppState,
    batch: Vec<(u64, T)>,
    total: &mut BulkResult,
) -> Result<(), ApiError> {
    if batch.is_empty() {
        return Ok(());
    }
    let part = state
        .db
        .run(move |conn| {
            let mut part = BulkResult::default();
            T::save(conn, batch, &mut part)?;
            Ok::<_, ApiError>(part)
        })
        .await?;
    total.merge(part);
    Ok(())
}

async fn offer<T: Upsert + Send + 'static>(
    state: &AppState,
    batcher: &mut Batcher<T>,
    total: &mut BulkResult,
    line: u64,
    text: &[u8],
) -> Result<(), ApiError> {
    match serde_json::from_slice::<serde_json::Value>(text) {
        Ok(value) => {
            if let Next::Flush(batch) = batcher.offer(line, value) {
                save(state, batch, total).await?;
            }
        }
        Err(err) => batcher.reject(line, format!("invalid JSON: {err}")),
    }
    Ok(())
}

/// Reads the upload (array or NDJSON) and saves it batch by batch.
async fn upload<T: Upsert + Send + 'static>(
    state: &AppState,
    req: &HttpRequest,
    mut payload: web::Payload,
) -> Result<BulkResult, ApiError> {
    let mut batcher = Batcher::<T>::default();
    let mut total = BulkResult::default();
    if is_ndjson(req) {
        let mut buffer: Vec<u8> = Vec::new();
        let mut line: u64 = 0;
        let mut skipping = false;
        while let Some(chunk) = payload.next().await {
            let chunk = chunk
                .map_err(|e| ApiError::bad_request(format!("reading the body failed: {e}")))?;
            for byte in chunk {
                if byte != b'\n' {
                    if !skipping {
                        buffer.push(byte);
                        if buffer.len() > MAX_LINE_BYTES {
                            batcher.reject(
                                line + 1,
                                format!("line longer than {MAX_LINE_BYTES} bytes"),
                            );
                            buffer.clear();
                            skipping = true;
                        }
                    }
                    continue;
                }
                line += 1;
                if !skipping && !buffer.iter().all(u8::is_ascii_whitespace) {
                    offer(state, &mut batcher, &mut total, line, &buffer).await?;
                }
                buffer.clear();
                skipping = false;
            }
        }
        if !skipping && !buffer.iter().all(u8::is_ascii_whitespace) {
            offer(state, &mut batcher, &mut total, line + 1, &buffer).await?;
        }
    } else {
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk
                .map_err(|e| ApiError::bad_request(format!("reading the body failed: {e}")))?;
            if body.len() + chunk.len() > MAX_ARRAY_BYTES {
                return Err(ApiError::Code(ErrorCode::PayloadTooLarge));
            }
            body.extend_from_slice(&chunk);
        }
        // The array is split into borrowed raw rows (counted as they are found, refused at
        // row 10 001) and each row is parsed only when its turn comes, so a large body never
        // becomes a large tree of values.
        let rows = match serde_json::from_slice::<RawRows<'_>>(&body) {
            Ok(rows) => rows.0,
            Err(e) if e.to_string().starts_with(TOO_MANY_ROWS) => {
                return Err(ApiError::field(
                    "body",
                    "too_many_rows",
                    format!("at most {MAX_ARRAY_ROWS} rows in a JSON array; send NDJSON for more"),
                ))
            }
            Err(e) => {
                return Err(ApiError::bad_request(format!(
                    "the body must be a JSON array of rows (or NDJSON): {}",
                    kabinet_shared::api::integration::short_reason(&e.to_string())
                )))
            }
        };
        for (index, raw) in rows.into_iter().enumerate() {
            let line = u64::try_from(index).unwrap_or(0) + 1;
            offer(state, &mut batcher, &mut total, line, raw.get().as_bytes()).await?;
        }
    }
    let rest = batcher.finish();
    save(state, rest, &mut total).await?;
    total.merge(std::mem::take(&mut batcher.result));
    total.errors.sort_by_key(|e| e.line);
    Ok(total)
}

async fn finish(
    state: &AppState,
    client: &ApiClient,
    action: &'static str,
    result: &BulkResult,
) -> Result<(), ApiError> {
    let (client_id, ip) = (client.id, client.ip.clone());
    let details = format!(
        "created={} updated={} unchanged={} errors={}",
        result.created,
        result.updated,
        result.unchanged,
        result.errors.len()
    );
    state
        .db
        .run(move |conn| -> Result<(), ApiError> {
            audit::record(
                conn,
                Event {
                    actor: Actor::ApiClient(client_id),
                    action,
                    target: None,
                    ip: ip.as_deref(),
                    details: Some(details),
                },
            )?;
            Ok(())
        })
        .await
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
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
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
    let result = upload::<bulk::House>(&state, &req, payload).await?;
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
        (status = 401, description = "Missing or unknown API key", body = ErrorBody),
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
    let result = upload::<bulk::Account>(&state, &req, payload).await?;
    finish(&state, &client, "integration.accounts", &result).await?;
    Ok(HttpResponse::Ok().json(result))
}

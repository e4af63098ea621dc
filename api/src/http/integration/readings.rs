//! `GET /integration/readings` (the export, scope `readings:read`) and
//! `POST /integration/readings/billed` (scope `readings:write`).

use actix_web::{get, post, web, HttpResponse};
use kabinet_shared::api::integration::BulkResult;
use kabinet_shared::api::meters::{BilledRequest, ExportedReading};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde::Deserialize;

use crate::domain::audit::{audit, Actor, Target};
use crate::domain::readings::exchange;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::ApiClient;
use crate::http::state::AppState;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// `?cursor=&limit=` of the export (pages up to 1 000).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Page size, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page; absent = from the first reading.
    pub cursor: Option<String>,
}

/// Every reading received after the cursor, in a stable order: none skipped or repeated even
/// while residents keep submitting (a reading is handed out only once the transactions before
/// it have finished; see the storage notes). `next_cursor` is always given — keep it and ask again later
/// for what arrives meanwhile; an empty page means nothing new yet.
#[utoipa::path(
    tag = "integration",
    params(ExportQuery),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "A page of readings", body = Page<ExportedReading>),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `readings:read`", body = ErrorBody),
    )
)]
#[get("/integration/readings")]
pub async fn export(
    state: web::Data<AppState>,
    client: ApiClient,
    q: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    client.require("readings:read")?;
    let limit = match q.limit {
        None => 100,
        Some(n) if (1..=1000).contains(&n) => n,
        Some(_) => {
            return Err(ApiError::field(
                "limit",
                "out_of_range",
                "limit must be 1–1000",
            ))
        }
    };
    let after = match q.cursor.as_deref().map(str::trim) {
        None | Some("") => (0, 0),
        Some(c) => decode_export_cursor(c)
            .ok_or_else(|| ApiError::field("cursor", "invalid", "unknown cursor"))?,
    };
    let (items, next) = state
        .db
        .run(move |conn| exchange::export(conn, after, limit))
        .await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: Some(encode_export_cursor(next)),
    }))
}

/// Marks readings billed for a period: they are locked (no longer superseded or rejected) and
/// shown to the resident as the last billed. Marking again is harmless; an unknown id, a
/// rejected reading or another period is reported per line.
#[utoipa::path(
    tag = "integration",
    request_body = BilledRequest,
    security(("api_key" = [])),
    responses(
        (status = 200, description = "`updated` newly billed, `unchanged` already billed; bad lines in `errors`", body = BulkResult),
        (status = 400, description = "Malformed body or over 10 000 readings", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `readings:write`", body = ErrorBody),
    )
)]
#[post("/integration/readings/billed")]
pub async fn billed(
    state: web::Data<AppState>,
    client: ApiClient,
    body: Body<BilledRequest>,
) -> Result<HttpResponse, ApiError> {
    client.require("readings:write")?;
    let (client_id, ip) = (client.id, client.ip.clone());
    let result: BulkResult = state
        .db
        .run(move |conn| {
            let result = exchange::billed(conn, &body.readings)?;
            let details = format!(
                "updated={} unchanged={} errors={}",
                result.updated,
                result.unchanged,
                result.errors.len()
            );
            audit(
                conn,
                Actor::ApiClient(client_id),
                "integration.readings_billed",
                Target::None,
                ip.as_deref(),
                Some(details),
            )?;
            Ok::<_, crate::domain::error::DomainError>(result)
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

/// The export's opaque cursor: the last `(txid, seq)` handed out.
fn encode_export_cursor((txid, seq): (i64, i64)) -> String {
    URL_SAFE_NO_PAD.encode(format!("r:{txid}:{seq}"))
}

fn decode_export_cursor(cursor: &str) -> Option<(i64, i64)> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let (txid, seq) = raw.strip_prefix("r:")?.split_once(':')?;
    Some((txid.parse().ok()?, seq.parse().ok()?))
}

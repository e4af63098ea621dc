//! `POST /integration/charges?period=YYYY-MM` and `POST /integration/payments`: the billing
//! system's charges for a period and the payments made through other channels, as a JSON array
//! of up to 10 000 rows or NDJSON of any length, in bounded memory.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::billing::{ChargeRow, ChargesResult, PaymentRow, PaymentsResult};
use kabinet_shared::ErrorBody;
use serde::Deserialize;
use utoipa::IntoParams;

use super::upload::{finish, format_of, read_error, record, upload};
use crate::domain::billing::{charges as charge_rows, payments as payment_rows};
use crate::domain::bulk::reader;
use crate::error::ApiError;
use crate::http::caller::ApiClient;
use crate::http::state::AppState;

/// Which period an upload of charges is for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// `YYYY-MM`.
    pub period: String,
}

/// Replaces each uploaded account's charges for `period` with the rows sent (scope
/// `charges:write`), atomically per account: a statement shows the old period or the new one,
/// never a mix. An account with a bad row keeps its previous charges; every other account is
/// saved. An account's rows are expected one after another (as an export writes them).
/// On PostgreSQL each batch is streamed with `COPY … FROM STDIN` into a staging table and
/// merged by one statement.
#[utoipa::path(
    tag = "integration",
    params(PeriodQuery),
    request_body(content(
        (Vec<ChargeRow> = "application/json"),
        (ChargeRow = "application/x-ndjson"),
    ), description = "A JSON array of up to 10 000 rows, or NDJSON (one row per line) of any length"),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Accounts replaced, rows stored, and each bad row with its line", body = ChargesResult),
        (status = 400, description = "`period` is not `YYYY-MM`, or the body is not a JSON array / NDJSON", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `charges:write`", body = ErrorBody),
        (status = 413, description = "JSON array body over 8 MiB", body = ErrorBody),
        (status = 503, description = "Database unavailable (accounts already saved stay saved; re-uploading the period is safe)", body = ErrorBody),
    )
)]
#[post("/integration/charges")]
pub async fn charges(
    state: web::Data<AppState>,
    client: ApiClient,
    query: web::Query<PeriodQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    client.require("charges:write")?;
    let period = charge_rows::parse_period(&query.period)
        .ok_or_else(|| ApiError::field("period", "invalid", "a month as YYYY-MM"))?;
    let db = state.db.clone();
    let result: ChargesResult = reader::read(
        format_of(&req),
        payload,
        charge_rows::Collector::default(),
        |batch| {
            let (db, period) = (db.clone(), period.clone());
            async move {
                db.run(move |conn| charge_rows::save(conn, &period, batch))
                    .await
            }
        },
    )
    .await
    .map_err(read_error)?;
    let details = format!(
        "period={period} accounts={} rows={} errors={}",
        result.accounts,
        result.rows,
        result.errors.len() + usize::try_from(result.errors_omitted).unwrap_or(0)
    );
    record(&state, &client, "integration.charges", details).await?;
    Ok(HttpResponse::Ok().json(result))
}

/// Records payments made through the bank, the office or an agent (scope `payments:write`),
/// idempotent by `external_id`: a repeat with the same data is `unchanged`, the same id with
/// other data is a bad row. `paid_at` is an RFC 3339 instant or a date; the statement counts a
/// payment in the month of its date in the supplier's zone.
#[utoipa::path(
    tag = "integration",
    request_body(content(
        (Vec<PaymentRow> = "application/json"),
        (PaymentRow = "application/x-ndjson"),
    ), description = "A JSON array of up to 10 000 rows, or NDJSON (one row per line) of any length"),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Counts, and each bad row with its line", body = PaymentsResult),
        (status = 400, description = "The body is not a JSON array / NDJSON, or has too many rows", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `payments:write`", body = ErrorBody),
        (status = 413, description = "JSON array body over 8 MiB", body = ErrorBody),
        (status = 503, description = "Database unavailable (batches already saved stay saved; the upload is idempotent)", body = ErrorBody),
    )
)]
#[post("/integration/payments")]
pub async fn payments(
    state: web::Data<AppState>,
    client: ApiClient,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    client.require("payments:write")?;
    let result = upload::<payment_rows::Payment>(&state, &req, payload).await?;
    finish(&state, &client, "integration.payments", &result).await?;
    let answer: PaymentsResult = payment_rows::answer(result);
    Ok(HttpResponse::Ok().json(answer))
}

//! The statement (JSON or CSV), the lists of charges and payments, and the receipt PDF.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use kabinet_shared::api::billing::{ChargeItem, PaymentItem, Statement};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::billing::statement::{self as ledger, Month};
use crate::domain::billing::{document, receipt as pdf};
use crate::domain::error::DomainError;
use crate::error::ApiError;
use crate::http::caller::ResidentRead;
use crate::http::respond::PageQuery;
use crate::http::state::AppState;

/// The months a statement covers.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Range {
    /// First month, `YYYY-MM` (default: eleven months before `to`).
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (default: this month in the supplier's zone).
    pub to: Option<String>,
}

fn wants_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"))
}

fn disposition(disposition: DispositionType, name: String) -> ContentDisposition {
    ContentDisposition {
        disposition,
        parameters: vec![DispositionParam::Filename(name)],
    }
}

/// One row per month — opening balance, charges as service lines (recalculations and
/// penalties apart, with their grounds), payments, closing balance — with totals and today's
/// debt. `Accept: text/csv` gives the same as CSV for a Russian spreadsheet (UTF-8 with BOM,
/// `;` separators, decimal commas, cells defused against formula injection).
#[utoipa::path(
    tag = "billing",
    params(("number" = String, Path, description = "Account number"), Range),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "The statement", content(
            (Statement = "application/json"),
            (String = "text/csv", example = "\u{feff}Период;Строка;Услуга;…\r\n2026-10;Итого за месяц;;;;;;;1200,00;3541,20;3000,00;1741,20\r\n"),
        )),
        (status = 400, description = "`from`/`to` not `YYYY-MM`, `from` after `to`, or more than 120 months", body = ErrorBody),
        (status = 404, description = "No such account linked to you", body = ErrorBody),
    )
)]
#[get("/accounts/{number}/statement")]
pub async fn statement(
    state: web::Data<AppState>,
    reader: ResidentRead,
    path: web::Path<String>,
    range: web::Query<Range>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let today = state.clock.today();
    let (from, to) = ledger::range(range.from.as_deref(), range.to.as_deref(), today)?;
    let number = path.into_inner();
    let csv = wants_csv(&req);
    if csv || !reader.by_session() {
        // The CSV and personal tokens (scripts, rarely the same statement twice): the check
        // and the rows in one trip, nothing cached.
        let s = state
            .db
            .run(move |conn| {
                let (account, _) = reader.linked_account(conn, &number)?;
                Ok::<_, ApiError>(ledger::statement(conn, &account, from, to)?)
            })
            .await?;
        if csv {
            let name = format!("statement-{}-{}-{}.csv", s.account, s.from, s.to);
            return Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header(disposition(DispositionType::Attachment, name))
                .body(ledger::csv(&s)));
        }
        return Ok(HttpResponse::Ok().json(s));
    }
    // A session: the account page's coalesced read proves the session and the link (404,
    // 401 as ever) and brings the account's ledger version; while it is the version a body
    // was rendered at, that body is the answer (`statement_cache`'s module doc).
    let ((account, _), figures) = reader
        .account_page(&state.db, &state.account_pages, number)
        .await?;
    let key = (account.id, from, to);
    if let Some(body) = figures
        .ledger_version
        .and_then(|version| state.statements.get(&key, version))
    {
        return Ok(json_body(body));
    }
    let (s, version) = state
        .db
        .run(move |conn| Ok::<_, ApiError>(ledger::versioned(conn, &account, from, to)?))
        .await?;
    let body = Bytes::from(serde_json::to_vec(&s).map_err(|e| ApiError::Internal(e.to_string()))?);
    state.statements.put(key, version, body.clone());
    Ok(json_body(body))
}

fn json_body(body: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(header::ContentType::json())
        .body(body)
}

/// The account's charges, newest period first.
#[utoipa::path(
    tag = "billing",
    params(("number" = String, Path, description = "Account number"), PageQuery),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "A page of charges", body = Page<ChargeItem>),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
        (status = 404, description = "No such account linked to you", body = ErrorBody),
    )
)]
#[get("/accounts/{number}/charges")]
pub async fn charges(
    state: web::Data<AppState>,
    reader: ResidentRead,
    path: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let cursor = page.cursor.clone();
    let number = path.into_inner();
    let (items, next_cursor) = state
        .db
        .run(move |conn| {
            let (account, _) = reader.linked_account(conn, &number)?;
            Ok::<_, ApiError>(ledger::charges_page(
                conn,
                &account,
                cursor.as_deref(),
                limit,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// The account's payments from every channel, newest first.
#[utoipa::path(
    tag = "billing",
    params(("number" = String, Path, description = "Account number"), PageQuery),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "A page of payments", body = Page<PaymentItem>),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
        (status = 404, description = "No such account linked to you", body = ErrorBody),
    )
)]
#[get("/accounts/{number}/payments")]
pub async fn payments(
    state: web::Data<AppState>,
    reader: ResidentRead,
    path: web::Path<String>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let cursor = page.cursor.clone();
    let number = path.into_inner();
    let (items, next_cursor) = state
        .db
        .run(move |conn| {
            let (account, _) = reader.linked_account(conn, &number)?;
            Ok::<_, ApiError>(ledger::payments_page(
                conn,
                &account,
                cursor.as_deref(),
                limit,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// The receipt (квитанция) for a month as an A4 PDF: payee, payer, debt at the start, charges
/// per service, recalculations with their grounds, penalties, payments, the total due by the
/// 15th of the next month, the readings used, a GOST R 56042-2014 payment QR code and a QR code
/// of this account's readings page. Drawn off the request threads in a bounded lane.
#[utoipa::path(
    tag = "billing",
    params(("number" = String, Path, description = "Account number"),
           ("period" = String, Path, description = "`YYYY-MM`")),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "The receipt (binary PDF)", content_type = "application/pdf", body = String),
        (status = 400, description = "`period` is not `YYYY-MM`", body = ErrorBody),
        (status = 404, description = "No such account linked to you, or `no_receipt`: nothing was charged that month", body = ErrorBody),
        (status = 503, description = "`busy`: too many receipts being drawn; retry in a moment", body = ErrorBody),
    )
)]
#[get("/accounts/{number}/receipts/{period}")]
pub async fn receipt(
    state: web::Data<AppState>,
    reader: ResidentRead,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (number, period) = path.into_inner();
    let month = Month::parse(&period)
        .ok_or_else(|| ApiError::field("period", "invalid", "a month as YYYY-MM"))?;
    let url = state.public_url.clone();
    let data = state
        .db
        .run(move |conn| {
            let (account, _) = reader.linked_account(conn, &number)?;
            Ok::<_, ApiError>(document::receipt_data(conn, &account, month, &url)?)
        })
        .await?;
    let requisites = state.billing.requisites.clone();
    let name = pdf::file_name(&data);
    let pdf = state
        .billing
        .receipts
        .run(move || pdf::render(&requisites, &data))
        .await
        .map_err(|_| ApiError::Busy {
            retry_after_secs: 1,
        })?
        .map_err(|err| ApiError::from(DomainError::Internal(format!("receipt: {err}"))))?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        // Inline, so «Открыть» shows it in the browser; «Скачать» saves it under this name.
        .insert_header(disposition(DispositionType::Inline, name))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(pdf))
}

//! Reading «Данные счётчиков»: the meters with their readings and window, a meter's history,
//! its monthly consumption, and the preview of a charge.

use actix_web::{get, post, web, HttpResponse};
use kabinet_shared::api::meters::{HistoryItem, MeterView, MonthlyUse, Preview, PreviewRequest};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;

use super::linked;
use crate::domain::readings::view;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::{AuthUser, ReadingWriter};
use crate::http::respond::{page_of, PageQuery};
use crate::http::state::AppState;

/// The account's meters: per meter the last billed reading beside the latest submitted one, the
/// consumption between them, the verification date (a warning from 60 days before it is due)
/// and the window — open or closed, days left, next opening — in the supplier's time zone.
#[utoipa::path(
    tag = "meters",
    params(("number" = String, Path, description = "Account number")),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "Meters in service first, then replaced ones", body = Page<MeterView>),
        (status = 404, description = "No such account linked to you", body = ErrorBody),
    )
)]
#[get("/accounts/{number}/meters")]
pub async fn meters(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (id, number, ctx) = (user.0.user_id, path.into_inner(), state.reading_context());
    let items = state
        .db
        .run(move |conn| {
            let account = linked(conn, id, &number)?;
            view::meters(conn, &account, &ctx)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::all(items)))
}

/// A meter's readings, newest first, with their source and status (superseded and rejected
/// ones included, with the reason).
#[utoipa::path(
    tag = "meters",
    params(("number" = String, Path, description = "Account number"),
           ("id" = String, Path, description = "The billing system's meter id"), PageQuery),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "A page of readings", body = Page<HistoryItem>),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
        (status = 404, description = "No such account linked to you, or no such meter on it", body = ErrorBody),
    )
)]
#[get("/accounts/{number}/meters/{id}/readings")]
pub async fn history(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, cursor) = (page.limit()?, page.cursor_id(0)?);
    let before = (cursor > 0).then_some(cursor);
    let (user_id, (number, meter_id)) = (user.0.user_id, path.into_inner());
    let (items, next) = state
        .db
        .run(move |conn| {
            let account = linked(conn, user_id, &number)?;
            let meter = view::meter_of(conn, &account, &meter_id)?;
            view::history(conn, &meter, before, limit)
        })
        .await?;
    Ok(page_of(items, next))
}

/// Consumption per month for the last 24 months, oldest first (the chart).
#[utoipa::path(
    tag = "meters",
    params(("number" = String, Path, description = "Account number"),
           ("id" = String, Path, description = "The billing system's meter id")),
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "24 months; a month without a reading has no `consumption`", body = Page<MonthlyUse>),
        (status = 404, description = "No such account linked to you, or no such meter on it", body = ErrorBody),
    )
)]
#[get("/accounts/{number}/meters/{id}/consumption")]
pub async fn consumption(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (user_id, (number, meter_id), ctx) =
        (user.0.user_id, path.into_inner(), state.reading_context());
    let items = state
        .db
        .run(move |conn| {
            let account = linked(conn, user_id, &number)?;
            let meter = view::meter_of(conn, &account, &meter_id)?;
            view::consumption(conn, &account, &meter, &ctx)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Page::all(items)))
}

/// The consumption since the last billed reading and its estimated charge at today's tariff;
/// nothing is saved.
#[utoipa::path(
    tag = "meters",
    params(("number" = String, Path, description = "Account number"),
           ("id" = String, Path, description = "The billing system's meter id")),
    request_body = PreviewRequest,
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "The estimate (`tariff` and `amount` absent when no tariff applies today)", body = Preview),
        (status = 400, description = "`value` is not a decimal number", body = ErrorBody),
        (status = 403, description = "`csrf_failed`, `rules_not_accepted`, `insufficient_scope`", body = ErrorBody),
        (status = 404, description = "No such account linked to you, or no such meter on it", body = ErrorBody),
        (status = 422, description = "`too_precise` or `below_previous`, with `details`", body = ErrorBody),
    )
)]
#[post("/accounts/{number}/meters/{id}/readings/preview")]
pub async fn preview(
    state: web::Data<AppState>,
    user: ReadingWriter,
    path: web::Path<(String, String)>,
    body: Body<PreviewRequest>,
) -> Result<HttpResponse, ApiError> {
    let (user_id, (number, meter_id), ctx) =
        (user.0.user_id, path.into_inner(), state.reading_context());
    let answer: Preview = state
        .db
        .run(move |conn| {
            let account = linked(conn, user_id, &number)?;
            let meter = view::meter_of(conn, &account, &meter_id)?;
            view::preview(conn, &account, &meter, &body.value, &ctx)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

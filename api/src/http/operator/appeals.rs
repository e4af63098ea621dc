//! The office's side of appeals: the list with filters (overdue ones flagged), one appeal in
//! full (audited), take → answer → close, the files, and the home page's counts.

use actix_web::{get, post, web, HttpResponse};
use kabinet_shared::api::appeals::{
    AnswerAppealRequest, AppealCategory, AppealDetail, AppealStatus, OperatorSummary,
};
use kabinet_shared::api::page::Page;
use kabinet_shared::ErrorBody;
use serde::Deserialize;

use super::as_staff;
use crate::db::models::account;
use crate::db::models::appeal::StaffFilter;
use crate::domain::appeals::{self, Step, Viewer};
use crate::error::ApiError;
use crate::http::appeals::file_response;
use crate::http::body::Body;
use crate::http::caller::Staff;
use crate::http::respond::{page_of, PageQuery};
use crate::http::state::AppState;

/// Filters of the office's appeal list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppealFilter {
    pub status: Option<AppealStatus>,
    /// `true`: only open appeals past their deadline.
    pub overdue: Option<bool>,
    pub category: Option<AppealCategory>,
    /// An account number.
    pub account: Option<String>,
}

/// Appeals, newest first, with the filer's name (no text: open one to read it).
#[utoipa::path(
    tag = "operator",
    params(AppealFilter, PageQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of appeals", body = Page<AppealDetail>),
        (status = 400, description = "Bad filter, `limit` or `cursor`", body = ErrorBody),
    )
)]
#[get("/operator/appeals")]
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    filter: web::Query<AppealFilter>,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, cursor) = (page.limit()?, page.cursor_id(0)?);
    let before = (cursor > 0).then_some(cursor);
    let today = state.clock.today();
    let f = filter.into_inner();
    let (items, next) = as_staff(&state, staff, move |conn, _| {
        let account_id = match f.account.as_deref().map(str::trim) {
            None | Some("") => None,
            // An unknown account has no appeals: an id no row has.
            Some(number) => Some(account::find(conn, number)?.map_or(-1, |a| a.id)),
        };
        let filter = StaffFilter {
            status: f.status.map(|s| s.as_str().to_owned()),
            overdue_before: f.overdue.unwrap_or(false).then_some(today),
            category: f.category.map(|c| c.as_str().to_owned()),
            account_id,
        };
        appeals::staff_list(conn, &filter, before, limit, today)
    })
    .await?;
    Ok(page_of(items, next))
}

/// One appeal in full, with the filer (the read is audited).
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "Appeal id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 400, description = "`validation`: the id is not a number", body = ErrorBody),
        (status = 200, description = "The appeal", body = AppealDetail),
        (status = 404, description = "No such appeal", body = ErrorBody),
    )
)]
#[get("/operator/appeals/{id}")]
pub async fn view(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, today) = (path.into_inner(), state.clock.today());
    let body = as_staff(&state, staff, move |conn, by| {
        appeals::staff_view(conn, by, id, today)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

async fn act(
    state: web::Data<AppState>,
    staff: Staff,
    id: i64,
    reply: Option<String>,
    closing: bool,
) -> Result<HttpResponse, ApiError> {
    let today = state.clock.today();
    let notifier = state.notifier.clone();
    let body = as_staff(&state, staff, move |conn, by| {
        let step = match (&reply, closing) {
            (Some(text), _) => Step::Answer(text),
            (None, true) => Step::Close,
            (None, false) => Step::Take,
        };
        appeals::act(conn, &notifier, by, id, step, today)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Takes a new appeal into work (`new` → `in_progress`).
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "Appeal id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 400, description = "`validation`: the id is not a number", body = ErrorBody),
        (status = 200, description = "Taken", body = AppealDetail),
        (status = 404, description = "No such appeal", body = ErrorBody),
        (status = 409, description = "`appeal_status`: not new any more", body = ErrorBody),
    )
)]
#[post("/operator/appeals/{id}/take")]
pub async fn take(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    act(state, staff, path.into_inner(), None, false).await
}

/// Answers an open appeal (`answered`); the resident is notified as they chose.
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "Appeal id")),
    request_body = AnswerAppealRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Answered", body = AppealDetail),
        (status = 400, description = "`fields.text`: `required`/`too_long`", body = ErrorBody),
        (status = 404, description = "No such appeal", body = ErrorBody),
        (status = 409, description = "`appeal_status`: answered or closed already", body = ErrorBody),
    )
)]
#[post("/operator/appeals/{id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
    body: Body<AnswerAppealRequest>,
) -> Result<HttpResponse, ApiError> {
    act(
        state,
        staff,
        path.into_inner(),
        Some(body.into_inner().text),
        false,
    )
    .await
}

/// Closes an appeal.
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "Appeal id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 400, description = "`validation`: the id is not a number", body = ErrorBody),
        (status = 200, description = "Closed", body = AppealDetail),
        (status = 404, description = "No such appeal", body = ErrorBody),
        (status = 409, description = "`appeal_status`: closed already", body = ErrorBody),
    )
)]
#[post("/operator/appeals/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    act(state, staff, path.into_inner(), None, true).await
}

/// A file of an appeal (the read is audited).
#[utoipa::path(
    tag = "operator",
    params(("id" = i64, Path, description = "Appeal id"), ("attachment_id" = i64, Path, description = "Attachment id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 400, description = "`validation`: the id is not a number", body = ErrorBody),
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 404, description = "No such file", body = ErrorBody),
    )
)]
#[get("/operator/appeals/{id}/attachments/{attachment_id}")]
pub async fn download(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (id, attachment_id) = path.into_inner();
    let (name, content_type, data) = as_staff(&state, staff, move |conn, by| {
        appeals::download(conn, Viewer::Staff(by), id, attachment_id)
    })
    .await?;
    Ok(file_response(name, content_type, data))
}

/// What waits for the office: new and overdue appeals, flagged readings.
#[utoipa::path(
    tag = "operator",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The counts", body = OperatorSummary))
)]
#[get("/operator/summary")]
pub async fn summary(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, ApiError> {
    let today = state.clock.today();
    let body = as_staff(&state, staff, move |conn, _| {
        appeals::operator_summary(conn, today)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

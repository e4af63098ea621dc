//! `/api/v1/appeals`: a resident's proposals, complaints and questions, their files and the
//! office's answers. Only the filer sees an appeal; anyone else gets 404.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpResponse};
use futures_util::StreamExt;
use kabinet_shared::api::appeals::{AppealDetail, AppealSummary, AttachmentInfo, NewAppeal};
use kabinet_shared::api::page::Page;
use kabinet_shared::{ErrorBody, ErrorCode};

use crate::domain::appeals::{self, Viewer, MAX_FILE_BYTES};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::AuthUser;
use crate::http::respond::{page_of, PageQuery};
use crate::http::state::AppState;

/// Registers the resident's appeal endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(list)
        .service(create)
        .service(view)
        .service(attach)
        .service(download);
}

/// The caller's appeals, newest first.
#[utoipa::path(
    tag = "appeals",
    params(PageQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "A page of the caller's appeals", body = Page<AppealSummary>),
        (status = 400, description = "Bad `limit` or `cursor`", body = ErrorBody),
    )
)]
#[get("/appeals")]
pub async fn list(
    state: web::Data<AppState>,
    user: AuthUser,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, cursor) = (page.limit()?, page.cursor_id(0)?);
    let before = (cursor > 0).then_some(cursor);
    let (id, today) = (user.0.user_id, state.clock.today());
    let (items, next) = state
        .db
        .run(move |conn| appeals::list(conn, id, before, limit, today))
        .await?;
    Ok(page_of(items, next))
}

/// Files a proposal, complaint or question (Rules, section 4), optionally about one of the
/// caller's accounts. The deadline is counted in working days from today (the supplier's
/// date). At most 20 a day. Staff cannot file appeals.
#[utoipa::path(
    tag = "appeals",
    request_body = NewAppeal,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Filed: status `new`, its number and deadline", body = AppealDetail),
        (status = 400, description = "Invalid fields (`subject`, `text`: `required`/`too_long`; `account`: `not_linked`)", body = ErrorBody),
        (status = 403, description = "`forbidden` for staff, or the generic refusals", body = ErrorBody),
        (status = 429, description = "`throttled`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/appeals")]
pub async fn create(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<NewAppeal>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    if caller.role.is_staff() {
        return Err(ApiError::FORBIDDEN);
    }
    let today = state.clock.today();
    let st = state.clone();
    let created = state
        .db
        .run(move |conn| {
            appeals::file(
                conn,
                &st.appeals.standard,
                today,
                caller.user_id,
                body.into_inner(),
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// One of the caller's appeals with its text, files and answer.
#[utoipa::path(
    tag = "appeals",
    params(("id" = i64, Path, description = "Appeal id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 400, description = "`validation`: the id is not a number", body = ErrorBody),
        (status = 200, description = "The appeal", body = AppealDetail),
        (status = 404, description = "No such appeal of the caller's", body = ErrorBody),
    )
)]
#[get("/appeals/{id}")]
pub async fn view(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, user_id, today) = (path.into_inner(), user.0.user_id, state.clock.today());
    let body = state
        .db
        .run(move |conn| appeals::get(conn, user_id, id, today))
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Reads the multipart field `file` — at most `MAX_FILE_BYTES`, refused with 413 as soon as
/// it grows past that — and its file name. Other fields are drained and ignored.
async fn read_file(mut form: Multipart) -> Result<(String, Vec<u8>), ApiError> {
    let malformed = |_| ApiError::bad_request("malformed multipart/form-data");
    let mut found = None;
    // Everything in the form together, so extra fields cannot stream forever either.
    let mut total = 0_usize;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(malformed)?;
        let disposition = field.content_disposition().cloned();
        let is_file = disposition.as_ref().and_then(|d| d.get_name()) == Some("file");
        let name = disposition
            .as_ref()
            .and_then(|d| d.get_filename())
            .unwrap_or("file")
            .to_owned();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(malformed)?;
            total += chunk.len();
            if data.len() + chunk.len() > MAX_FILE_BYTES || total > MAX_FILE_BYTES + 64 * 1024 {
                return Err(ErrorCode::PayloadTooLarge.into());
            }
            if is_file && found.is_none() {
                data.extend_from_slice(&chunk);
            }
        }
        if is_file && found.is_none() {
            found = Some((name, data));
        }
    }
    found.ok_or_else(|| ApiError::field("file", "required", "a multipart field `file` is required"))
}

/// Attaches a file to the caller's open appeal: `multipart/form-data` with the field `file`,
/// an image (JPEG, PNG, GIF, WebP) or a PDF as its content shows — the name and the claimed
/// type do not count — of at most 5 MB; at most 3 per appeal. Uploads are read a few at a
/// time (503 `busy` beyond that), so a burst cannot fill the memory.
#[utoipa::path(
    tag = "appeals",
    params(("id" = i64, Path, description = "Appeal id")),
    request_body(content_type = "multipart/form-data", description = "Field `file`: the file"),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Attached", body = AttachmentInfo),
        (status = 400, description = "No `file` field, or a malformed form", body = ErrorBody),
        (status = 404, description = "No such appeal of the caller's", body = ErrorBody),
        (status = 409, description = "`too_many_attachments` or `appeal_status` (answered or closed)", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: over 5 MB", body = ErrorBody),
        (status = 415, description = "`unsupported_file_type`", body = ErrorBody),
        (status = 503, description = "`busy`: too many uploads at once", body = ErrorBody),
    )
)]
#[post("/appeals/{id}/attachments")]
pub async fn attach(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<i64>,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let _slot = state
        .appeals
        .uploads
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::from(ErrorCode::Busy))?;
    let (name, data) = read_file(form).await?;
    let (id, user_id) = (path.into_inner(), user.0.user_id);
    let info = state
        .db
        .run(move |conn| appeals::attach(conn, user_id, id, &name, &data))
        .await?;
    Ok(HttpResponse::Created().json(info))
}

/// Sends a stored file: images inline, PDFs as a download.
pub fn file_response(name: String, content_type: String, data: Vec<u8>) -> HttpResponse {
    let disposition = if content_type.starts_with("image/") {
        DispositionType::Inline
    } else {
        DispositionType::Attachment
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header(ContentDisposition {
            disposition,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .body(data)
}

/// A file of one of the caller's appeals.
#[utoipa::path(
    tag = "appeals",
    params(("id" = i64, Path, description = "Appeal id"), ("attachment_id" = i64, Path, description = "Attachment id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 400, description = "`validation`: the id is not a number", body = ErrorBody),
        (status = 200, description = "The file, with the type found in its content", content_type = "application/octet-stream"),
        (status = 404, description = "No such file of the caller's", body = ErrorBody),
    )
)]
#[get("/appeals/{id}/attachments/{attachment_id}")]
pub async fn download(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let ((id, attachment_id), user_id) = (path.into_inner(), user.0.user_id);
    let (name, content_type, data) = state
        .db
        .run(move |conn| appeals::download(conn, Viewer::Resident(user_id), id, attachment_id))
        .await?;
    Ok(file_response(name, content_type, data))
}

//! `GET /api/v1/office`: public, so the home and help pages can say where and when residents
//! reach the service office.

use actix_web::{get, web, HttpResponse};
use kabinet_shared::api::office::OfficeInfo;

use crate::http::state::AppState;

/// The service office's name, address, phone and opening hours (from `KABINET_OFFICE_*`).
/// The same for everyone, so shared caches may keep it for five minutes.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "The service office's contacts", body = OfficeInfo,
            headers(("Cache-Control" = String, description = "`public, max-age=300`"))),
    )
)]
#[get("/office")]
pub async fn office(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .json(&state.office)
}

//! `GET /api/v1/rules/current`: public, so the registration page can show the text.

use actix_web::{get, web, HttpResponse};
use kabinet_shared::api::rules::RulesDocument;

use crate::domain::rules;
use crate::error::ApiError;
use crate::http::state::AppState;

/// The current version of the Rules (Markdown), with the supplier's name and site filled in.
#[utoipa::path(
    tag = "rules",
    responses(
        (status = 200, description = "The current Rules", body = RulesDocument),
    )
)]
#[get("/rules/current")]
pub async fn current(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let doc = state
        .db
        .run(move |conn| rules::current(conn, &st.company_name, &st.site))
        .await?;
    Ok(HttpResponse::Ok().json(doc))
}

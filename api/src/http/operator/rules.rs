//! `POST /operator/rules`: publishing a new version of the Rules (Rules 2.2).

use actix_web::{post, web, HttpResponse};
use kabinet_shared::api::rules::{PublishRulesRequest, RulesDocument};
use kabinet_shared::ErrorBody;

use super::as_staff;
use crate::domain::{rules, staff};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::Staff;
use crate::http::state::AppState;

/// Publishes the next version; every resident is asked to accept it before going on
/// (`403 rules_not_accepted` until they do).
#[utoipa::path(
    tag = "operator",
    request_body = PublishRulesRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Published", body = RulesDocument),
        (status = 400, description = "`fields.body` empty or too long", body = ErrorBody),
    )
)]
#[post("/operator/rules")]
pub async fn publish(
    state: web::Data<AppState>,
    staff: Staff,
    body: Body<PublishRulesRequest>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let doc = as_staff(&state, staff, move |conn, by| {
        staff::publish_rules(conn, by, &body.body)?;
        rules::current(conn, &st.company_name, &st.site)
    })
    .await?;
    Ok(HttpResponse::Created().json(doc))
}

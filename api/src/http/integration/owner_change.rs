//! `POST /integration/accounts/{number}/owner-change`.

use actix_web::{post, web, HttpResponse};
use kabinet_shared::api::integration::{OwnerChangeRequest, OwnerChangeResult};
use kabinet_shared::ErrorBody;

use crate::domain::accounts::linking;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::ApiClient;
use crate::http::state::AppState;

/// Reports a change of owner (scope `accounts:write`): the owner's name changes, every linked
/// user is unlinked (reason `owner_change`) and notified, and the account's code is voided.
/// Reporting the same change again does nothing (`applied: false`).
#[utoipa::path(
    tag = "integration",
    params(("number" = String, Path, description = "Account number")),
    request_body = OwnerChangeRequest,
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Applied (or already applied)", body = OwnerChangeResult),
        (status = 400, description = "Invalid name or date", body = ErrorBody),
        (status = 403, description = "`insufficient_scope`: the key lacks `accounts:write`", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
    )
)]
#[post("/integration/accounts/{number}/owner-change")]
pub async fn owner_change(
    state: web::Data<AppState>,
    client: ApiClient,
    path: web::Path<String>,
    body: Body<OwnerChangeRequest>,
) -> Result<HttpResponse, ApiError> {
    client.require("accounts:write")?;
    let number = path.into_inner();
    let st = state.clone();
    let result = state
        .db
        .run(move |conn| {
            linking::owner_change(
                conn,
                &st.notifier,
                client.id,
                &number,
                &body,
                client.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(result))
}

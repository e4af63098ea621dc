//! `POST /operator/operators`: admins create operators and admins.

use actix_web::{post, web, HttpResponse};
use kabinet_shared::api::auth::UserSummary;
use kabinet_shared::api::operator::CreateOperatorRequest;
use kabinet_shared::ErrorBody;

use super::as_staff;
use crate::domain::staff;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::Staff;
use crate::http::state::AppState;

/// Creates an operator (or, with `admin: true`, an admin). Admins only.
#[utoipa::path(
    tag = "operator",
    request_body = CreateOperatorRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created", body = UserSummary),
        (status = 400, description = "Invalid fields", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 503, description = "`busy` (password hashing at capacity) or `database_unavailable`", body = ErrorBody),
    )
)]
#[post("/operator/operators")]
pub async fn create(
    state: web::Data<AppState>,
    staff: Staff,
    body: Body<CreateOperatorRequest>,
) -> Result<HttpResponse, ApiError> {
    staff.require_admin()?;
    let new = staff::check_operator(&body)?;
    // Argon2 on the bounded pool, holding no database connection.
    let hash = state.hash_password(new.password()).await?;
    let body = as_staff(&state, staff, move |conn, by| {
        staff::insert_operator(conn, Some(by), new, &hash)
    })
    .await?;
    Ok(HttpResponse::Created().json(body))
}

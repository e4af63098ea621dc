//! `PUT /me/password`.

use actix_web::{put, web, HttpResponse};
use kabinet_shared::api::me::ChangePasswordRequest;
use kabinet_shared::ErrorBody;

use crate::auth::AuthUser;
use crate::domain::identity::profile;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::startup::AppState;

/// Changes the password; every other session ends (Rules 3.7: shared computers).
#[utoipa::path(
    tag = "me",
    request_body = ChangePasswordRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "`current_password: wrong` or `new_password` policy", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "`csrf_failed`, `rules_not_accepted`, `account_blocked` or `insufficient_scope`", body = ErrorBody),
        (status = 503, description = "Database unavailable", body = ErrorBody),
    )
)]
#[put("/me/password")]
pub async fn password(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    state
        .db
        .run(move |conn| {
            profile::change_password(
                conn,
                caller.user_id,
                caller.session_id,
                &body.current_password,
                &body.new_password,
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

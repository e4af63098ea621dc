//! `POST /api/v1/auth/logout`.

use actix_web::{post, web, HttpResponse};

use crate::domain::identity::login;
use crate::error::ApiError;
use crate::http::caller::PendingRulesUser;
use crate::http::state::AppState;

/// Ends the current session and clears the cookies.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Signed out"),
    )
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    user: PendingRulesUser,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    state
        .db
        .run(move |conn| {
            login::logout(
                conn,
                caller.user_id,
                caller.session_id,
                caller.ip.as_deref(),
            )
        })
        .await?;
    let mut res = HttpResponse::NoContent();
    state.cookies.clear_session(&mut res);
    Ok(res.finish())
}

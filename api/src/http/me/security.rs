//! `PUT /me/password`.

use actix_web::{put, web, HttpResponse};
use kabinet_shared::api::me::ChangePasswordRequest;
use kabinet_shared::ErrorBody;

use crate::domain::identity::profile;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::AuthUser;
use crate::http::me::gate;
use crate::http::state::AppState;

/// Changes the password; every other session and every personal token ends (Rules 3.7: shared
/// computers). Wrong current passwords count like failed sign-ins (Rules 2.3).
#[utoipa::path(
    tag = "me",
    request_body = ChangePasswordRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "`current_password: wrong`, or `new_password`: the policy or `same_as_current`", body = ErrorBody),
        (status = 429, description = "`throttled`: too many wrong current passwords; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "`busy` (password checks at capacity) or `database_unavailable`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[put("/me/password")]
pub async fn password(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.into_inner();
    // The caller's own input, so no oracle: refused before any guarded check.
    if new_password == current_password {
        return Err(ApiError::field(
            "new_password",
            "same_as_current",
            "the new password must differ from the current one",
        ));
    }
    let (id, candidate) = (caller.user_id, new_password.clone());
    state
        .db
        .run(move |conn| profile::check_new_password(conn, id, &candidate))
        .await?;
    gate::current_password(&state, id, current_password, caller.ip.clone()).await?;
    let hash = state.hash_password(new_password).await?;
    state
        .db
        .run(move |conn| {
            profile::change_password(conn, id, caller.session_id, &hash, caller.ip.as_deref())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

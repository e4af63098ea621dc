//! `GET/PATCH /me`, `PUT /me/consents`, `POST /me/accept-rules`.

use actix_web::{get, patch, post, put, web, HttpResponse};
use kabinet_shared::api::auth::ConsentChoices;
use kabinet_shared::api::me::{AcceptRulesRequest, Consents, Profile, UpdateProfileRequest};
use kabinet_shared::ErrorBody;

use crate::domain::identity::profile;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::PendingRulesUser;
use crate::http::me::gate;
use crate::http::state::AppState;

/// The signed-in user's profile, consents and Rules status. Works before the current Rules are
/// accepted (the SPA uses it to show the acceptance page).
#[utoipa::path(
    tag = "me",
    security(("bearer" = []), ("cookie" = []), ("personal_token" = [])),
    responses(
        (status = 200, description = "The profile", body = Profile),
    )
)]
#[get("/me")]
pub async fn get(
    state: web::Data<AppState>,
    user: PendingRulesUser,
) -> Result<HttpResponse, ApiError> {
    let id = user.0.user_id;
    let body = state.db.run(move |conn| profile::profile(conn, id)).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Changes personal data; fields left out stay as they are. A new e-mail needs
/// `current_password`, which counts like a sign-in attempt when wrong (Rules 2.3).
#[utoipa::path(
    tag = "me",
    request_body = UpdateProfileRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The updated profile", body = Profile),
        (status = 400, description = "Invalid fields (`current_password`: `required`/`wrong`; `email`: `taken`)", body = ErrorBody),
        (status = 403, description = "`csrf_failed`, `account_blocked`, `insufficient_scope` or `password_locked`", body = ErrorBody),
        (status = 429, description = "`throttled`: too many wrong current passwords; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "`busy` (password checks at capacity) or `database_unavailable`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[patch("/me")]
pub async fn patch(
    state: web::Data<AppState>,
    user: PendingRulesUser,
    body: Body<UpdateProfileRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let req = body.into_inner();
    // The current password matters only for a new e-mail; checked (and counted) through the
    // guard, off the database connection.
    let verified = match (&req.email, req.current_password.as_deref()) {
        (Some(_), Some(pw)) if !pw.is_empty() => {
            gate::current_password(&state, caller.user_id, pw.to_owned(), caller.ip.clone())
                .await?;
            true
        }
        _ => false,
    };
    let notifier = state.notifier.clone();
    let body = state
        .db
        .run(move |conn| {
            profile::update(
                conn,
                &notifier,
                caller.user_id,
                req,
                verified,
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Gives or withdraws consents (152-FZ); each change is recorded with its time and never
/// deleted. Consent to personal-data processing cannot be withdrawn online.
#[utoipa::path(
    tag = "me",
    request_body = ConsentChoices,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The consents now", body = Consents),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 422, description = "`personal_data_required`", body = ErrorBody),
    )
)]
#[put("/me/consents")]
pub async fn consents(
    state: web::Data<AppState>,
    user: PendingRulesUser,
    body: Body<ConsentChoices>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let body = state
        .db
        .run(move |conn| {
            profile::set_consents(
                conn,
                caller.user_id,
                body.into_inner(),
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Accepts the current version of the Rules (Rules 2.2).
#[utoipa::path(
    tag = "me",
    request_body = AcceptRulesRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "Accepted"),
        (status = 400, description = "`fields.version = not_current`", body = ErrorBody),
    )
)]
#[post("/me/accept-rules")]
pub async fn accept_rules(
    state: web::Data<AppState>,
    user: PendingRulesUser,
    body: Body<AcceptRulesRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    state
        .db
        .run(move |conn| {
            profile::accept_rules(conn, caller.user_id, body.version, caller.ip.as_deref())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

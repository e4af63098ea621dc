//! `/me/notifications`, `/me/email/*` and `/me/export`: notification choices, e-mail
//! verification, and "my data".

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, put, web, HttpResponse};
use kabinet_shared::api::notices::{NotificationPrefs, VerifyEmailRequest};
use kabinet_shared::ErrorBody;

use crate::domain::notices::{prefs, verification};
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::{AuthUser, PendingRulesUser};
use crate::http::state::AppState;

/// Which notices go by e-mail and by SMS, per event. A channel is used only with its consent
/// (and, for e-mail, a verified address); informational events also need `service_info`.
#[utoipa::path(
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "Every event's choice", body = NotificationPrefs))
)]
#[get("/me/notifications")]
pub async fn get_prefs(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<HttpResponse, ApiError> {
    let id = user.0.user_id;
    let body = state.db.run(move |conn| prefs::get(conn, id)).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Changes the choices of the events named (the others stay); audited.
#[utoipa::path(
    tag = "me",
    request_body = NotificationPrefs,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "Every event's choice now", body = NotificationPrefs),
        (status = 400, description = "Unknown event or malformed body", body = ErrorBody),
    )
)]
#[put("/me/notifications")]
pub async fn put_prefs(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Body<NotificationPrefs>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let body = state
        .db
        .run(move |conn| {
            prefs::put(
                conn,
                caller.user_id,
                body.into_inner(),
                caller.ip.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Verifies the e-mail address with the 6-digit code from the message (5 tries per code;
/// a verified address answers 204 again).
#[utoipa::path(
    tag = "me",
    request_body = VerifyEmailRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "The address is verified"),
        (status = 400, description = "`fields.code = format`: not six digits", body = ErrorBody),
        (status = 422, description = "`invalid_verification_code`: wrong, expired or used up — ask for a new one", body = ErrorBody),
    )
)]
#[post("/me/email/verify")]
pub async fn verify_email(
    state: web::Data<AppState>,
    user: PendingRulesUser,
    body: Body<VerifyEmailRequest>,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    state
        .db
        .run(move |conn| {
            verification::verify(conn, caller.user_id, &body.code, caller.ip.as_deref())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a new verification code to the current address (5 an hour).
#[utoipa::path(
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 204, description = "A new code is on its way"),
        (status = 409, description = "`email_already_verified`", body = ErrorBody),
        (status = 429, description = "`throttled`; see `Retry-After`", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/me/email/verification")]
pub async fn resend_verification(
    state: web::Data<AppState>,
    user: PendingRulesUser,
) -> Result<HttpResponse, ApiError> {
    let id = user.0.user_id;
    let st = state.clone();
    state
        .db
        .run(move |conn| verification::resend(conn, &st.notifier, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Everything Kabinet holds about the caller (152-FZ art. 14) as one JSON document: profile,
/// consents with their history, notification choices, sessions, linked accounts, readings
/// submitted, payments started, appeals with answers, audit entries about the caller. Audited.
#[utoipa::path(
    tag = "me",
    security(("bearer" = []), ("cookie" = [])),
    responses((status = 200, description = "The document (a download: `Content-Disposition: attachment`)",
        content_type = "application/json", body = Object))
)]
#[get("/me/export")]
pub async fn export(
    state: web::Data<AppState>,
    user: PendingRulesUser,
) -> Result<HttpResponse, ApiError> {
    let caller = user.0;
    let doc = state
        .db
        .run(move |conn| crate::domain::export::export(conn, caller.user_id, caller.ip.as_deref()))
        .await?;
    let name = format!("kabinet-my-data-{}.json", state.clock.today());
    Ok(HttpResponse::Ok()
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(name)],
        })
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .body(
            serde_json::to_vec_pretty(&doc)
                .map_err(|_| ApiError::from(kabinet_shared::ErrorCode::Internal))?,
        ))
}

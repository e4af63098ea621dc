//! Online payment: start one (with a required `Idempotency-Key`), follow it, the provider's
//! signed webhook, and the built-in sandbox provider's page. Paying is free: no fee anywhere.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::billing::{
    OnlinePayment, OnlinePaymentStatus, PayRequest, PaymentCreated, SandboxPayment, WebhookEvent,
};
use kabinet_shared::ErrorBody;

use crate::db::models::user;
use crate::domain::accounts;
use crate::domain::billing::online;
use crate::domain::error::DomainError;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::caller::AuthUser;
use crate::http::meters::idempotency_key;
use crate::http::state::AppState;

/// Starts a payment for the account (at least 1.00, at most `KABINET_PAYMENT_MAX`; no fee; at
/// most 20 new ones a resident an hour) and answers where to send the payer. The same `Idempotency-Key` with the same body gives the
/// same answer (also after a failure: a failed attempt leaves nothing behind); with another
/// body it is 409. Keys are kept 24 hours.
#[utoipa::path(
    tag = "billing",
    params(("number" = String, Path, description = "Account number"),
           ("Idempotency-Key" = String, Header, description = "Required: 1–200 visible ASCII characters, new for each payment the payer means to make")),
    request_body = PayRequest,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 201, description = "Created (or the first answer to this key again)", body = PaymentCreated),
        (status = 400, description = "`amount` too_small / too_large / invalid, or `Idempotency-Key` missing or invalid", body = ErrorBody),
        (status = 404, description = "No such account linked to you", body = ErrorBody),
        (status = 409, description = "`idempotency_conflict`: the key was used with another body", body = ErrorBody),
        (status = 429, description = "`throttled`: 20 payments started within the hour; `Retry-After` says when the next may start (a key already answered is still answered)", body = ErrorBody),
    )
)]
#[post("/accounts/{number}/payments")]
pub async fn start(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    req: HttpRequest,
    body: Body<PayRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let user_id = user.0.user_id;
    let key = idempotency_key(&req, format!("user:{user_id}"), &body)?.ok_or_else(|| {
        ApiError::field(
            "Idempotency-Key",
            "required",
            "send an Idempotency-Key header (a new random value per payment)",
        )
    })?;
    let number = path.into_inner();
    let billing = state.billing.clone();
    let created = state
        .db
        .run(move |conn| {
            let (account, _) = accounts::linked(conn, user_id, &number)?;
            let contact = user::find(conn, user_id)?
                .map(|u| u.email)
                .ok_or(DomainError::NOT_FOUND)?;
            online::start(
                conn,
                billing.provider.as_ref(),
                &billing.payments,
                user_id,
                &contact,
                &account,
                body.amount,
                &key,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// One of the caller's own online payments (anyone else's is a 404): the return page polls it.
#[utoipa::path(
    tag = "billing",
    params(("id" = String, Path, description = "The payment id")),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = 200, description = "The payment", body = OnlinePayment),
        (status = 404, description = "No such payment of yours", body = ErrorBody),
    )
)]
#[get("/payments/{id}")]
pub async fn view(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (user_id, id) = (user.0.user_id, path.into_inner());
    let payment = state
        .db
        .run(move |conn| online::view(conn, user_id, &id))
        .await?;
    Ok(HttpResponse::Ok().json(payment))
}

/// A payment provider's notice of an outcome. `Kabinet-Signature: t=<unix seconds>,v1=<hex
/// HMAC-SHA256 of "<t>.<raw body>">` with the provider's key (`KABINET_SANDBOX_WEBHOOK_SECRET`
/// for the sandbox). Idempotent by `event_id`: a repeat is answered 200 and changes nothing; a
/// payment is credited once however often webhooks repeat, and a late `failed` never undoes a
/// `succeeded`.
#[utoipa::path(
    tag = "billing",
    params(("provider" = String, Path, description = "`sandbox`"),
           ("Kabinet-Signature" = String, Header, description = "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`")),
    request_body = WebhookEvent,
    responses(
        (status = 200, description = "Processed (also when it was a repeat)"),
        (status = 400, description = "`bad_signature`, `stale_webhook` (timestamp more than 5 minutes away), or a body that does not match the payment", body = ErrorBody),
        (status = 404, description = "No such provider or payment", body = ErrorBody),
    )
)]
#[post("/payments/webhook/{provider}")]
pub async fn webhook(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let provider = path.into_inner();
    if provider != state.billing.provider.name() {
        return Err(ApiError::from(DomainError::NOT_FOUND));
    }
    let header = req
        .headers()
        .get("kabinet-signature")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let key = state.billing.payments.webhook_key.clone();
    let notifier = state.notifier.clone();
    state
        .db
        .run(move |conn| {
            online::receive_signed(
                conn,
                &notifier,
                key.bytes(),
                &provider,
                header.as_deref(),
                &body,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().finish())
}

/// The sandbox provider's page data: what is being paid, to whom. No sign-in: the unguessable
/// payment id is the capability, as on a real acquirer's page.
#[utoipa::path(
    tag = "sandbox",
    params(("id" = String, Path, description = "The payment id")),
    responses(
        (status = 200, description = "The payment as the sandbox shows it", body = SandboxPayment),
        (status = 404, description = "No such sandbox payment", body = ErrorBody),
    )
)]
#[get("/sandbox/payments/{id}")]
pub async fn sandbox_view(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (id, payee) = (path.into_inner(), state.billing.requisites.name.clone());
    let shown = state
        .db
        .run(move |conn| online::sandbox_view(conn, &id, &payee))
        .await?;
    Ok(HttpResponse::Ok().json(shown))
}

async fn decide(
    state: web::Data<AppState>,
    id: String,
    outcome: OnlinePaymentStatus,
) -> Result<HttpResponse, ApiError> {
    let payee = state.billing.requisites.name.clone();
    let key = state.billing.payments.webhook_key.clone();
    let notifier = state.notifier.clone();
    let shown = state
        .db
        .run(move |conn| online::sandbox_decide(conn, &notifier, key.bytes(), &id, outcome, &payee))
        .await?;
    Ok(HttpResponse::Ok().json(shown))
}

/// The sandbox payer pays: the sandbox then delivers its signed `succeeded` webhook.
#[utoipa::path(
    tag = "sandbox",
    params(("id" = String, Path, description = "The payment id")),
    responses(
        (status = 200, description = "Chosen (again, when repeated)", body = SandboxPayment),
        (status = 404, description = "No such sandbox payment", body = ErrorBody),
        (status = 409, description = "`payment_completed`: the payer already declined", body = ErrorBody),
    )
)]
#[post("/sandbox/payments/{id}/succeed")]
pub async fn sandbox_succeed(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    decide(state, path.into_inner(), OnlinePaymentStatus::Succeeded).await
}

/// The sandbox payer declines: the sandbox then delivers its signed `failed` webhook.
#[utoipa::path(
    tag = "sandbox",
    params(("id" = String, Path, description = "The payment id")),
    responses(
        (status = 200, description = "Chosen (again, when repeated)", body = SandboxPayment),
        (status = 404, description = "No such sandbox payment", body = ErrorBody),
        (status = 409, description = "`payment_completed`: the payer already paid", body = ErrorBody),
    )
)]
#[post("/sandbox/payments/{id}/fail")]
pub async fn sandbox_fail(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    decide(state, path.into_inner(), OnlinePaymentStatus::Failed).await
}

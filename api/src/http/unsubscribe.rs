//! `POST /api/v1/unsubscribe`: the confirmation behind the link in every message. Public — the
//! signed token is the credential — and a withdrawal exactly like one in the profile.

use actix_web::{post, web, HttpRequest, HttpResponse};
use kabinet_shared::api::notices::UnsubscribeRequest;
use kabinet_shared::ErrorBody;

use crate::domain::notices::unsubscribe as links;
use crate::error::ApiError;
use crate::http::body::Body;
use crate::http::cookies::client_ip;
use crate::http::state::AppState;

/// Withdraws the consent to the channel the link was sent by (`email` or `sms`); repeating it
/// changes nothing and answers the same.
#[utoipa::path(
    tag = "me",
    request_body = UnsubscribeRequest,
    responses(
        (status = 204, description = "The consent is withdrawn"),
        (status = 400, description = "`invalid_unsubscribe_link`", body = ErrorBody),
    )
)]
#[post("/unsubscribe")]
pub async fn unsubscribe(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<UnsubscribeRequest>,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let st = state.clone();
    state
        .db
        .run(move |conn| links::confirm(conn, &st.notifier, &body.token, ip.as_deref()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

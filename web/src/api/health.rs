//! `GET /api/v1/health`. Unlike other endpoints its 503 carries a `HealthResponse`, not the
//! error envelope, so the page can say which part is down.

use gloo_net::http::Method;
use kabinet_shared::api::health::HealthResponse;

use super::{send, ApiFailure};

/// The server's health, from a 200 or a 503 answer alike.
pub async fn fetch() -> Result<HealthResponse, ApiFailure> {
    let response = send(Method::GET, "/api/v1/health", None).await?;
    let status = response.status();
    if status == 200 || status == 503 {
        response
            .json::<HealthResponse>()
            .await
            .map_err(|_| ApiFailure::Unexpected { status })
    } else {
        super::decode(response).await
    }
}

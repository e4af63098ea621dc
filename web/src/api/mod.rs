//! The typed API client. Pages call the functions of the area modules; only [`send`] touches
//! gloo-net, and it maps every failure to an [`ApiFailure`] the UI can explain.

pub mod health;

use gloo_net::http::{Request, Response};
use kabinet_shared::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;

use crate::i18n::{Lang, Text};

/// Why a call failed, in terms the UI can show.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// No answer (offline, DNS, CORS, server down).
    Network,
    /// The API answered with its error envelope.
    Api { status: u16, body: ErrorBody },
    /// An answer that is neither the expected type nor the envelope.
    Unexpected { status: u16 },
}

impl ApiFailure {
    /// The sentence to show the user.
    pub fn message(&self, lang: Lang) -> &'static str {
        match self {
            Self::Network => lang.text(Text::NetworkError),
            Self::Api { body, .. } => lang.error(body.error.code),
            Self::Unexpected { status } if *status == 503 => {
                lang.error(ErrorCode::DatabaseUnavailable)
            }
            Self::Unexpected { .. } => lang.text(Text::UnexpectedAnswer),
        }
    }
}

/// Sends a request and returns the raw response, or `Network`.
pub async fn send(request: Request) -> Result<Response, ApiFailure> {
    request.send().await.map_err(|_| ApiFailure::Network)
}

/// Decodes a 2xx answer as `T`, anything else as the error envelope.
pub async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiFailure> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiFailure::Unexpected { status });
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiFailure::Api { status, body }),
        Err(_) => Err(ApiFailure::Unexpected { status }),
    }
}

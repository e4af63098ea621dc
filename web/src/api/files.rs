//! Files from the API (a statement as CSV, a receipt as PDF): asked for like any other request —
//! with the session's cookie, an expired access token renewed once — and kept as a `Blob` with
//! the name the server gave it. The session's cookies are `HttpOnly`, so a plain link to a file
//! could not renew the session; a fetch can.

use gloo_net::http::{RequestBuilder, Response};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{refusal, renew, session_lost, ApiFailure};

/// A file the API sent.
pub struct FileAnswer {
    pub blob: web_sys::Blob,
    /// The name from `Content-Disposition`, if the server gave one.
    pub name: Option<String>,
}

async fn fetch(path: &str, accept: &str) -> Result<Response, ApiFailure> {
    RequestBuilder::new(path)
        .header("X-Kabinet-Client", "spa")
        .header("Accept", accept)
        .build()
        .map_err(|_| ApiFailure::Network)?
        .send()
        .await
        .map_err(|_| ApiFailure::Network)
}

/// `GET path` accepting `accept`: the file, or the API's refusal (its error envelope).
pub async fn get_file(path: &str, accept: &str) -> Result<FileAnswer, ApiFailure> {
    let mut response = fetch(path, accept).await?;
    if response.status() == 401 {
        if renew().await {
            response = fetch(path, accept).await?;
        } else {
            session_lost();
        }
    }
    let status = response.status();
    if !response.ok() {
        let text = response.text().await.unwrap_or_default();
        return Err(refusal(status, &text));
    }
    let name = response
        .headers()
        .get("content-disposition")
        .as_deref()
        .and_then(file_name);
    let unexpected = ApiFailure::Unexpected { status };
    let promise = web_sys::Response::from(response)
        .blob()
        .map_err(|_| unexpected.clone())?;
    let blob = JsFuture::from(promise)
        .await
        .map_err(|_| ApiFailure::Network)?
        .dyn_into::<web_sys::Blob>()
        .map_err(|_| unexpected)?;
    Ok(FileAnswer { blob, name })
}

/// The file name in a `Content-Disposition` header: `filename*=UTF-8''…` (percent-encoded, for
/// Cyrillic names) when given, else `filename="…"`.
fn file_name(header: &str) -> Option<String> {
    let mut plain = None;
    for part in header.split(';').map(str::trim) {
        if let Some(value) = part.strip_prefix("filename*=") {
            let encoded = value.split_once("''").map_or(value, |(_, rest)| rest);
            if let Ok(decoded) = js_sys::decode_uri_component(encoded) {
                return Some(String::from(decoded));
            }
        } else if let Some(value) = part.strip_prefix("filename=") {
            plain = Some(value.trim_matches('"').to_owned());
        }
    }
    plain.filter(|name| !name.is_empty())
}

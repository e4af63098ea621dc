//! The typed API client. Pages call the functions of the area modules; only this module touches
//! gloo-net. It adds the CSRF header to writes, renews an expired access token once with the
//! refresh cookie, and maps every failure to an [`ApiFailure`] the UI can explain.

pub mod accounts;
#[cfg(any(feature = "meters", feature = "staff"))]
pub mod appeals;
pub mod auth;
#[cfg(feature = "meters")]
pub mod billing;
#[cfg(feature = "meters")]
pub mod files;
pub mod me;
#[cfg(feature = "meters")]
pub mod meters;
pub mod office;
#[cfg(feature = "staff")]
pub mod operator;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use gloo_net::http::{Method, RequestBuilder, Response};
use kabinet_shared::api::page::Page;
use kabinet_shared::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

use crate::i18n::{Lang, Text};

/// Why a call failed, in terms the UI can show.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// No answer (offline, DNS, server down).
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

    /// Whether trying the same request again may work: no answer, a server error, or being
    /// asked to wait — not a refusal about this request itself.
    pub fn retryable(&self) -> bool {
        match self {
            Self::Network => true,
            Self::Api { status, .. } | Self::Unexpected { status } => {
                *status >= 500 || *status == 429
            }
        }
    }

    /// A refusal found in the browser before sending, shaped like the API's 400 so the form
    /// shows it the same way.
    pub fn invalid(fields: &[(&str, &str)]) -> Self {
        let mut body = ErrorBody::new(ErrorCode::Validation, "");
        for (name, code) in fields {
            body.error
                .fields
                .insert((*name).to_owned(), (*code).to_owned());
        }
        Self::Api { status: 400, body }
    }

    /// `required` for each of `fields` (name, value) left empty, or `None` when all are filled
    /// (callers trim what is trimmed before sending).
    pub fn missing(fields: &[(&str, &str)]) -> Option<Self> {
        let empty: Vec<(&str, &str)> = fields
            .iter()
            .filter(|(_, v)| v.is_empty())
            .map(|(name, _)| (*name, "required"))
            .collect();
        (!empty.is_empty()).then(|| Self::invalid(&empty))
    }

    /// The per-field error codes of a 400.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            Self::Api { body, .. } => body.error.fields.get(name).cloned(),
            _ => None,
        }
    }
}

/// The session's CSRF token from the readable `kabinet_csrf` cookie (`__Host-kabinet_csrf`
/// over https), echoed in `X-CSRF-Token` on writes.
fn csrf_token() -> Option<String> {
    let document = web_sys::window()?
        .document()?
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?;
    let cookies = document.cookie().ok()?;
    cookies.split(';').find_map(|c| {
        let (name, value) = c.trim().split_once('=')?;
        let known = name == "kabinet_csrf" || name == "__Host-kabinet_csrf";
        (known && !value.is_empty()).then(|| value.to_owned())
    })
}

async fn send_once(
    method: Method,
    path: &str,
    body: Option<&str>,
    key: Option<&str>,
) -> Result<Response, ApiFailure> {
    // Tells sign-in and refresh to keep the refresh token in its HttpOnly cookie only.
    let mut builder = RequestBuilder::new(path)
        .method(method.clone())
        .header("X-Kabinet-Client", "spa");
    if method != Method::GET {
        if let Some(token) = csrf_token() {
            builder = builder.header("X-CSRF-Token", &token);
        }
    }
    if let Some(key) = key {
        builder = builder.header("Idempotency-Key", key);
    }
    let request = match body {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json.to_owned())
            .map_err(|_| ApiFailure::Network)?,
        None => builder.build().map_err(|_| ApiFailure::Network)?,
    };
    request.send().await.map_err(|_| ApiFailure::Network)
}

/// Whether this browser holds a session (the readable `kabinet_csrf` cookie is set together
/// with the HttpOnly session cookies and lives as long as the refresh cookie). Lets the app
/// skip asking `GET /me` for visitors who never signed in.
pub fn has_session_cookie() -> bool {
    csrf_token().is_some()
}

thread_local! {
    /// Whether the last renewal was refused because the user is blocked.
    static BLOCKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The renewal in flight, shared by every request that meets an expired access token.
    static RENEWING: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
}

/// Renews the access token with the refresh cookie; whether it worked. Single-flight: refresh
/// tokens are single-use and a second use revokes the session, so parallel requests that all
/// got a 401 (a page loading several lists) must share one renewal instead of racing.
pub async fn renew() -> bool {
    let promise = RENEWING.with(|cell| {
        let mut slot = cell.borrow_mut();
        if let Some(running) = slot.as_ref() {
            return running.clone();
        }
        let started = wasm_bindgen_futures::future_to_promise(async {
            let answer = send_once(Method::POST, "/api/v1/auth/refresh", None, None).await;
            // 403 from refresh: the session ended because the user was blocked.
            let blocked = matches!(&answer, Ok(r) if r.status() == 403);
            BLOCKED.with(|b| b.set(blocked));
            let ok = matches!(answer, Ok(r) if r.ok());
            RENEWING.with(|c| c.borrow_mut().take());
            Ok(wasm_bindgen::JsValue::from_bool(ok))
        });
        *slot = Some(started.clone());
        started
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

const SIGNED_IN_KEY: &str = "kabinet.signed_in";

/// Remembers (in localStorage) that this browser has a session, so that losing it later can be
/// told apart from never having had one.
pub fn mark_signed_in(signed_in: bool) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if signed_in {
            storage.set_item(SIGNED_IN_KEY, "1")
        } else {
            storage.remove_item(SIGNED_IN_KEY)
        };
    }
}

/// Whether this browser had a session that nobody signed out of.
pub fn had_session() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(SIGNED_IN_KEY).ok().flatten())
        .is_some()
}

/// The session this browser had has ended (expired, revoked, blocked): go to the login page,
/// which says so — a blocked user is told they are blocked and what to do.
pub fn report_session_lost() {
    mark_signed_in(false);
    let blocked = BLOCKED.with(std::cell::Cell::get);
    if let Some(window) = web_sys::window() {
        let target = if blocked {
            "/login?blocked=1".to_owned()
        } else {
            // Back to this page after signing in again.
            let here = crate::components::require_auth::current_path();
            let next = String::from(js_sys::encode_uri_component(&here));
            format!("/login?expired=1&next={next}")
        };
        let _ = window.location().assign(&target);
    }
}

fn session_lost() {
    if had_session() {
        report_session_lost();
    }
}

/// Sends a request; an expired access token is renewed once and the request repeated.
async fn send(
    method: Method,
    path: &str,
    body: Option<String>,
    key: Option<&str>,
) -> Result<Response, ApiFailure> {
    let first = send_once(method.clone(), path, body.as_deref(), key).await?;
    if first.status() != 401 || path.starts_with("/api/v1/auth/") {
        return Ok(first);
    }
    if renew().await {
        send_once(method, path, body.as_deref(), key).await
    } else {
        session_lost();
        Ok(first)
    }
}

/// The answer's status and body text.
type Raw = (u16, String);

/// One exchange with the API in flight.
type Exchange = Pin<Box<dyn Future<Output = Result<Raw, ApiFailure>>>>;

/// Starts one exchange with the API: the answer's status and body text. Not generic and boxed,
/// so every endpoint shares this one state machine; per answer type only [`parse`] is compiled
/// (an async function per type cost ~3 KB of the bundle each).
fn exchange(
    method: Method,
    path: String,
    body: Result<Option<String>, ApiFailure>,
    key: Option<String>,
) -> Exchange {
    Box::pin(async move {
        let response = send(method, &path, body?, key.as_deref()).await?;
        let status = response.status();
        // A body that cannot be read is as good as none (a 204 has none).
        let text = response.text().await.unwrap_or_default();
        Ok((status, text))
    })
}

/// An exchange whose answer becomes a `T` when it comes (see [`exchange`]).
pub struct Answer<T> {
    exchange: Exchange,
    parse: fn(Raw) -> Result<T, ApiFailure>,
}

impl<T> Future for Answer<T> {
    type Output = Result<T, ApiFailure>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.exchange.as_mut().poll(cx) {
            Poll::Ready(raw) => Poll::Ready(raw.and_then(self.parse)),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A 2xx answer as `T`, anything else as the error envelope.
fn parse<T: DeserializeOwned>((status, text): Raw) -> Result<T, ApiFailure> {
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|_| ApiFailure::Unexpected { status })
    } else {
        Err(refusal(status, &text))
    }
}

/// A 2xx answer without a body (204/202), anything else as the error envelope.
fn parse_empty((status, text): Raw) -> Result<(), ApiFailure> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(refusal(status, &text))
    }
}

/// A non-2xx answer: the envelope, or `Unexpected` when it is not one.
fn refusal(status: u16, text: &str) -> ApiFailure {
    match serde_json::from_str::<ErrorBody>(text) {
        Ok(body) => ApiFailure::Api { status, body },
        Err(_) => ApiFailure::Unexpected { status },
    }
}

fn encode<B: Serialize>(body: &B) -> Result<Option<String>, ApiFailure> {
    serde_json::to_string(body)
        .map(Some)
        .map_err(|_| ApiFailure::Unexpected { status: 0 })
}

/// `GET path` as `T`.
pub fn get<T: DeserializeOwned>(path: &str) -> Answer<T> {
    Answer {
        exchange: exchange(Method::GET, path.to_owned(), Ok(None), None),
        parse: parse::<T>,
    }
}

/// `GET path` of a list, answer as its items (a short list comes whole, in the list shape).
pub fn get_items<T: DeserializeOwned>(path: &str) -> Answer<Vec<T>> {
    Answer {
        exchange: exchange(Method::GET, path.to_owned(), Ok(None), None),
        parse: parse_items::<T>,
    }
}

fn parse_items<T: DeserializeOwned>(raw: Raw) -> Result<Vec<T>, ApiFailure> {
    parse::<Page<T>>(raw).map(|page| page.items)
}

/// `method path` with a JSON body, answer as `T`.
pub fn call<B: Serialize, T: DeserializeOwned>(method: Method, path: &str, body: &B) -> Answer<T> {
    Answer {
        exchange: exchange(method, path.to_owned(), encode(body), None),
        parse: parse::<T>,
    }
}

#[cfg(any(feature = "meters", feature = "staff"))]
/// `POST path` with a JSON body and an `Idempotency-Key` (a retry of the same body with the
/// same key is answered as the first, never done twice), answer as `T`.
pub fn post_once<B: Serialize, T: DeserializeOwned>(path: &str, body: &B, key: &str) -> Answer<T> {
    Answer {
        exchange: exchange(
            Method::POST,
            path.to_owned(),
            encode(body),
            Some(key.to_owned()),
        ),
        parse: parse::<T>,
    }
}

#[cfg(feature = "meters")]
/// `POST path` without a body, answer as `T`.
pub fn post_bare<T: DeserializeOwned>(path: &str) -> Answer<T> {
    Answer {
        exchange: exchange(Method::POST, path.to_owned(), Ok(None), None),
        parse: parse::<T>,
    }
}

#[cfg(feature = "staff")]
/// `POST path` without a body, answer as `T` (the staff bundle's).
pub fn post_bare_staff<T: DeserializeOwned>(path: &str) -> Answer<T> {
    Answer {
        exchange: exchange(Method::POST, path.to_owned(), Ok(None), None),
        parse: parse::<T>,
    }
}

/// `method path` (optional JSON body) whose answer has no body (204/202).
pub fn call_empty<B: Serialize>(method: Method, path: &str, body: Option<&B>) -> Answer<()> {
    let body = body.map(encode).transpose().map(Option::flatten);
    Answer {
        exchange: exchange(method, path.to_owned(), body, None),
        parse: parse_empty,
    }
}

/// Percent-encodes a query value.
pub fn query_value(value: &str) -> String {
    percent_encode(value)
}

fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

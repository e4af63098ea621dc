//! Small helpers shared by handlers: the caller's origin, pagination, and the sign-in answer.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kabinet_shared::api::auth::LoginResponse;
use serde::Deserialize;

use crate::domain::identity::login::Signed;
use crate::domain::identity::token;
use crate::error::ApiError;
use crate::http::cookies;
use crate::http::state::AppState;

/// `?limit=&cursor=` of every list endpoint.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page size, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The page size, clamped.
    pub fn limit(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(20),
            Some(n) if (1..=100).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::field(
                "limit",
                "out_of_range",
                "limit must be 1–100",
            )),
        }
    }

    /// The id the cursor points past (`default` when absent).
    pub fn cursor_id(&self, default: i64) -> Result<i64, ApiError> {
        match self.cursor.as_deref().map(str::trim) {
            None | Some("") => Ok(default),
            Some(c) => decode_cursor(c)
                .ok_or_else(|| ApiError::field("cursor", "invalid", "unknown cursor")),
        }
    }
}

/// `200 {items, next_cursor?}`: a page of a list, the cursor made from the last row's id.
pub fn page_of<T: serde::Serialize>(items: Vec<T>, next: Option<i64>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().json(kabinet_shared::api::page::Page {
        items,
        next_cursor: next.map(encode_cursor),
    })
}

/// An opaque cursor for an id.
pub fn encode_cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("id:{id}"))
}

fn decode_cursor(cursor: &str) -> Option<i64> {
    let raw = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("id:")?
        .parse()
        .ok()
}

/// IP and User-Agent of the request, owned so they can move into `Db::run`.
pub fn origin(req: &HttpRequest) -> (Option<String>, Option<String>) {
    (cookies::client_ip(req), cookies::user_agent(req))
}

/// The answer to a sign-in or refresh: tokens in the body, the same session in cookies (with
/// the session's CSRF token).
pub fn signed_in(
    state: &AppState,
    req: &HttpRequest,
    signed: Signed,
) -> Result<HttpResponse, ApiError> {
    let access = token::issue_access(
        &state.jwt_key,
        signed.user.id,
        &signed.session_public_id,
        signed.user.role.as_str(),
        state.access_ttl_secs,
    )
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut res = HttpResponse::build(StatusCode::OK);
    res.insert_header(("Cache-Control", "no-store"));
    let csrf = cookies::csrf_for(&state.jwt_key, &signed.session_public_id);
    state.cookies.set_session(
        &mut res,
        &access,
        state.access_ttl_secs,
        &signed.refresh_token,
        &csrf,
    );
    // The SPA keeps its refresh token in the HttpOnly cookie only; API clients get it here.
    let refresh_token = (!cookies::from_spa(req)).then_some(signed.refresh_token);
    Ok(res.json(LoginResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: state.access_ttl_secs,
        refresh_token,
        user: signed.user,
        rules_acceptance_required: signed.rules_pending,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        assert_eq!(decode_cursor(&encode_cursor(42)), Some(42));
        assert_eq!(decode_cursor("garbage!"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("x:1")), None);
    }
}

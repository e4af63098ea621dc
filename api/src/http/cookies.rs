//! The SPA's cookies. The access and refresh tokens are HttpOnly (scripts cannot read them) and
//! SameSite=Strict; the CSRF token is readable by the SPA, which echoes it in `X-CSRF-Token` on
//! every write. The token is bound to the session (an HMAC of its id), so only the header
//! matters and a cookie planted by a sibling site cannot forge it. `Secure` and the `__Host-`
//! prefix are set whenever `KABINET_PUBLIC_URL` is https.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponseBuilder};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secrets::SigningKey;

/// Base names; with https they carry the `__Host-` prefix (see [`CookiePolicy`]).
pub const ACCESS_COOKIE: &str = "kabinet_access";
pub const REFRESH_COOKIE: &str = "kabinet_refresh";
pub const CSRF_COOKIE: &str = "kabinet_csrf";
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// Sent by the SPA on sign-in and refresh: the refresh token then travels only in its HttpOnly
/// cookie, never in a body a script could read.
pub const CLIENT_HEADER: &str = "X-Kabinet-Client";

pub use crate::domain::identity::token::REFRESH_DAYS;

/// Whether cookies are `Secure` with the `__Host-` prefix: decided by `KABINET_PUBLIC_URL`
/// (https), never by a header a client could forge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    /// From the public URL.
    pub fn for_public_url(url: &str) -> Self {
        Self {
            secure: url.trim().to_ascii_lowercase().starts_with("https://"),
        }
    }

    /// The name a cookie has under this policy.
    pub fn name(&self, base: &str) -> String {
        if self.secure {
            format!("__Host-{base}")
        } else {
            base.to_owned()
        }
    }

    /// `__Host-` cookies must have `Path=/`; plain ones are narrowed to where they are needed.
    fn path(&self, narrow: &'static str) -> &'static str {
        if self.secure {
            "/"
        } else {
            narrow
        }
    }

    fn cookie(
        &self,
        base: &str,
        value: String,
        narrow_path: &'static str,
        http_only: bool,
        max_age: CookieDuration,
    ) -> Cookie<'static> {
        Cookie::build(self.name(base), value)
            .path(self.path(narrow_path))
            .http_only(http_only)
            .same_site(SameSite::Strict)
            .secure(self.secure)
            .max_age(max_age)
            .finish()
    }

    /// The value of cookie `base` on `req`, if present and non-empty.
    pub fn read(&self, req: &HttpRequest, base: &str) -> Option<String> {
        req.cookie(&self.name(base))
            .map(|c| c.value().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// Sets the three session cookies.
    pub fn set_session(
        &self,
        res: &mut HttpResponseBuilder,
        access: &str,
        access_ttl_secs: u64,
        refresh: &str,
        csrf: &str,
    ) {
        let ttl = CookieDuration::seconds(i64::try_from(access_ttl_secs).unwrap_or(900));
        let long = CookieDuration::days(REFRESH_DAYS);
        res.cookie(self.cookie(ACCESS_COOKIE, access.into(), "/api", true, ttl));
        res.cookie(self.cookie(REFRESH_COOKIE, refresh.into(), "/api/v1/auth", true, long));
        res.cookie(self.cookie(CSRF_COOKIE, csrf.into(), "/", false, long));
    }

    /// Expires the three session cookies.
    pub fn clear_session(&self, res: &mut HttpResponseBuilder) {
        let gone = CookieDuration::ZERO;
        res.cookie(self.cookie(ACCESS_COOKIE, String::new(), "/api", true, gone));
        res.cookie(self.cookie(REFRESH_COOKIE, String::new(), "/api/v1/auth", true, gone));
        res.cookie(self.cookie(CSRF_COOKIE, String::new(), "/", false, gone));
    }
}

/// The CSRF token of a session: an HMAC of its public id, so a token is only good for the
/// session it was issued with (a planted cookie/header pair of another session fails).
pub fn csrf_for(key: &SigningKey, session_public_id: &str) -> String {
    // HMAC takes keys of any length; the empty answer for an impossible error never matches.
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(key.bytes()) else {
        return String::new();
    };
    mac.update(b"csrf|");
    mac.update(session_public_id.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Whether the request's `X-CSRF-Token` header is the token of `session_public_id`
/// (compared in constant time).
pub fn csrf_ok(req: &HttpRequest, key: &SigningKey, session_public_id: &str) -> bool {
    let Some(header) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    same_secret(header, &csrf_for(key, session_public_id))
}

/// Constant-time equality of a presented secret and the expected one (never equal when empty).
pub fn same_secret(presented: &str, expected: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.as_bytes());
    !a.is_empty()
        && a.len() == b.len()
        && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether the SPA made this request (it then gets no refresh token in the body).
pub fn from_spa(req: &HttpRequest) -> bool {
    req.headers()
        .get(CLIENT_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("spa"))
}

/// The client's address: the socket's peer, unless that peer is a configured trusted proxy,
/// in which case the nearest untrusted address in `X-Forwarded-For`.
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let peer = req.peer_addr()?.ip();
    let trusted = req
        .app_data::<actix_web::web::Data<crate::http::state::AppState>>()
        .map(|s| s.trusted_proxies.clone())
        .unwrap_or_default();
    let forwarded = req
        .headers()
        .get("X-Forwarded-For")
        .and_then(|v| v.to_str().ok());
    Some(resolve_client(peer, forwarded, &trusted).to_string())
}

/// Walks `X-Forwarded-For` from the right (the hop nearest to us) while the hops are trusted
/// proxies; the first untrusted one is the client. Garbage ends the walk at the last good hop.
pub fn resolve_client(
    peer: std::net::IpAddr,
    forwarded: Option<&str>,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded.unwrap_or_default().rsplit(',') {
        match hop.trim().parse::<std::net::IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// The User-Agent header, shortened for storage.
pub fn user_agent(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(300).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy];
        // Not a proxy: its header is the client's own invention.
        assert_eq!(
            resolve_client(ip("203.0.113.9"), Some("1.2.3.4"), &trusted),
            ip("203.0.113.9")
        );
        // Through the proxy: the client it saw.
        assert_eq!(
            resolve_client(proxy, Some("198.51.100.7"), &trusted),
            ip("198.51.100.7")
        );
        // A spoofed entry to the left of the real client is ignored.
        assert_eq!(
            resolve_client(proxy, Some("1.2.3.4, 198.51.100.7"), &trusted),
            ip("198.51.100.7")
        );
        // Garbage or no header: the proxy itself.
        assert_eq!(resolve_client(proxy, Some("not-an-ip"), &trusted), proxy);
        assert_eq!(resolve_client(proxy, None, &trusted), proxy);
    }
}

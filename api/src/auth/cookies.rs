//! The SPA's cookies. The access and refresh tokens are HttpOnly (scripts cannot read them) and
//! SameSite=Strict; the CSRF token is readable by the SPA, which echoes it in `X-CSRF-Token` on
//! every write (double submit). `Secure` is set whenever the request came over https.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponseBuilder};

pub const ACCESS_COOKIE: &str = "kabinet_access";
pub const REFRESH_COOKIE: &str = "kabinet_refresh";
pub const CSRF_COOKIE: &str = "kabinet_csrf";
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// How long a refresh token (and so a session without activity) lives.
pub const REFRESH_DAYS: i64 = 30;

fn cookie(
    name: &'static str,
    value: String,
    path: &'static str,
    http_only: bool,
    max_age: CookieDuration,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(path)
        .http_only(http_only)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(max_age)
        .finish()
}

/// Whether the client reached us over https (directly or as the proxy says).
pub fn is_https(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

/// Sets the three session cookies.
pub fn set_session(
    res: &mut HttpResponseBuilder,
    req: &HttpRequest,
    access: &str,
    access_ttl_secs: u64,
    refresh: &str,
    csrf: &str,
) {
    let secure = is_https(req);
    let ttl = CookieDuration::seconds(i64::try_from(access_ttl_secs).unwrap_or(900));
    let long = CookieDuration::days(REFRESH_DAYS);
    res.cookie(cookie(
        ACCESS_COOKIE,
        access.into(),
        "/api",
        true,
        ttl,
        secure,
    ));
    res.cookie(cookie(
        REFRESH_COOKIE,
        refresh.into(),
        "/api/v1/auth",
        true,
        long,
        secure,
    ));
    res.cookie(cookie(CSRF_COOKIE, csrf.into(), "/", false, long, secure));
}

/// Expires the three session cookies.
pub fn clear_session(res: &mut HttpResponseBuilder, req: &HttpRequest) {
    let secure = is_https(req);
    let gone = CookieDuration::ZERO;
    res.cookie(cookie(
        ACCESS_COOKIE,
        String::new(),
        "/api",
        true,
        gone,
        secure,
    ));
    res.cookie(cookie(
        REFRESH_COOKIE,
        String::new(),
        "/api/v1/auth",
        true,
        gone,
        secure,
    ));
    res.cookie(cookie(CSRF_COOKIE, String::new(), "/", false, gone, secure));
}

/// The double-submit check: the header must equal the cookie (compared in constant time).
pub fn csrf_ok(req: &HttpRequest) -> bool {
    let Some(cookie) = req.cookie(CSRF_COOKIE) else {
        return false;
    };
    let Some(header) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let (a, b) = (cookie.value().as_bytes(), header.as_bytes());
    !a.is_empty()
        && a.len() == b.len()
        && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client's address: the socket's peer, unless that peer is a configured trusted proxy,
/// in which case the nearest untrusted address in `X-Forwarded-For`.
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let peer = req.peer_addr()?.ip();
    let trusted = req
        .app_data::<actix_web::web::Data<crate::startup::AppState>>()
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

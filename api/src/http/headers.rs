//! Security headers on every answer: a Content-Security-Policy without `unsafe-inline` for
//! scripts (Trunk's inline loader is allowed by its SHA-256, computed from the built
//! `index.html` at start), `frame-ancestors 'none'`, `Cache-Control: no-store` on API answers
//! (they carry personal data) and `no-cache` on HTML unless a handler chose otherwise, and HSTS
//! when the public URL is https.

use std::path::Path;

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue, CACHE_CONTROL};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers, prepared once at start.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    spa_csp: HeaderValue,
    docs_csp: HeaderValue,
    hsts: bool,
}

/// `'sha256-…'` sources for every inline `<script>` (one without `src`) in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after_open = &rest[open..];
        let Some(tag_end) = after_open.find('>') else {
            break;
        };
        let tag = &after_open[..tag_end];
        let body_start = &after_open[tag_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        let body = &body_start[..close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            hashes.push(format!(
                "'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            ));
        }
        rest = &body_start[close..];
    }
    hashes
}

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

impl SecurityHeaders {
    /// Reads `index.html` from the SPA folder (if any) to allow its inline loader.
    pub fn new(static_dir: &Path, https: bool) -> Self {
        // Every shell: the resident's, the staff and the meters bundle's.
        let mut hashes: Vec<String> = Vec::new();
        for shell in [
            static_dir.join("index.html"),
            static_dir
                .join(crate::http::spa::STAFF_PREFIX)
                .join("index.html"),
            static_dir
                .join(crate::http::spa::METERS_PREFIX)
                .join("index.html"),
        ] {
            let html = std::fs::read_to_string(shell).unwrap_or_default();
            for hash in inline_script_hashes(&html) {
                if !hashes.contains(&hash) {
                    hashes.push(hash);
                }
            }
        }
        let hashes = hashes.join(" ");
        let spa = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
             font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-ancestors 'none'"
        );
        // Swagger UI's bundle sets inline styles; its scripts are files.
        let docs = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                    img-src 'self' data:; connect-src 'self'; object-src 'none'; \
                    base-uri 'none'; frame-ancestors 'none'";
        Self {
            spa_csp: value(&spa),
            docs_csp: value(docs),
            hsts: https,
        }
    }

    /// Adds the headers to an answer for `path`.
    pub fn apply(&self, path: &str, headers: &mut HeaderMap) {
        let pdf = headers
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/pdf"));
        let csp = if pdf {
            // A receipt opened in a tab: the browser's PDF viewer breaks under the SPA's policy
            // (it needs its own plugin frame); a PDF runs no page script, so only framing is
            // forbidden.
            HeaderValue::from_static("frame-ancestors 'none'")
        } else if path.starts_with("/api/docs") {
            self.docs_csp.clone()
        } else {
            self.spa_csp.clone()
        };
        headers.insert(HeaderName::from_static("content-security-policy"), csp);
        let personal = path.starts_with("/api/") && !path.starts_with("/api/docs");
        if personal && !headers.contains_key(CACHE_CONTROL) {
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        // The SPA shell names the current hashed assets: always revalidated.
        let html = headers
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if html && !headers.contains_key(CACHE_CONTROL) {
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        if self.hsts {
            headers.insert(
                HeaderName::from_static("strict-transport-security"),
                HeaderValue::from_static("max-age=31536000; includeSubDomains"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<script src="/a.js"></script><script type="module">boot()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = STANDARD.encode(Sha256::digest(b"boot()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn api_answers_are_not_stored_unless_a_handler_says_so() {
        let h = SecurityHeaders::new(Path::new("/nonexistent"), true);
        let mut map = HeaderMap::new();
        h.apply("/api/v1/me", &mut map);
        assert_eq!(
            map.get(CACHE_CONTROL).map(|v| v.as_bytes()),
            Some(&b"no-store"[..])
        );
        assert!(map.contains_key("strict-transport-security"));
        let csp = map
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline' ;"));
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
        let mut asset = HeaderMap::new();
        h.apply("/app.js", &mut asset);
        assert!(!asset.contains_key(CACHE_CONTROL));
    }
}

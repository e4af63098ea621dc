//! Serves the built SPA: static files from `KABINET_STATIC_DIR`, and `index.html` for any other
//! non-API path so that client-side routes (`/accounts/123`) survive a reload.
//!
//! Hashed assets (`name-<16 hex>.wasm|js|css`, Trunk's output) are answered from the `.br` or
//! `.gz` file the build made beside them when the browser accepts it, and cached for a year as
//! immutable (a new release has new names); `index.html` is revalidated on every load.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::HttpResponse;

/// The static-file service, or `None` when the SPA has not been built.
pub fn files(static_dir: &Path) -> Option<Files> {
    let index = static_dir.join("index.html");
    if !index.is_file() {
        log::warn!(
            "no SPA at {} (run scripts/run to build it); serving the API only",
            static_dir.display()
        );
        return None;
    }
    let index: PathBuf = index;
    let staff_index = static_dir.join(STAFF_PREFIX).join("index.html");
    let meters_index = static_dir.join(METERS_PREFIX).join("index.html");
    Some(
        Files::new("/", static_dir)
            .index_file("index.html")
            .prefer_utf8(true)
            .default_handler(fn_service(move |req: ServiceRequest| {
                // The staff area's routes get the staff bundle's shell, «Данные счётчиков» the
                // meters bundle's; every other route the resident's.
                let index = if is_staff_path(req.path()) && staff_index.is_file() {
                    staff_index.clone()
                } else if is_meters_path(req.path()) && meters_index.is_file() {
                    meters_index.clone()
                } else {
                    index.clone()
                };
                async move {
                    let (req, _) = req.into_parts();
                    let response = match NamedFile::open_async(&index).await {
                        Ok(file) => {
                            let mut response = file.into_response(&req);
                            // The shell must be re-read so a new release's hashed assets load.
                            response.headers_mut().insert(
                                actix_web::http::header::CACHE_CONTROL,
                                CacheControl(vec![CacheDirective::NoCache])
                                    .to_string()
                                    .parse()
                                    .map_err(actix_web::error::ErrorInternalServerError)?,
                            );
                            response
                        }
                        Err(_) => HttpResponse::NotFound().finish(),
                    };
                    Ok(ServiceResponse::new(req, response))
                }
            })),
    )
}

/// The folder (and URL prefix) of the staff bundle inside the SPA folder.
pub const STAFF_PREFIX: &str = "operator";

/// Whether `path` belongs to the staff area (`/operator`, `/operator/…`).
pub fn is_staff_path(path: &str) -> bool {
    path == "/operator" || path.starts_with("/operator/")
}

/// The folder (and URL prefix) of the meters bundle («Данные счётчиков» and the billing pages)
/// inside the SPA folder.
pub const METERS_PREFIX: &str = "meters";

/// The sections of an account the meters bundle draws (`/accounts/{number}/{section}`).
const METERS_SECTIONS: [&str; 4] = ["meters", "history", "pay", "receipts"];

/// Whether the meters bundle draws `path`: an account's «Данные счётчиков», «История
/// начислений и оплат», «Оплатить» and «Квитанция» (`/accounts/{number}/{section}`), the return
/// page after paying (`/payments/{id}`) and the sandbox provider's page
/// (`/sandbox/payments/{id}`), «Обращения» (`/appeals`, `/appeals/{id}`) and the pages the links
/// in messages open (`/verify-email`, `/unsubscribe`), and the notification choices
/// (`/profile/notifications`). The resident bundle leaves them out to
/// stay within its budget.
pub fn is_meters_path(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let one_segment = |rest: &str| !rest.is_empty() && !rest.contains('/');
    // «Обращения» and the pages the links in messages open.
    if matches!(
        path,
        "/appeals" | "/verify-email" | "/unsubscribe" | "/profile/notifications"
    ) {
        return true;
    }
    if let Some(id) = path.strip_prefix("/appeals/") {
        return one_segment(id);
    }
    if let Some(id) = path
        .strip_prefix("/payments/")
        .or_else(|| path.strip_prefix("/sandbox/payments/"))
    {
        return one_segment(id);
    }
    path.strip_prefix("/accounts/")
        .and_then(|rest| rest.rsplit_once('/'))
        .is_some_and(|(number, section)| one_segment(number) && METERS_SECTIONS.contains(&section))
}

/// Where a hashed asset's file is: `/name` in the SPA folder, `/operator/name` in the staff
/// bundle's, `/meters/name` in the meters bundle's; `None` for any other path.
pub fn asset_file(path: &str) -> Option<(&'static str, &str)> {
    let rest = path.strip_prefix('/')?;
    let (folder, name) = match rest.strip_prefix("operator/") {
        Some(name) => (STAFF_PREFIX, name),
        None if rest.starts_with("meters/") => (METERS_PREFIX, &rest["meters/".len()..]),
        None => ("", rest),
    };
    is_hashed(name).then_some((folder, name))
}

/// Whether a file name carries Trunk's content hash (`kabinet-web-1a2b3c4d5e6f7a8b_bg.wasm`).
pub fn is_hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    matches!(ext, "wasm" | "js" | "css")
        // Trunk prints a 64-bit hash in hex without leading zeros: up to 16 digits.
        && stem.rsplit_once('-').is_some_and(|(_, hash)| {
            (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

fn accepts(req: &actix_web::HttpRequest, coding: &str) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|part| {
                let mut it = part.split(';');
                let name = it.next().unwrap_or_default().trim();
                let refused = it.any(|p| p.trim().replace(' ', "") == "q=0");
                name.eq_ignore_ascii_case(coding) && !refused
            })
        })
}

/// `GET /{name}` for a hashed asset: the precompressed file when there is one the browser
/// accepts, else the file itself; `None` when `name` is not a hashed asset of `dir`.
pub async fn hashed_asset(
    req: &actix_web::HttpRequest,
    dir: &Path,
    name: &str,
) -> Option<HttpResponse> {
    use actix_web::http::header::{self, ContentEncoding, HeaderValue};
    if !is_hashed(name) || name.contains('/') || name.contains("..") {
        return None;
    }
    let plain = dir.join(name);
    if !plain.is_file() {
        return None;
    }
    let mut chosen = (plain.clone(), None);
    for (coding, ext, encoding) in [
        ("br", "br", ContentEncoding::Brotli),
        ("gzip", "gz", ContentEncoding::Gzip),
    ] {
        let packed = dir.join(format!("{name}.{ext}"));
        if accepts(req, coding) && packed.is_file() {
            chosen = (packed, Some(encoding));
            break;
        }
    }
    let (path, encoding) = chosen;
    let ext = plain
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let mut file = NamedFile::open_async(&path)
        .await
        .ok()?
        .set_content_type(actix_files::file_extension_to_mime(ext));
    if let Some(encoding) = encoding {
        file = file.set_content_encoding(encoding);
    }
    let mut res = file.into_response(req);
    let headers = res.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Some(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_trunks_hashed_names_count_as_immutable() {
        assert!(is_hashed("kabinet-web-622599c53702f26f.js"));
        assert!(is_hashed("kabinet-web-622599c53702f26f_bg.wasm"));
        assert!(is_hashed("style-a1d8ebae597e2638.css"));
        assert!(
            is_hashed("kabinet-web-6229c898107214_bg.wasm"),
            "14 digits: leading zeros dropped"
        );
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("app.js"));
        assert!(!is_hashed("kabinet-web-xyz.js"));
        assert_eq!(
            asset_file("/operator/kabinet-web-6229c898107214.js"),
            Some(("operator", "kabinet-web-6229c898107214.js"))
        );
        assert_eq!(
            asset_file("/kabinet-web-6229c898107214.js"),
            Some(("", "kabinet-web-6229c898107214.js"))
        );
        assert_eq!(asset_file("/operator/users"), None);
        assert!(is_staff_path("/operator/users") && !is_staff_path("/operators"));
        assert_eq!(
            asset_file("/meters/kabinet-web-622599c53702f26f_bg.wasm"),
            Some(("meters", "kabinet-web-622599c53702f26f_bg.wasm"))
        );
        assert!(is_meters_path("/accounts/100200300/meters"));
        assert!(is_meters_path("/accounts/100200300/meters/"));
        assert!(!is_meters_path("/accounts/100200300/info"));
        assert!(!is_meters_path("/accounts//meters") && !is_meters_path("/accounts/1/2/meters"));
        for section in ["history", "pay", "receipts"] {
            assert!(is_meters_path(&format!("/accounts/100200300/{section}")));
        }
        assert!(!is_meters_path("/accounts/100200300/receipt"));
        assert!(!is_meters_path("/accounts/history") && !is_meters_path("/accounts"));
        assert!(
            is_meters_path("/appeals")
                && is_meters_path("/appeals/12")
                && is_meters_path("/verify-email")
        );
        assert!(is_meters_path("/unsubscribe") && !is_meters_path("/appeals/1/2"));
        assert!(is_meters_path("/payments/pay_3f9c2a7d1e6b"));
        assert!(is_meters_path("/sandbox/payments/pay_3f9c2a7d1e6b/"));
        assert!(!is_meters_path("/payments/") && !is_meters_path("/payments/a/b"));
        assert!(!is_meters_path("/sandbox/payments") && !is_meters_path("/api/v1/payments/x"));
    }
}

//! Serves the built SPA: static files from `KABINET_STATIC_DIR`, and `index.html` for any other
//! non-API path so that client-side routes (`/accounts/123`) survive a reload.

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
    Some(
        Files::new("/", static_dir)
            .index_file("index.html")
            .prefer_utf8(true)
            .default_handler(fn_service(move |req: ServiceRequest| {
                let index = index.clone();
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

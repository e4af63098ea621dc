//! The OpenAPI document: general info and tags here, paths and schemas collected by
//! utoipa-actix-web from the handlers registered in `http::configure`. `openapi.yaml` at the
//! repository root is this document as YAML (`kabinet openapi > openapi.yaml`).

use actix_web::App;
use kabinet_shared::{ErrorBody, ErrorCode, ErrorDetail};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::{scope, AppExt};

/// Top-level facts of the spec.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kabinet API",
        description = "Self-service personal account of a district-heating and hot-water \
            supplier: residents, office operators and integrators (billing system, payment \
            agents). Every error is `{\"error\": {\"code\", \"message\", \"fields\"?}}`; \
            lists are paginated with `limit` and an opaque `cursor`; money and meter values \
            are decimal strings.",
        license(name = "MIT OR Apache-2.0"),
    ),
    tags(
        (name = "system", description = "Health and metadata"),
        (name = "auth", description = "Registration, sign-in, token refresh, sign-out, password reset"),
        (name = "rules", description = "The Rules of using the personal account"),
        (name = "me", description = "The signed-in user's own data"),
        (name = "operator", description = "The office staff's area (operators and admins)"),
        (name = "accounts", description = "The resident's utility accounts (лицевые счета)"),
        (name = "meters", description = "«Данные счётчиков»: meters, readings (submit, preview, history, consumption)"),
        (name = "billing", description = "«История начислений и оплат», «Квитанция», «Оплатить»: statement, receipt PDF, online payment and the provider's webhook"),
        (name = "sandbox", description = "The built-in sandbox payment provider's page (no money moves; the default provider)"),
        (name = "integration", description = "The billing system and payment agents (API key with scopes)"),
    ),
    components(schemas(ErrorBody, ErrorDetail, ErrorCode)),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

/// The ways to authenticate, referenced by each path's `security`.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token from `POST /api/v1/auth/login` (15 minutes)",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "kabinet_access",
                "The SPA's HttpOnly session cookie; writes also need the `X-CSRF-Token` header \
                 equal to the `kabinet_csrf` cookie",
            ))),
        );
        components.add_security_scheme(
            "personal_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A resident's personal token `kbt_…` (scopes `read`, `readings:write`)",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An integrator's API key `kbi_…`, scoped per client"))
                    .build(),
            ),
        );
    }
}

/// The base every API path hangs under.
pub const API_PREFIX: &str = "/api/v1";

/// Builds the complete spec from the registered services, exactly as `serve` exposes it.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope::scope(API_PREFIX).configure(crate::http::configure))
        .split_for_parts();
    CommonResponses.modify(&mut api);
    api
}

/// The answers every operation can give, written once instead of on every handler: 503 when
/// the database is unreachable, and for operations that need a credential, 401 without one
/// and 403 for the general refusals. A handler lists only what it adds (and its own text for
/// one of these wins).
struct CommonResponses;

fn error_response(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in operations.into_iter().flatten() {
                let schemes: Vec<String> = op
                    .security
                    .iter()
                    .flatten()
                    .flat_map(|req| {
                        serde_json::to_value(req)
                            .ok()
                            .and_then(|v| {
                                v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>())
                            })
                            .unwrap_or_default()
                    })
                    .collect();
                let responses = &mut op.responses.responses;
                let mut add = |status: &str, text: &str| {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error_response(text));
                };
                if schemes.iter().any(|s| s == "api_key") {
                    add("401", "`unauthorized`: missing or unknown API key");
                    add(
                        "403",
                        "`insufficient_scope`: the key lacks this endpoint's scope",
                    );
                } else if !schemes.is_empty() {
                    add(
                        "401",
                        "`unauthorized`: not signed in, or the session has ended",
                    );
                    add(
                        "403",
                        "`forbidden` (not allowed, e.g. not staff), `csrf_failed` (a cookie \
                         write without the session's `X-CSRF-Token`), `rules_not_accepted`, \
                         `account_blocked` or `insufficient_scope` (a personal token)",
                    );
                }
                add(
                    "503",
                    "`database_unavailable`: the database is unreachable; retry after \
                     `Retry-After`",
                );
            }
        }
    }
}

/// The spec as YAML, as checked in at the repository root.
pub fn spec_yaml() -> Result<String, String> {
    spec().to_yaml().map_err(|err| err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when the handlers and the checked-in `openapi.yaml` disagree, with a diff.
    #[test]
    fn checked_in_openapi_yaml_matches_the_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.yaml");
        let generated = spec_yaml().unwrap_or_else(|err| panic!("spec renders: {err}"));
        let checked_in = std::fs::read_to_string(path).unwrap_or_default();
        if generated != checked_in {
            let diff = similar::TextDiff::from_lines(&checked_in, &generated);
            let shown = diff
                .unified_diff()
                .context_radius(2)
                .header("openapi.yaml (checked in)", "generated from the code")
                .to_string();
            panic!(
                "openapi.yaml is out of date. Regenerate it with\n\n    \
                 cargo run -p kabinet-api -- openapi > openapi.yaml\n\n{shown}"
            );
        }
    }

    #[test]
    fn every_path_documents_its_error_statuses() {
        let spec = spec();
        assert!(spec.paths.paths.contains_key("/api/v1/health"));
        for (path, item) in &spec.paths.paths {
            let operations = [&item.get, &item.post, &item.put, &item.patch, &item.delete];
            for op in operations.into_iter().flatten() {
                assert!(
                    op.responses
                        .responses
                        .keys()
                        .any(|s| s.starts_with('4') || s.starts_with('5')),
                    "{path} documents no error response"
                );
            }
        }
    }
}

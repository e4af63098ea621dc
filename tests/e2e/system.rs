//! Health, the docs UI, the spec endpoint, the SPA fallback and the JSON 404/405 envelope.

use kabinet_e2e::{both_backends, SpawnOptions, TestApp, TestDb};
use kabinet_shared::api::office::OfficeInfo;

both_backends! {
    fn health_reports_version_backend_and_reachable_database(backend) {
        let app = TestApp::spawn(backend);
        let answer = app.get("/api/v1/health");
        assert_eq!(answer.status, 200, "{}", answer.body);
        let body = answer.json();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
        let expected = match backend {
            kabinet_e2e::Backend::Sqlite => "sqlite",
            kabinet_e2e::Backend::Postgres => "postgres",
        };
        assert_eq!(body["database"]["backend"], expected);
        assert_eq!(body["database"]["reachable"], true);
        assert_eq!(answer.header("cache-control"), Some("no-store"));
    }

    fn the_office_contacts_are_public_cacheable_and_configurable(backend) {
        let app = TestApp::spawn(backend);
        let answer = app.get("/api/v1/office");
        assert_eq!(answer.header("cache-control"), Some("public, max-age=300"));
        let office: OfficeInfo = answer.expect(200);
        assert_eq!(office, OfficeInfo {
            name: "Абонентский отдел".into(),
            address: "г. Кызыл, ул. Кочетова, д. 2".into(),
            phone: "+7 (394) 222-00-00".into(),
            hours: "пн–пт 8:00–17:00, обед 12:00–13:00".into(),
        });

        let env = [("KABINET_OFFICE_PHONE", "+7 (394) 255-55-55"), ("KABINET_OFFICE_HOURS", "пн–сб 9:00–18:00")];
        let configured = TestApp::spawn_with(TestDb::create(backend), SpawnOptions {
            env: env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            ..SpawnOptions::default()
        });
        let office: OfficeInfo = configured.get("/api/v1/office").expect(200);
        assert_eq!((office.phone.as_str(), office.hours.as_str()), ("+7 (394) 255-55-55", "пн–сб 9:00–18:00"));
        assert_eq!(office.name, "Абонентский отдел", "what is not configured keeps its default");
    }
}

#[test]
fn docs_ui_and_spec_are_served_without_internet() {
    let app = TestApp::spawn(kabinet_e2e::Backend::Sqlite);
    let redirect = app.get("/api/docs");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/api/docs/"));

    let docs = app.get("/api/docs/");
    assert_eq!(docs.status, 200);
    assert!(docs.body.contains("swagger-ui"), "{}", docs.body);
    // Vendored Swagger UI: its script comes from this server, not a CDN.
    let bundle = app.get("/api/docs/swagger-ui-bundle.js");
    assert_eq!(bundle.status, 200);
    assert!(
        bundle.body.len() > 100_000,
        "bundle is {} bytes",
        bundle.body.len()
    );
    assert!(
        !docs.body.contains("https://"),
        "docs page loads remote assets"
    );

    let spec = app.get("/api/openapi.json").json();
    assert!(spec["paths"]["/api/v1/health"]["get"].is_object());
    assert_eq!(spec["info"]["title"], "Kabinet API");
}

#[test]
fn served_spec_matches_the_checked_in_openapi_yaml() {
    let app = TestApp::spawn(kabinet_e2e::Backend::Sqlite);
    let served = app.get("/api/openapi.json").json();
    let printed = std::process::Command::new(kabinet_e2e::binary())
        .args(["openapi", "--format", "json"])
        .output()
        .expect("kabinet openapi");
    let printed: serde_json::Value = serde_json::from_slice(&printed.stdout).expect("json spec");
    assert_eq!(served, printed);
    let checked_in =
        std::fs::read_to_string(kabinet_e2e::workspace_root().join("openapi.yaml")).expect("yaml");
    let printed_yaml = std::process::Command::new(kabinet_e2e::binary())
        .arg("openapi")
        .output()
        .expect("kabinet openapi");
    assert_eq!(
        String::from_utf8_lossy(&printed_yaml.stdout),
        checked_in,
        "openapi.yaml is stale: run `cargo run -p kabinet-api -- openapi > openapi.yaml`"
    );
}

#[test]
fn client_side_routes_get_the_spa_shell_and_assets_are_served() {
    let app = TestApp::spawn(kabinet_e2e::Backend::Sqlite);
    for path in ["/", "/accounts/100200300", "/profile/sessions"] {
        let page = app.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.content_type.starts_with("text/html"),
            "{path}: {}",
            page.content_type
        );
        assert!(page.body.contains("spa-shell"), "{path}: {}", page.body);
    }
    let asset = app.get("/app.js");
    assert_eq!(asset.status, 200);
    assert!(asset.body.contains("asset"));
}

#[test]
fn unknown_api_paths_are_json_404_and_wrong_methods_json_405() {
    let app = TestApp::spawn(kabinet_e2e::Backend::Sqlite);
    for path in ["/api/v1/nothing", "/api/v2/health", "/api/nothing"] {
        let answer = app.get(path);
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(answer.json()["error"]["code"], "not_found", "{path}");
    }
    let answer = app.call("POST", "/api/v1/health", Some(serde_json::json!({})));
    assert_eq!(answer.status, 405);
    assert_eq!(answer.json()["error"]["code"], "method_not_allowed");
    assert!(answer.header("allow").is_some_and(|a| a.contains("GET")));
}

#[test]
fn security_headers_are_set() {
    let app = TestApp::spawn(kabinet_e2e::Backend::Sqlite);
    let answer = app.get("/api/v1/health");
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("x-frame-options"), Some("DENY"));
}

/// Every flag of every command explains itself, and the server's options (`--listen`,
/// `--static-dir`, `--jwt-secret`) appear only on `serve`.
#[test]
fn every_flag_has_help_and_server_options_stay_on_serve() {
    let commands = [
        "serve",
        "migrate",
        "seed-demo",
        "create-operator",
        "create-api-client",
        "unblock",
        "prune",
        "bench-argon2",
        "revoke-api-client",
        "openapi",
    ];
    for command in commands {
        let out = std::process::Command::new(kabinet_e2e::binary())
            .args([command, "--help"])
            .output()
            .expect("kabinet runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let options = text.split("Options:").nth(1).unwrap_or_default();
        let lines: Vec<&str> = options.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if !trimmed.starts_with("--") && !trimmed.starts_with("-h") {
                continue;
            }
            // `--flag <VALUE>  help…` on one line, or the help indented on the next one.
            let after_flag = trimmed
                .split_once("  ")
                .map(|(_, rest)| rest.trim())
                .unwrap_or_default();
            let next = lines.get(i + 1).copied().unwrap_or_default();
            let next_is_help =
                next.starts_with("          ") && !next.trim_start().starts_with('-');
            assert!(
                !after_flag.is_empty() || next_is_help,
                "`kabinet {command}`: {} has no help text",
                trimmed.split_whitespace().next().unwrap_or_default()
            );
        }
        for server_only in ["--listen", "--static-dir", "--jwt-secret"] {
            assert_eq!(
                text.contains(server_only),
                command == "serve",
                "`kabinet {command} --help` and {server_only}"
            );
        }
    }
}

/// Hashed assets come precompressed as the browser accepts them and are cached as immutable;
/// the shell is revalidated; names without a hash are served plainly.
#[test]
fn hashed_assets_are_served_precompressed_and_immutable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write =
        |name: &str, body: &str| std::fs::write(dir.path().join(name), body).expect("write");
    write(
        "index.html",
        "<!doctype html><title>shell</title><p id=\"spa-shell\">shell</p>",
    );
    write("app-0123456789abcdef.js", "console.log('plain');");
    write("app-0123456789abcdef.js.br", "BROTLI-BYTES");
    write("app-0123456789abcdef.js.gz", "GZIP-BYTES");
    write("other.js", "console.log('unhashed');");
    let app = TestApp::spawn_with(
        kabinet_e2e::TestDb::create(kabinet_e2e::Backend::Sqlite),
        kabinet_e2e::SpawnOptions {
            static_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        },
    );
    let get = |path: &str, accept: &str| {
        kabinet_e2e::http::call_with("GET", &app.url(path), None, &[("Accept-Encoding", accept)])
    };
    let br = get("/app-0123456789abcdef.js", "gzip, deflate, br");
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.body, "BROTLI-BYTES");
    assert!(
        br.content_type.starts_with("text/javascript")
            || br.content_type.starts_with("application/javascript"),
        "{}",
        br.content_type
    );
    assert_eq!(
        br.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(br.header("vary"), Some("Accept-Encoding"));

    let gz = get("/app-0123456789abcdef.js", "gzip");
    assert_eq!(
        (gz.header("content-encoding"), gz.body.as_str()),
        (Some("gzip"), "GZIP-BYTES")
    );
    let plain = get("/app-0123456789abcdef.js", "identity");
    assert_eq!(
        (plain.header("content-encoding"), plain.body.as_str()),
        (None, "console.log('plain');")
    );

    let shell = get("/", "br");
    assert_eq!(shell.header("cache-control"), Some("no-cache"));
    let unhashed = get("/other.js", "identity");
    assert_eq!(unhashed.status, 200);
    assert_ne!(
        unhashed.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

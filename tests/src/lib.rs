//! Test harness for the black-box suite: starts the real `kabinet` release binary on a free
//! port with a database of its own (a temporary SQLite file, or a uniquely named PostgreSQL
//! database that is dropped afterwards), and talks to it over HTTP.
//!
//! The binary is `target/release/kabinet` unless `KABINET_BIN` names another; scripts/test
//! builds it first. A missing binary fails the test — nothing here is ever skipped.

#![allow(clippy::expect_used, clippy::unwrap_used)]

pub mod billing;
pub mod cluster;
pub mod db;
pub mod fixtures;
pub mod http;
pub mod identity;
pub mod load;
pub mod meters;
pub mod proxy;
pub mod smtp;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub use db::{Backend, TestDb};
pub use http::Answer;

/// Generates one `#[test]` per backend for each function, in modules `sqlite` and `postgres`:
/// `both_backends! { fn health_is_ok(backend) { let app = TestApp::spawn(backend); … } }`.
#[macro_export]
macro_rules! both_backends {
    ($(fn $name:ident($backend:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $( #[test] fn $name() { let $backend = $crate::Backend::Sqlite; $body } )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $( #[test] fn $name() { let $backend = $crate::Backend::Postgres; $body } )*
        }
    };
}

/// Root of the workspace (for the binary, web/dist and openapi.yaml).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The `kabinet` binary under test.
pub fn binary() -> PathBuf {
    let path = std::env::var_os("KABINET_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/release/kabinet"));
    assert!(
        path.is_file(),
        "{} is missing: build it with `cargo build --release -p kabinet-api` (scripts/test does)",
        path.display()
    );
    path
}

/// Runs a `kabinet` subcommand against `db` and returns its output.
pub fn kabinet(db: &TestDb, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env("DATABASE_URL", db.url())
        .env("RUST_LOG", "warn")
        .output()
        .expect("kabinet runs")
}

/// A running `kabinet serve` and the database it owns.
pub struct TestApp {
    pub base_url: String,
    /// The server process, when this test started it (`None` for [`TestApp::attach`]).
    child: Option<Child>,
    log_path: PathBuf,
    pub db: TestDb,
    _static_dir: Option<tempfile::TempDir>,
}

/// How to start the server.
#[derive(Default)]
pub struct SpawnOptions {
    /// The database URL the server gets (defaults to the test database's own URL); lets a test
    /// route PostgreSQL through a proxy it controls.
    pub database_url: Option<String>,
    /// Static folder to serve; `None` makes a tiny stand-in SPA in a temporary folder.
    pub static_dir: Option<PathBuf>,
    pub env: Vec<(String, String)>,
}

impl TestApp {
    /// Starts a server with a fresh database of `backend`.
    pub fn spawn(backend: Backend) -> Self {
        Self::spawn_with(TestDb::create(backend), SpawnOptions::default())
    }

    /// Starts a server on `db` with `options`.
    pub fn spawn_with(db: TestDb, options: SpawnOptions) -> Self {
        let (static_dir, temp_static) = match options.static_dir {
            Some(dir) => (dir, None),
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                std::fs::write(
                    dir.path().join("index.html"),
                    "<!doctype html><title>stand-in SPA</title><p id=\"spa-shell\">shell</p>",
                )
                .expect("write index.html");
                std::fs::write(dir.path().join("app.js"), "console.log('asset');")
                    .expect("write asset");
                (dir.path().to_path_buf(), Some(dir))
            }
        };
        let logs = workspace_root().join("target/e2e-logs");
        std::fs::create_dir_all(&logs).expect("log dir");
        let log_path = logs.join(format!("{}.log", db.name()));
        let log = std::fs::File::create(&log_path).expect("log file");
        let url = options.database_url.unwrap_or_else(|| db.url());
        let mut command = Command::new(binary());
        command
            .arg("serve")
            .env("DATABASE_URL", &url)
            .env("KABINET_LISTEN", "127.0.0.1:0")
            .env("KABINET_STATIC_DIR", &static_dir)
            .env("KABINET_WORKERS", "2")
            .env("RUST_LOG", "info")
            // Tests play clients at many addresses through `X-Forwarded-For` (see
            // `TestApp::call_from`), as a reverse proxy on this machine would present them.
            .env("KABINET_TRUSTED_PROXIES", "127.0.0.1")
            // Most tests read the outbox as the mailbox: the delivery worker would send (and
            // scrub) under their feet. The delivery tests turn it on with an SMTP sink.
            .env("KABINET_OUTBOX_WORKER", "false")
            .envs(options.env)
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log));
        let mut child = command.spawn().expect("kabinet starts");
        let stdout = child.stdout.take().expect("stdout piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Kabinet listening on ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let base_url = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("kabinet did not start listening within 60 s; its log:\n{log}");
            }
        };
        Self {
            base_url,
            child: Some(child),
            log_path,
            db,
            _static_dir: temp_static,
        }
    }

    /// A server someone else runs (a node of `scripts/cluster`, or its nginx) at `base_url`,
    /// on `db`: every helper works on it; dropping it stops nothing.
    pub fn attach(base_url: &str, db: TestDb) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            child: None,
            log_path: PathBuf::new(),
            db,
            _static_dir: None,
        }
    }

    fn child(&mut self) -> &mut Child {
        self.child
            .as_mut()
            .expect("this server was attached, not started by the test")
    }

    /// Absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Answer {
        http::call("GET", &self.url(path), None)
    }

    /// `method path` with an optional JSON body.
    pub fn call(&self, method: &str, path: &str, body: Option<serde_json::Value>) -> Answer {
        http::call(method, &self.url(path), body)
    }

    /// `method path` as a client at address `ip` (through the trusted-proxy header), with
    /// extra headers.
    pub fn call_from(
        &self,
        ip: &str,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut all = vec![("X-Forwarded-For", ip)];
        all.extend_from_slice(headers);
        http::call_with(method, &self.url(path), body, &all)
    }

    /// The server process's id (to read its memory from /proc).
    pub fn pid(&self) -> u32 {
        self.child
            .as_ref()
            .expect("this server was attached, not started by the test")
            .id()
    }

    /// The server's resident memory in KiB (`VmRSS` from /proc).
    pub fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// Kills the server with SIGKILL, as a crash would (no shutdown code runs).
    pub fn crash(&mut self) {
        let child = self.child();
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Sends SIGTERM and waits up to `limit` for the process to exit; its exit code.
    pub fn terminate(&mut self, limit: Duration) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let started = std::time::Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(status)) = self.child().try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// The server's log so far (stderr), for assertion messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

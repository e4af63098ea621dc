//! Logs: `tracing`, human-readable by default and one JSON object per line with
//! `KABINET_LOG_FORMAT=json`; `RUST_LOG` filters (default `info`). The `log` macros the code and
//! its crates use are bridged in. Each request runs in a `request` span carrying its id (see
//! `http::request_id`), and the database work it sends to the blocking pool re-enters that
//! span, so every line of a request names it. Nothing personal goes in: paths without query
//! strings, no bodies, addresses of mail masked (a test greps a full run's log).

use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

/// Installs the subscriber once, at the start of `main`.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("KABINET_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_span_events(FmtSpan::NONE)
        .with_target(true);
    // `try_init` also routes the `log` macros into `tracing`.
    let _ = if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.with_ansi(false).try_init()
    };
}

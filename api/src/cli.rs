//! Command line: `serve`, `worker`, `migrate`, `seed-demo`, `backup`, `restore`, `openapi`, ….
//! Settings come from the environment (see `config.rs`); each variable also has a flag.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Settings, StorageSettings};
use crate::db::{migrate, pool};
use crate::seed;
use crate::startup::Application;

/// Kabinet — the self-service personal account of a district-heating and hot-water supplier.
#[derive(Debug, Parser)]
#[command(
    name = "kabinet",
    version,
    after_help = "Logging: RUST_LOG (default `info`), e.g. RUST_LOG=debug or \
        RUST_LOG=kabinet_api=debug,actix_web=info.\n\
        API docs: http://<KABINET_LISTEN>/api/docs (spec at /api/openapi.json)."
)]
pub struct Cli {
    #[command(flatten)]
    pub storage: StorageSettings,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the SPA (applies pending migrations first).
    Serve {
        #[command(flatten)]
        settings: Box<Settings>,
    },
    /// Deliver the outbox (e-mail, SMS) without serving HTTP; any number may run beside the
    /// servers on one PostgreSQL database (one on SQLite). Runs until stopped.
    Worker {
        #[command(flatten)]
        delivery: crate::config::DeliverySettings,
    },
    /// Apply pending migrations (creating a missing PostgreSQL database), then exit.
    Migrate {
        /// Revert every migration instead (destroys all data; used by the migration test).
        #[arg(long)]
        revert_all: bool,
    },
    /// Copy a SQLite instance to FILE while it serves (a consistent snapshot, checked before it
    /// is named FILE; never overwrites). On PostgreSQL prints the pg_dump / pg_basebackup
    /// commands to use instead and fails.
    Backup {
        /// The new backup file.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Replace the SQLite database with a backup made by `kabinet backup` (stop the server
    /// first; the replaced file is kept beside it), then apply newer migrations.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Move this SQLite instance (DATABASE_URL) into a new PostgreSQL database: schema, then
    /// every row in one transaction, counts checked; keys and sessions keep working. Stop the
    /// server first.
    ExportToPostgres {
        /// The new database, e.g. postgres://kabinet@db.local/kabinet (created when missing).
        #[arg(long)]
        to: String,
    },
    /// Insert demo houses, accounts, an operator and a resident (idempotent); prints the logins.
    SeedDemo,
    /// Create an operator (or admin); the password is read from standard input.
    CreateOperator {
        /// Sign-in name (letters of one alphabet, digits, `.`, `_`, `-`).
        #[arg(long)]
        login: String,
        /// Full name, as the audit log and residents see it.
        #[arg(long)]
        full_name: String,
        /// E-mail address (for password resets).
        #[arg(long)]
        email: String,
        /// Phone number, e.g. +7 999 000-00-03.
        #[arg(long)]
        phone: String,
        /// Make an admin (who also manages operators).
        #[arg(long)]
        admin: bool,
    },
    /// Create an integrator API client and print its key once (only a hash is stored).
    CreateApiClient {
        /// Unique name, e.g. "billing" or "sberbank-agent".
        #[arg(long)]
        name: String,
        /// Comma-separated scopes, e.g. accounts:write,charges:write,readings:read.
        #[arg(long, value_delimiter = ',')]
        scopes: Vec<String>,
    },
    /// Unblock a user and lift a password lock (Rules 2.3) — the way back in for an instance
    /// whose admins are all blocked or locked out.
    Unblock {
        /// The user's login (or e-mail).
        #[arg(long)]
        login: String,
        /// Why, for the audit log.
        #[arg(long, default_value = "unblocked from the command line")]
        reason: String,
    },
    /// Run the housekeeping once (a serving process does it every 5 minutes): delete throttle
    /// counters past their window and old password locks, blank out expired outbox secrets.
    Prune,
    /// Measure raw Argon2 verifications per second with the server's parameters (the ceiling
    /// `scripts/bench-login` compares sign-ins with).
    BenchArgon2 {
        /// How long to run.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Serve one file's bytes as JSON at every path from memory, with the server's own actix
    /// settings: the ceiling `scripts/bench-statement` compares real answers with.
    BenchCeiling {
        /// The JSON to answer with.
        #[arg(long)]
        body: std::path::PathBuf,
        /// Address to listen on (port 0 picks one; printed at start).
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
    },
    /// Revoke an integrator API client by name; its key stops working at once.
    RevokeApiClient {
        /// The client's name as given to `create-api-client`.
        #[arg(long)]
        name: String,
    },
    /// Print the OpenAPI document (the checked-in openapi.yaml is its YAML form).
    Openapi {
        /// Output format.
        #[arg(long, value_enum, default_value_t = SpecFormat::Yaml)]
        format: SpecFormat,
    },
}

/// Serialisations of the spec.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SpecFormat {
    Yaml,
    Json,
}

/// Parses the command line and runs the command; errors are printed, not panicked.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::logging::init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kabinet: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.storage;
    match cli.command {
        Command::Serve { settings: server } => {
            let mut server = *server;
            server.storage = settings;
            serve(server)
        }
        Command::Worker { delivery } => {
            drop(open_migrated(&settings)?);
            let delivery = delivery.delivery()?;
            delivery.announce();
            log::info!("outbox worker on {}", settings.redacted_database_url());
            stop_on_signal();
            delivery.run_forever(&settings.database_url);
            log::info!("stopped");
            Ok(())
        }
        Command::Migrate { revert_all } => migrate_command(&settings, revert_all),
        Command::SeedDemo => seed_demo(&settings),
        Command::Backup { to } => crate::backup::backup(&settings, &to),
        Command::Restore { from } => crate::backup::restore(&settings, &from),
        Command::ExportToPostgres { to } => crate::export_to_postgres::export(&settings, &to),
        Command::CreateOperator {
            login,
            full_name,
            email,
            phone,
            admin,
        } => {
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let req = kabinet_shared::api::operator::CreateOperatorRequest {
                login,
                full_name,
                email,
                phone,
                password: password.trim_end_matches(['\r', '\n']).to_owned(),
                admin,
            };
            let mut conn = open_migrated(&settings)?;
            let created = crate::domain::staff::create_operator(&mut conn, None, &req)
                .map_err(|err| anyhow::anyhow!("{}", describe(err)))?;
            println!(
                "created {} {} (id {})",
                created.role.as_str(),
                created.login,
                created.id
            );
            Ok(())
        }
        Command::CreateApiClient { name, scopes } => {
            anyhow::ensure!(!name.trim().is_empty(), "--name is required");
            let scopes: Vec<String> = scopes
                .iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            anyhow::ensure!(!scopes.is_empty(), "give at least one scope with --scopes");
            let key = crate::domain::identity::token::random_secret(
                crate::domain::identity::token::API_KEY_PREFIX,
            )?;
            let mut conn = open_migrated(&settings)?;
            crate::db::models::credential::create_client(
                &mut conn,
                name.trim(),
                &crate::domain::identity::token::hash_secret(&key),
                &scopes.join(" "),
            )?;
            println!(
                "API client {} created with scopes {}",
                name.trim(),
                scopes.join(",")
            );
            println!("key (shown once, keep it secret): {key}");
            Ok(())
        }
        Command::Unblock { login, reason } => {
            let mut conn = open_migrated(&settings)?;
            let found = crate::db::models::user::find_by_login_or_email(&mut conn, &login)?
                .ok_or_else(|| anyhow::anyhow!("no user with login or e-mail {login}"))?;
            crate::domain::staff::unblock_user(
                &mut conn,
                &found,
                reason.trim(),
                crate::domain::audit::Actor::System,
                None,
            )
            .map_err(|err| anyhow::anyhow!(describe(err)))?;
            println!("{} unblocked; password sign-in unlocked", found.login);
            Ok(())
        }
        Command::BenchArgon2 { seconds, threads } => {
            let threads = threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from));
            let (n, secs) = crate::domain::identity::password::raw_verify_rate(seconds, threads)?;
            #[allow(clippy::as_conversions)] // a rate for people to read, not money
            let rate = n as f64 / secs;
            println!(
                "raw argon2 verifications: {n} in {secs:.2} s on {threads} threads = {rate:.1}/s"
            );
            Ok(())
        }
        Command::BenchCeiling { body, listen } => {
            let bytes = actix_web::web::Bytes::from(std::fs::read(&body)?);
            let listener = std::net::TcpListener::bind(&listen)?;
            println!("ceiling listening on http://{}", listener.local_addr()?);
            actix_web::rt::System::new().block_on(async move {
                actix_web::HttpServer::new(move || {
                    let bytes = bytes.clone();
                    actix_web::App::new().default_service(actix_web::web::to(move || {
                        let bytes = bytes.clone();
                        async move {
                            actix_web::HttpResponse::Ok()
                                .content_type("application/json")
                                .body(bytes)
                        }
                    }))
                })
                .listen(listener)?
                .run()
                .await
            })?;
            Ok(())
        }
        Command::Prune => {
            let mut conn = open_migrated(&settings)?;
            let (pruned, scrubbed) = crate::jobs::prune::run_on(&mut conn)?;
            println!("{pruned} throttle rows pruned, {scrubbed} outbox secrets scrubbed");
            Ok(())
        }
        Command::RevokeApiClient { name } => {
            let mut conn = open_migrated(&settings)?;
            anyhow::ensure!(
                crate::db::models::credential::revoke_client(&mut conn, &name)?,
                "no active API client named {name}"
            );
            println!("API client {name} revoked");
            Ok(())
        }
        Command::Openapi { format } => {
            let spec = crate::openapi::spec();
            let text = match format {
                SpecFormat::Yaml => spec.to_yaml()?,
                SpecFormat::Json => spec.to_pretty_json()?,
            };
            print!("{text}");
            Ok(())
        }
    }
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        log::info!(
            "starting on {} with {}",
            settings.listen,
            settings.storage.redacted_database_url()
        );
        let host = settings
            .listen
            .rsplit_once(':')
            .map_or("127.0.0.1", |(host, _)| host)
            .to_owned();
        let app = Application::build(settings).await?;
        // Tests and scripts read this line to learn the port; keep its format.
        println!("Kabinet listening on http://{host}:{}", app.port());
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// SIGTERM or SIGINT asks the outbox senders to finish the message in hand (claimed ones not
/// yet sent go back to the queue) and return, so `kabinet worker` exits 0 like `serve`.
fn stop_on_signal() {
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(|| {
            actix_web::rt::System::new().block_on(async {
                use actix_web::rt::signal::unix::{signal, SignalKind};
                match (
                    signal(SignalKind::terminate()),
                    signal(SignalKind::interrupt()),
                ) {
                    (Ok(mut term), Ok(mut int)) => {
                        let either = futures_util::future::select(
                            Box::pin(term.recv()),
                            Box::pin(int.recv()),
                        );
                        either.await;
                        log::info!("stopping: each sender finishes the message in hand");
                        crate::delivery::stop();
                    }
                    _ => log::warn!("cannot listen for SIGTERM; the worker stops only by force"),
                }
            });
        });
    if let Err(err) = spawned {
        log::warn!("cannot listen for SIGTERM: {err}");
    }
}

fn open(settings: &StorageSettings) -> anyhow::Result<crate::db::DbConnection> {
    pool::ensure_database(&settings.database_url)?;
    pool::establish(&settings.database_url)
        .map_err(|err| anyhow::anyhow!("cannot open {}: {err}", settings.redacted_database_url()))
}

/// Opens the database and applies pending migrations (and the initial Rules).
fn open_migrated(settings: &StorageSettings) -> anyhow::Result<crate::db::DbConnection> {
    let mut conn = open(settings)?;
    migrate::run_pending(&mut conn).map_err(|err| anyhow::anyhow!("{err}"))?;
    crate::domain::rules::ensure_initial(&mut conn)?;
    Ok(conn)
}

/// A CLI-friendly rendering of an API error (with its field codes).
fn describe(err: crate::domain::error::DomainError) -> String {
    let body = crate::error::ApiError::from(err).body();
    let fields: Vec<String> = body
        .error
        .fields
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    if fields.is_empty() {
        body.error.message
    } else {
        format!("{} ({})", body.error.message, fields.join(", "))
    }
}

fn migrate_command(settings: &StorageSettings, revert_all: bool) -> anyhow::Result<()> {
    let mut conn = open(settings)?;
    let (verb, versions) = if revert_all {
        ("reverted", migrate::revert_all(&mut conn))
    } else {
        ("applied", migrate::run_pending(&mut conn))
    };
    let versions = versions.map_err(|err| anyhow::anyhow!("{err}"))?;
    println!("{verb} {} migration(s)", versions.len());
    for version in versions {
        println!("  {version}");
    }
    Ok(())
}

fn seed_demo(settings: &StorageSettings) -> anyhow::Result<()> {
    let mut conn = open_migrated(settings)?;
    // Demo readings are dated by the supplier's calendar, like everything else.
    let zone = std::env::var("KABINET_TIMEZONE")
        .unwrap_or_else(|_| crate::domain::clock::Clock::DEFAULT_ZONE.into());
    let clock = crate::domain::clock::Clock::in_zone(&zone)
        .ok_or_else(|| anyhow::anyhow!("KABINET_TIMEZONE {zone:?} is not an IANA time zone"))?;
    let report = seed::seed(&mut conn, clock.today())?;
    println!(
        "demo data: {} user(s) and {} account(s) created",
        report.users_created, report.accounts_created
    );
    println!("demo logins:");
    for login in &seed::DEMO_LOGINS {
        println!(
            "  {:<9} login: {:<10} password: {}",
            login.role, login.login, login.password
        );
    }
    let (number, owner) = seed::CODE_FLOW_ACCOUNT;
    println!(
        "what to try:\n  \
         - sign in as ivanova: account {} is linked, with {} months of charges and payments;\n  \
         - as ivanova, open «Данные счётчиков»: two meters with two years of billed readings (the \
         heat meter's verification is due in 45 days); submit this month's readings in one form;\n  \
         - as operator, the flagged reading of account 100200301 waits in `GET /api/v1/operator/readings/flagged`;\n  \
         - link another account with an office code: sign in as operator, open account {number} \
         and issue a code; then register a resident named «{owner}» (its owner) and link \
         {number} with that code — or, as ivanova, link it as a family member.",
        seed::LINKED_ACCOUNT,
        seed::HISTORY_MONTHS
    );
    Ok(())
}

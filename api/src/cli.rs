//! Command line: `serve`, `migrate`, `seed-demo`, `openapi`. Settings come from the
//! environment (see `config.rs`); each variable also has a flag.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Settings;
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
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the SPA (applies pending migrations first).
    Serve,
    /// Apply pending migrations (creating a missing PostgreSQL database), then exit.
    Migrate {
        /// Revert every migration instead (destroys all data; used by the migration test).
        #[arg(long)]
        revert_all: bool,
    },
    /// Insert demo houses, accounts, an operator and a resident (idempotent); prints the logins.
    SeedDemo,
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
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("kabinet: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    match cli.command {
        Command::Serve => serve(settings),
        Command::Migrate { revert_all } => migrate_command(&settings, revert_all),
        Command::SeedDemo => seed_demo(&settings),
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
            settings.redacted_database_url()
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

fn open(settings: &Settings) -> anyhow::Result<crate::db::DbConnection> {
    pool::ensure_database(&settings.database_url)?;
    pool::establish(&settings.database_url)
        .map_err(|err| anyhow::anyhow!("cannot open {}: {err}", settings.redacted_database_url()))
}

fn migrate_command(settings: &Settings, revert_all: bool) -> anyhow::Result<()> {
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

fn seed_demo(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = open(settings)?;
    migrate::run_pending(&mut conn).map_err(|err| anyhow::anyhow!("{err}"))?;
    let report = seed::seed(&mut conn)?;
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
    Ok(())
}

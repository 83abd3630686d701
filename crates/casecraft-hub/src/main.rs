//! `casecraft-hub`: the team hub's administration and, later, its gateway. Today: `migrate`
//! (set up or upgrade the hub's PostgreSQL database).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Casecraft's team hub.
#[derive(Debug, Parser)]
#[command(name = "casecraft-hub", version, about, long_about = None)]
struct Cli {
    /// The hub's PostgreSQL database, as a connection string
    /// (`host=/run/postgresql dbname=casecraft` or `postgresql://…`).
    #[arg(
        long,
        global = true,
        env = "CASECRAFT_HUB_DATABASE_URL",
        value_name = "URL"
    )]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up the hub's tables, roles and row-level security, or bring them up to date.
    Migrate,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CASECRAFT_HUB_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let Some(url) = cli.database_url else {
        eprintln!(
            "error: give the hub's database with --database-url URL or CASECRAFT_HUB_DATABASE_URL"
        );
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: could not start ({e})");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli.command, &url)) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

async fn run(command: Command, url: &str) -> casecraft_hub::Result<String> {
    let (mut client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "connect");
            casecraft_hub::Error::Unreachable(
                "check the address, that PostgreSQL is running, and the hub's credentials".into(),
            )
        })?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::error!(error = %e, "database connection");
        }
    });
    match command {
        Command::Migrate => {
            let ran = casecraft_hub::schema::migrate(&mut client).await?;
            Ok(if ran.is_empty() {
                format!(
                    "The hub's database is up to date (schema {}).",
                    casecraft_hub::schema::SCHEMA_VERSION
                )
            } else {
                format!(
                    "Migrated the hub's database to schema {} ({} step{}).",
                    casecraft_hub::schema::SCHEMA_VERSION,
                    ran.len(),
                    if ran.len() == 1 { "" } else { "s" }
                )
            })
        }
    }
}

//! `casecraft-hub`: the team hub's administration and, later, its gateway. Today: `migrate` (set
//! up or upgrade the hub's PostgreSQL database), `team create`, `worker add`, `devices list` and
//! `devices revoke`, and `audit`.

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
    /// Teams.
    #[command(subcommand)]
    Team(TeamCmd),
    /// Workers.
    #[command(subcommand)]
    Worker(WorkerCmd),
    /// Enrolled devices.
    #[command(subcommand)]
    Devices(DevicesCmd),
    /// Who read or changed which case, when, from which device (no case content).
    Audit {
        /// One case's events.
        #[arg(long)]
        case: Option<String>,
        /// One worker's events.
        #[arg(long)]
        worker: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TeamCmd {
    /// Create a team; prints its id.
    Create {
        /// The team's name.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum WorkerCmd {
    /// Add a worker to a team; prints their id.
    Add {
        /// Their name, as colleagues will see it.
        #[arg(long)]
        name: String,
        /// practitioner, student, supervisor, manager or admin.
        #[arg(long)]
        role: String,
        /// The team (needed when there is more than one).
        #[arg(long)]
        team: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum DevicesCmd {
    /// Every enrolled device, with its worker and whether it is revoked.
    List,
    /// Refuse a device from now on (a lost or stolen laptop).
    Revoke {
        /// The device's id (from `devices list`).
        device: String,
    },
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
            if e.is_user_error() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn id(field: &str, s: &str) -> casecraft_hub::Result<casecraft_ops::Id> {
    casecraft_ops::Id::parse(field, s).map_err(|e| casecraft_hub::Error::Invalid(e.to_string()))
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
    use casecraft_hub::admin;
    match command {
        Command::Team(TeamCmd::Create { name }) => {
            Ok(admin::create_team(&client, &name).await?.to_string())
        }
        Command::Worker(WorkerCmd::Add { name, role, team }) => {
            Ok(admin::add_worker(&client, team.as_deref(), &name, &role)
                .await?
                .to_string())
        }
        Command::Devices(DevicesCmd::List) => {
            let devices = admin::devices(&client).await?;
            if devices.is_empty() {
                return Ok("No device has joined yet.".into());
            }
            Ok(devices
                .iter()
                .map(|d| {
                    format!(
                        "{}  {}  joined {}{}",
                        d.device_id,
                        d.worker,
                        d.enrolled_at,
                        d.revoked_at
                            .as_ref()
                            .map(|r| format!("  revoked {r}"))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        Command::Devices(DevicesCmd::Revoke { device }) => {
            let device = id("device", &device)?;
            Ok(if admin::revoke_device(&client, device).await? {
                format!("Revoked device {device}: the hub refuses it from now on.")
            } else {
                format!("Device {device} was revoked already.")
            })
        }
        Command::Audit { case, worker } => {
            let case = case.as_deref().map(|c| id("case", c)).transpose()?;
            let worker = worker.as_deref().map(|w| id("worker", w)).transpose()?;
            let events = admin::audit(&client, case, worker).await?;
            if events.is_empty() {
                return Ok("No audit events.".into());
            }
            Ok(events
                .iter()
                .map(|e| {
                    format!(
                        "{} UTC  {}  {}  {}  device {}",
                        e.recorded,
                        e.action,
                        e.agent,
                        e.entity,
                        e.device_id.as_deref().unwrap_or("-")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
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

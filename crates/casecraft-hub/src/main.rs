//! `casecraft-hub`: the team hub's gateway (`serve`) and its administration: `migrate` (set up or
//! upgrade the hub's PostgreSQL database), `team create`, `worker add`, `invite`, `devices list`
//! and `devices revoke`, and `audit`.

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
    /// Run the gateway devices sync through (HTTPS; a self-signed certificate unless one is given).
    Serve {
        /// Address and port to listen on (port 0: any free port; the one taken is printed).
        #[arg(long, default_value = "0.0.0.0:7443", value_name = "ADDR")]
        listen: std::net::SocketAddr,
        /// A certificate chain to present (PEM), with --tls-key.
        #[arg(long, value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<std::path::PathBuf>,
        /// The certificate's private key (PEM), with --tls-cert.
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<std::path::PathBuf>,
        /// Listen without TLS, on loopback only, behind a reverse proxy that terminates it.
        #[arg(long, conflicts_with_all = ["tls_cert", "tls_key"])]
        behind_proxy: bool,
        /// Where the self-signed certificate is kept (made on first start).
        #[arg(long, value_name = "DIR")]
        state_dir: Option<std::path::PathBuf>,
        /// Database connections to keep open at most.
        #[arg(long, default_value_t = 16)]
        pool_size: usize,
    },
    /// Try the team features on this machine: a PostgreSQL cluster of its own in DIR (made on
    /// first use), a team with one worker, a hub on it, and an invitation code printed.
    Local {
        /// Where the cluster, the certificate and the hub's state are kept.
        #[arg(long, value_name = "DIR")]
        dir: std::path::PathBuf,
        /// Address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:7443", value_name = "ADDR")]
        listen: std::net::SocketAddr,
        /// The worker made on first use (their name on the hub).
        #[arg(long, default_value = "Me")]
        name: String,
    },
    /// Make a one-time invitation code for a worker's device (printed; good for --days).
    Invite {
        /// The worker: their id or their name.
        worker: String,
        /// How many days the code stays good.
        #[arg(long, default_value_t = casecraft_hub::protocol::INVITATION_DAYS)]
        days: i32,
    },
    /// Make the login the gateway connects as (a member of casecraft_gateway and nothing else);
    /// its password from --password-file, or none (for local socket connections).
    GatewayUser {
        /// The login's name, e.g. casecraft_gateway_login.
        name: String,
        /// Read the password from this file's first line.
        #[arg(long, value_name = "FILE")]
        password_file: Option<std::path::PathBuf>,
    },
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
    if let Command::Local { dir, listen, name } = &cli.command {
        return finish(local(dir, *listen, name));
    }
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
    finish(runtime.block_on(run(cli.command, &url)))
}

/// Prints the outcome; exit code 2 for what the administrator can fix, 1 otherwise.
fn finish(outcome: casecraft_hub::Result<String>) -> ExitCode {
    match outcome {
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

/// `local`: a cluster in `dir`, migrated, with a team and a worker on first use, and a hub on it
/// until interrupted; prints an invitation code for the worker.
fn local(
    dir: &std::path::Path,
    listen: std::net::SocketAddr,
    name: &str,
) -> casecraft_hub::Result<String> {
    use casecraft_hub::{admin, gateway, local_cluster::LocalCluster, protocol, schema};
    let cluster = LocalCluster::start_in(&dir.join("postgresql"))?;
    let url = cluster.url();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| casecraft_hub::Error::Invalid(format!("could not start ({e})")))?;
    runtime.block_on(async {
        let (mut client, connection) =
            tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .map_err(|e| casecraft_hub::Error::Unreachable(e.to_string()))?;
        tokio::spawn(connection);
        schema::migrate(&mut client).await?;
        let teams: i64 = client
            .query_one("SELECT count(*) FROM teams", &[])
            .await
            .map_err(|e| casecraft_hub::Error::Unreachable(e.to_string()))?
            .get(0);
        if teams == 0 {
            admin::create_team(&client, "My team").await?;
            admin::add_worker(&client, None, name, "practitioner").await?;
        }
        let worker = name.trim().to_string();
        admin::gateway_user(&client, GATEWAY_LOGIN, None).await?;
        let options = gateway::ServeOptions {
            database_url: cluster.url_as(GATEWAY_LOGIN),
            listen,
            tls: None,
            behind_proxy: false,
            state_dir: dir.join("state"),
            pool_size: 8,
        };
        // The certificate is made (and its fingerprint recorded) as the gateway starts; the code
        // is printed once it listens.
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let serving = tokio::spawn(gateway::serve(options, move |address, _| {
            let _ = ready_tx.send(address);
        }));
        let address = ready_rx
            .await
            .map_err(|_| casecraft_hub::Error::Invalid("the hub did not start".into()))?;
        let code = protocol::invite(&client, &worker, 1).await?;
        println!(
            "Casecraft hub listening on https://{address} (PostgreSQL in {})",
            dir.display()
        );
        println!("Invitation for {worker} (one use, good for a day):");
        println!("  casecraft hub join https://{address} --code {code}");
        println!("Ctrl-C stops the hub and its database.");
        serving
            .await
            .map_err(|_| casecraft_hub::Error::Invalid("the hub stopped unexpectedly".into()))??;
        Ok("The hub has stopped.".to_string())
    })
}

/// The login `local` serves as.
const GATEWAY_LOGIN: &str = "casecraft_gateway_login";

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
        Command::Local { .. } => Ok(String::new()),
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            behind_proxy,
            state_dir,
            pool_size,
        } => {
            drop(client);
            let state_dir = match state_dir {
                Some(d) => d,
                None => directories::ProjectDirs::from("org", "Casecraft", "casecraft-hub")
                    .map(|p| p.data_local_dir().to_path_buf())
                    .ok_or_else(|| {
                        casecraft_hub::Error::Invalid(
                            "no home folder to keep the certificate in; give --state-dir".into(),
                        )
                    })?,
            };
            let options = casecraft_hub::gateway::ServeOptions {
                database_url: url.to_string(),
                listen,
                tls: tls_cert.zip(tls_key),
                behind_proxy,
                state_dir,
                pool_size,
            };
            casecraft_hub::gateway::serve(options, |address, fingerprint| {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                let scheme = if fingerprint.is_some() {
                    "https"
                } else {
                    "http"
                };
                let _ = writeln!(out, "Casecraft hub listening on {scheme}://{address}");
                if let Some(f) = fingerprint {
                    let _ = writeln!(out, "Certificate fingerprint (SHA-256): {f}");
                }
                let _ = out.flush();
            })
            .await?;
            Ok("The hub has stopped.".into())
        }
        Command::GatewayUser {
            name,
            password_file,
        } => {
            let password = match password_file {
                Some(f) => Some(
                    std::fs::read_to_string(&f)
                        .map_err(|e| {
                            casecraft_hub::Error::Invalid(format!(
                                "could not read {}: {e}",
                                f.display()
                            ))
                        })?
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                ),
                None => None,
            };
            Ok(
                if admin::gateway_user(&client, &name, password.as_deref()).await? {
                    format!("Made the login {name}: connect the gateway as it (`serve --database-url \"… user={name}\"`).")
                } else {
                    format!("The login {name} exists already.")
                },
            )
        }
        Command::Invite { worker, days } => {
            let code = casecraft_hub::protocol::invite(&client, &worker, days).await?;
            eprintln!(
                "A one-time code, good for {days} day{}: on the worker's device run\n  casecraft hub join https://HUB-ADDRESS:PORT --code CODE",
                if days == 1 { "" } else { "s" }
            );
            Ok(code)
        }
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

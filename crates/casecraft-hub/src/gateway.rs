//! The hub's gateway: HTTPS in front of the database, stateless (any number can run behind a load
//! balancer), each request one transaction of [`crate::protocol`].
//!
//! With no certificate given, the gateway makes a self-signed one on first start and keeps it in
//! its state folder (the key readable by its owner only); its SHA-256 fingerprint goes into the
//! database so that invitation codes carry it and devices pin the hub without any CA. Behind an
//! organisation's reverse proxy, which holds a certificate from a CA the devices trust, the
//! gateway may listen on loopback without TLS and codes carry no pin.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use casecraft_ops::hub::{
    EnrolRequest, ErrorAnswer, MembersRequest, PullRequest, PushRequest, ShareRequest,
    TransferRequest, PROTOCOL,
};
use casecraft_ops::Id;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;

use crate::error::{Error, Result};
use crate::protocol;

/// Where the gateway listens and how it presents itself.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The database's connection string.
    pub database_url: String,
    /// Address to listen on (port 0: any free port; the address taken is printed).
    pub listen: SocketAddr,
    /// A certificate and key (PEM) to present; none: the self-signed one in `state_dir`.
    pub tls: Option<(PathBuf, PathBuf)>,
    /// Listen without TLS (only on loopback, behind a reverse proxy that terminates it).
    pub behind_proxy: bool,
    /// Where the self-signed certificate is kept.
    pub state_dir: PathBuf,
    /// Database connections the gateway keeps open at most.
    pub pool_size: usize,
}

/// The gateway's answer to `GET /v1/hello`: who it is and what it speaks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    /// The protocol version.
    pub protocol: u32,
    /// The hub's identity.
    pub hub_id: Id,
}

type Shared = Arc<Pool>;

/// The certificate chain and key to present: the given files, or the self-signed pair in the
/// state folder (made now if there is none).
fn certificate(
    options: &ServeOptions,
) -> Result<(
    Vec<rustls::pki_types::CertificateDer<'static>>,
    rustls::pki_types::PrivateKeyDer<'static>,
)> {
    use rustls::pki_types::pem::PemObject;
    let (cert_path, key_path) = match &options.tls {
        Some((c, k)) => (c.clone(), k.clone()),
        None => {
            let cert = options.state_dir.join("hub-cert.pem");
            let key = options.state_dir.join("hub-key.pem");
            if !cert.exists() || !key.exists() {
                make_self_signed(&options.state_dir, &cert, &key)?;
            }
            (cert, key)
        }
    };
    let unreadable = |p: &Path| {
        Error::Invalid(format!(
            "the certificate or key in {} could not be read as PEM",
            p.display()
        ))
    };
    let chain = rustls::pki_types::CertificateDer::pem_file_iter(&cert_path)
        .map_err(|_| unreadable(&cert_path))?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|_| unreadable(&cert_path))?;
    if chain.is_empty() {
        return Err(unreadable(&cert_path));
    }
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(&key_path)
        .map_err(|_| unreadable(&key_path))?;
    Ok((chain, key))
}

fn make_self_signed(dir: &Path, cert: &Path, key: &Path) -> Result<()> {
    let cant = |what: &str| Error::Invalid(format!("could not {what} in {}", dir.display()));
    std::fs::create_dir_all(dir).map_err(|_| cant("make the state folder"))?;
    let mut names = vec!["localhost".to_string()];
    if let Ok(host) = std::fs::read_to_string("/etc/hostname") {
        let host = host.trim();
        if !host.is_empty() {
            names.push(host.to_string());
        }
    }
    names.extend(["127.0.0.1".to_string(), "::1".to_string()]);
    let made = rcgen::generate_simple_self_signed(names)
        .map_err(|_| cant("make a self-signed certificate"))?;
    write_owner_only(key, made.signing_key.serialize_pem().as_bytes())
        .map_err(|_| cant("write the key"))?;
    std::fs::write(cert, made.cert.pem()).map_err(|_| cant("write the certificate"))?;
    tracing::info!(path = %cert.display(), "made a self-signed certificate");
    Ok(())
}

fn write_owner_only(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// The gateway's routes over a pool of database connections.
pub fn router(pool: Pool) -> Router {
    Router::new()
        .route("/v1/hello", get(hello))
        .route("/v1/enrol", post(enrol))
        .route("/v1/push", post(push))
        .route("/v1/pull", post(pull))
        .route("/v1/share", post(share))
        .route("/v1/transfer", post(transfer))
        .route("/v1/members", post(members))
        .route("/v1/leave", post(leave))
        // A push of the largest batch of the largest ops, and no more.
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
        .with_state(Arc::new(pool))
}

/// A pool of connections to the database.
pub fn pool(database_url: &str, size: usize) -> Result<Pool> {
    let config: tokio_postgres::Config = database_url.parse().map_err(|_| {
        Error::Invalid("the database URL is not a PostgreSQL connection string".into())
    })?;
    let manager = Manager::from_config(
        config,
        tokio_postgres::NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size.max(1))
        .build()
        .map_err(|_| Error::Invalid("could not make the connection pool".into()))
}

/// Serves until interrupted (Ctrl-C or SIGTERM); `ready` is told the address taken and the
/// certificate's fingerprint (none behind a proxy).
pub async fn serve(
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr, Option<&str>),
) -> Result<()> {
    serve_until(options, ready, shutdown()).await
}

/// Serves until `stop` completes (a test's or an embedding program's own signal); requests in
/// flight then are dropped, as when a hub stops: their transactions roll back.
pub async fn serve_until(
    options: ServeOptions,
    ready: impl FnOnce(SocketAddr, Option<&str>),
    stop: impl std::future::Future<Output = ()>,
) -> Result<()> {
    let pool = pool(&options.database_url, options.pool_size)?;
    {
        let db = connection(&pool).await?;
        hello_from(&db).await?;
        if protocol::connected_with_more_than_the_gateway(&db).await? {
            tracing::warn!(
                "the gateway connected as a role that can do more than casecraft_gateway; \
                 give it a login made by `casecraft-hub gateway-user NAME`"
            );
        }
    }
    let acceptor = if options.behind_proxy {
        if !options.listen.ip().is_loopback() {
            return Err(Error::Invalid(
                "without TLS the gateway listens on loopback only (behind a reverse proxy)".into(),
            ));
        }
        None
    } else {
        let (chain, key) = certificate(&options)?;
        let print = casecraft_ops::hub::fingerprint(&chain[0]);
        let mut db = connection(&pool).await?;
        protocol::set_fingerprint(&mut db, &print).await?;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|_| Error::Invalid("TLS could not be set up".into()))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|_| Error::Invalid("the certificate and key do not match".into()))?;
        Some((tokio_rustls::TlsAcceptor::from(Arc::new(config)), print))
    };
    let listener = TcpListener::bind(options.listen)
        .await
        .map_err(|e| Error::Invalid(format!("could not listen on {}: {e}", options.listen)))?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Invalid(format!("could not listen: {e}")))?;
    ready(address, acceptor.as_ref().map(|(_, f)| f.as_str()));
    let app = router(pool);
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "accept");
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let app = app.clone();
        let acceptor = acceptor.as_ref().map(|(a, _)| a.clone());
        tokio::spawn(async move {
            let service = hyper_util_server::service::TowerToHyperService::new(app);
            let http = hyper::server::conn::http1::Builder::new();
            let served = match acceptor {
                Some(acceptor) => match acceptor.accept(stream).await {
                    Ok(tls) => {
                        http.serve_connection(hyper_util_server::rt::TokioIo::new(tls), service)
                            .await
                    }
                    Err(e) => {
                        tracing::debug!(%peer, error = %e, "TLS handshake");
                        return;
                    }
                },
                None => {
                    http.serve_connection(hyper_util_server::rt::TokioIo::new(stream), service)
                        .await
                }
            };
            if let Err(e) = served {
                tracing::debug!(%peer, error = %e, "connection");
            }
        });
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

async fn connection(pool: &Pool) -> Result<deadpool_postgres::Object> {
    pool.get().await.map_err(|e| {
        tracing::error!(error = %e, "database connection");
        Error::Unreachable("the gateway could not reach its database".into())
    })
}

async fn hello_from(db: &tokio_postgres::Client) -> Result<Hello> {
    let row = db
        .query_one("SELECT hub_id::text FROM hub_meta", &[])
        .await
        .map_err(|e| Error::database("read the hub's identity", &e))?;
    Ok(Hello {
        protocol: PROTOCOL,
        hub_id: Id::parse("hub id", &row.get::<_, String>(0))
            .map_err(|_| Error::Invalid("the hub holds a malformed id".into()))?,
    })
}

/// A protocol error as the device sees it: a status, a kind and a sentence.
struct Failure(Error);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure(e)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            Error::Invalid(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorised => StatusCode::UNAUTHORIZED,
            Error::Revoked | Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::Gap { .. } | Error::Clash { .. } => StatusCode::CONFLICT,
            Error::Unreachable(_) | Error::TooNew { .. } | Error::NotSetUp | Error::Database(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
        };
        let message = match &self.0 {
            // The device's worker cannot act on the hub's database detail.
            Error::Unreachable(_) | Error::TooNew { .. } | Error::NotSetUp | Error::Database(_) => {
                "the team hub cannot answer just now; your work is kept on this device and will be sent later".to_string()
            }
            e => e.to_string(),
        };
        (
            status,
            Json(ErrorAnswer {
                kind: self.0.kind().to_string(),
                message,
            }),
        )
            .into_response()
    }
}

fn credential(headers: &HeaderMap) -> std::result::Result<String, Failure> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string)
        .ok_or(Failure(Error::Unauthorised))
}

async fn hello(State(pool): State<Shared>) -> std::result::Result<Json<Hello>, Failure> {
    let db = connection(&pool).await?;
    Ok(Json(hello_from(&db).await?))
}

async fn enrol(
    State(pool): State<Shared>,
    Json(request): Json<EnrolRequest>,
) -> std::result::Result<impl IntoResponse, Failure> {
    let mut db = connection(&pool).await?;
    Ok(Json(protocol::enrol(&mut db, &request).await?))
}

async fn push(
    State(pool): State<Shared>,
    headers: HeaderMap,
    Json(request): Json<PushRequest>,
) -> std::result::Result<impl IntoResponse, Failure> {
    let credential = credential(&headers)?;
    let mut db = connection(&pool).await?;
    Ok(Json(protocol::push(&mut db, &credential, &request).await?))
}

async fn pull(
    State(pool): State<Shared>,
    headers: HeaderMap,
    Json(request): Json<PullRequest>,
) -> std::result::Result<impl IntoResponse, Failure> {
    let credential = credential(&headers)?;
    let mut db = connection(&pool).await?;
    Ok(Json(protocol::pull(&mut db, &credential, &request).await?))
}

async fn share(
    State(pool): State<Shared>,
    headers: HeaderMap,
    Json(request): Json<ShareRequest>,
) -> std::result::Result<impl IntoResponse, Failure> {
    let credential = credential(&headers)?;
    let mut db = connection(&pool).await?;
    protocol::share(&mut db, &credential, &request).await?;
    Ok(Json(serde_json::json!({})))
}

async fn transfer(
    State(pool): State<Shared>,
    headers: HeaderMap,
    Json(request): Json<TransferRequest>,
) -> std::result::Result<impl IntoResponse, Failure> {
    let credential = credential(&headers)?;
    let mut db = connection(&pool).await?;
    protocol::transfer(&mut db, &credential, &request).await?;
    Ok(Json(serde_json::json!({})))
}

async fn leave(
    State(pool): State<Shared>,
    headers: HeaderMap,
) -> std::result::Result<impl IntoResponse, Failure> {
    let credential = credential(&headers)?;
    let mut db = connection(&pool).await?;
    protocol::leave(&mut db, &credential).await?;
    Ok(Json(serde_json::json!({})))
}

async fn members(
    State(pool): State<Shared>,
    headers: HeaderMap,
    Json(request): Json<MembersRequest>,
) -> std::result::Result<impl IntoResponse, Failure> {
    let credential = credential(&headers)?;
    let mut db = connection(&pool).await?;
    Ok(Json(
        protocol::members(&mut db, &credential, request.case_id).await?,
    ))
}

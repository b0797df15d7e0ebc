//! Builds the application: database (embedded or external, and a read replica
//! when one is set), migrations, the HTTP server and its middleware. Tests
//! build the same thing on port 0.

use std::net::TcpListener;
use std::path::Path;

use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::{self, DefaultHeaders, ErrorHandlers};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::config::{RuntimeSettings, Settings};
use crate::db::embedded::{EmbeddedOptions, EmbeddedPostgres};
use crate::db::replica::ReadPool;
use crate::db::{self, PgPool};
use crate::web::csrf::{CsrfConfig, csrf_cookie};
use crate::web::request_log::RedactedRootSpan;
use crate::web::routes;
use crate::web::{access, error_page};

/// Content-Security-Policy: no inline script or style, nothing from elsewhere, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub struct Application {
    port: u16,
    server: Server,
    pool: PgPool,
    public_url: String,
    embedded: Option<EmbeddedPostgres>,
}

impl Application {
    /// Connects to (or starts) the database, applies migrations and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let (database_url, embedded) = match settings.database_url.clone() {
            Some(url) => (url, None),
            None => {
                let data_dir = settings.data_dir.clone();
                let cluster = tokio::task::spawn_blocking(move || {
                    let cluster = EmbeddedPostgres::start(&data_dir, &EmbeddedOptions::default())?;
                    cluster.ensure_database(db::EMBEDDED_DATABASE)?;
                    Ok::<_, anyhow::Error>(cluster)
                })
                .await??;
                tracing::info!(pgdata = %cluster.pgdata().display(), "embedded PostgreSQL running");
                (cluster.database_url(db::EMBEDDED_DATABASE), Some(cluster))
            }
        };
        let pool = db::build_pool(&database_url, settings.pool_size);
        let reads = match &settings.database_read_url {
            Some(url) => {
                tracing::info!(
                    max_lag_seconds = settings.read_max_lag.as_secs(),
                    "rosters, dashboards and exports read from DATABASE_READ_URL while it keeps up"
                );
                ReadPool::with_replica(pool.clone(), url, settings.pool_size, settings.read_max_lag)
            }
            None => ReadPool::primary_only(pool.clone()),
        };
        {
            let pool = pool.clone();
            tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
                let mut conn = pool.get().context("connecting to PostgreSQL")?;
                let applied = db::run_migrations(&mut conn)?;
                if !applied.is_empty() {
                    tracing::info!(?applied, "migrations applied");
                }
                Ok(())
            })
            .await??;
        }

        let secret_key = match &settings.secret_key {
            Some(key) if key.len() < crate::config::MIN_SECRET_KEY_BYTES => anyhow::bail!(
                "SECRET_KEY is too short: use at least {} random bytes",
                crate::config::MIN_SECRET_KEY_BYTES
            ),
            Some(key) => key.clone(),
            None => load_or_create_secret(&settings.data_dir)?,
        };
        let listener = TcpListener::bind(settings.bind_addr)
            .with_context(|| format!("binding {}", settings.bind_addr))?;
        let port = listener.local_addr()?.port();
        let public_url = settings.public_url.clone().unwrap_or_else(|| {
            let host = match settings.bind_addr.ip() {
                ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
                ip => ip.to_string(),
            };
            format!("http://{host}:{port}")
        });
        let runtime = RuntimeSettings {
            cookie_secure: settings.cookie_secure,
            public_url: public_url.clone(),
            trusted_proxies: settings.trusted_proxies.clone(),
            route_guards: settings.route_guards,
            stranger_limits: settings.stranger_limits.clone(),
            idle_timeouts: settings.idle_timeouts,
        };
        let server = run(
            listener,
            pool.clone(),
            reads,
            runtime,
            CsrfConfig::new(&secret_key, settings.cookie_secure),
        )?;
        Ok(Application {
            port,
            server,
            pool,
            public_url,
            embedded,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The address people reach this instance at.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Serves until SIGINT/SIGTERM, lets in-flight requests finish, then stops the
    /// embedded database (if any).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        if let Some(mut cluster) = self.embedded {
            tokio::task::spawn_blocking(move || {
                if let Err(e) = cluster.stop() {
                    tracing::warn!(error = %e, "embedded PostgreSQL did not stop cleanly");
                } else {
                    tracing::info!("embedded PostgreSQL stopped");
                }
            })
            .await
            .ok();
        }
        result
    }
}

fn run(
    listener: TcpListener,
    pool: PgPool,
    reads: ReadPool,
    runtime: RuntimeSettings,
    csrf: CsrfConfig,
) -> anyhow::Result<Server> {
    let secure = runtime.cookie_secure;
    let pool = web::Data::new(pool);
    let reads = web::Data::new(reads);
    let runtime = web::Data::new(runtime);
    let csrf = web::Data::new(csrf);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(pool.clone())
            .app_data(reads.clone())
            .app_data(runtime.clone())
            .app_data(csrf.clone())
            .app_data(web::FormConfig::default().limit(256 * 1024))
            // Only the JSON API reads JSON: its refusals are JSON too.
            .app_data(
                web::JsonConfig::default()
                    .limit(256 * 1024)
                    .error_handler(crate::web::api::json_error),
            )
            .wrap(middleware::from_fn(access::identify))
            .wrap(middleware::from_fn(csrf_cookie))
            // Outside the CSRF check, so its refusals get a page too.
            .wrap(ErrorHandlers::new().default_handler(error_page::render_error))
            .wrap(
                security_headers(secure)
                    .add((header::CONTENT_SECURITY_POLICY, CSP))
                    .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                    .add((header::X_FRAME_OPTIONS, "DENY"))
                    .add((header::REFERRER_POLICY, "same-origin"))
                    .add((
                        "Permissions-Policy",
                        "camera=(), microphone=(), geolocation=()",
                    ))
                    // Pages may hold personal data: nothing is cached unless a route says so.
                    .add((header::CACHE_CONTROL, "no-store")),
            )
            .wrap(middleware::Compress::default())
            .wrap(TracingLogger::<RedactedRootSpan>::new())
            .configure(routes::configure)
            .default_service(web::to(not_found))
    })
    .listen(listener)?
    .shutdown_timeout(30)
    .run();
    Ok(server)
}

/// Behind HTTPS (`COOKIE_SECURE=true`) browsers are told to come back only
/// over HTTPS for a year.
fn security_headers(secure: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new();
    if secure {
        headers.add((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}

async fn not_found() -> Result<actix_web::HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::NotFound)
}

/// The secret key lives in DATA_DIR/secret_key, made on first start (readable by us only).
fn load_or_create_secret(data_dir: &Path) -> anyhow::Result<String> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = data_dir.join("secret_key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = existing.trim().to_owned();
        if key.len() >= crate::config::MIN_SECRET_KEY_BYTES {
            return Ok(key);
        }
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let key = hex::encode(bytes);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    std::io::Write::write_all(&mut file, key.as_bytes())?;
    Ok(key)
}

//! A running embedded cluster: started (initialised on first use), asked for
//! its URLs and databases, and stopped when dropped.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

use super::address::{quote_ident, quote_literal, socket_url};
use super::error::{EmbeddedError, io_err};
use super::process::{EmbeddedOptions, log_tail, send_signal, spawn_server};
use super::setup::{
    acquire_lock, check_reachable, find_bindir, init_cluster, is_root, postgres_user,
    refuse_stray_server,
};

/// A running embedded cluster. Dropping it stops the server.
pub struct EmbeddedPostgres {
    pgdata: PathBuf,
    pid: i32,
    /// Signals the server's exit; in a Mutex so the handle can live in a static.
    exited: Mutex<mpsc::Receiver<()>>,
    log_path: PathBuf,
    lock: File,
    stopped: bool,
}

impl EmbeddedPostgres {
    /// Initialises the cluster on first use, then starts it and waits until it accepts connections.
    pub fn start(data_dir: &Path, options: &EmbeddedOptions) -> Result<Self, EmbeddedError> {
        let bindir = find_bindir().ok_or(EmbeddedError::BinariesNotFound)?;
        fs::create_dir_all(data_dir).map_err(io_err(format!("creating {}", data_dir.display())))?;
        let data_dir = data_dir
            .canonicalize()
            .map_err(io_err(format!("resolving {}", data_dir.display())))?;
        let lock = acquire_lock(&data_dir)?;
        let pgdata = data_dir.join("pgdata");
        let run_as = if is_root() {
            Some(postgres_user()?)
        } else {
            None
        };
        if let Some((uid, _)) = run_as {
            check_reachable(&data_dir, uid)?;
        }
        refuse_stray_server(&pgdata)?;
        if !pgdata.join("PG_VERSION").exists() {
            init_cluster(&bindir, &pgdata, run_as, &data_dir)?;
        }
        let log_path = data_dir.join("postgres.log");
        let (pid, exited) = spawn_server(&bindir, &pgdata, run_as, &log_path, options)?;
        let mut server = EmbeddedPostgres {
            pgdata,
            pid,
            exited: Mutex::new(exited),
            log_path,
            lock,
            stopped: false,
        };
        server.wait_until_ready(Duration::from_secs(60))?;
        Ok(server)
    }

    /// A libpq URL for `database` on this cluster's socket.
    pub fn database_url(&self, database: &str) -> String {
        socket_url(&self.pgdata, database)
    }

    /// Creates `database` unless it exists.
    pub fn ensure_database(&self, database: &str) -> Result<(), EmbeddedError> {
        let mut conn = PgConnection::establish(&self.database_url("postgres")).map_err(|e| {
            EmbeddedError::Command {
                what: "connecting to the embedded cluster".into(),
                detail: e.to_string(),
            }
        })?;
        let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(&format!(
            "EXISTS (SELECT 1 FROM pg_database WHERE datname = {})",
            quote_literal(database)
        )))
        .get_result(&mut conn)
        .map_err(|e| EmbeddedError::Command {
            what: "looking up the database".into(),
            detail: e.to_string(),
        })?;
        if !exists {
            // An identifier cannot be a bound parameter; the name is ours and quoted.
            diesel::sql_query(format!(
                "CREATE DATABASE {} ENCODING 'UTF8'",
                quote_ident(database)
            ))
            .execute(&mut conn)
            .map_err(|e| EmbeddedError::Command {
                what: format!("creating database {database}"),
                detail: e.to_string(),
            })?;
        }
        Ok(())
    }

    /// The folder holding the cluster (and its socket).
    pub fn pgdata(&self) -> &Path {
        &self.pgdata
    }

    /// The server's process id.
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// Fast shutdown: ends sessions, writes a checkpoint, exits. Waits for the server to be gone.
    pub fn stop(&mut self) -> Result<(), EmbeddedError> {
        if self.stopped {
            return Ok(());
        }
        self.stopped = true;
        send_signal(self.pid, libc::SIGINT);
        let result = self.wait_for_exit();
        // The data directory is free again once the server is gone.
        let _ = self.lock.unlock();
        result
    }

    fn wait_for_exit(&mut self) -> Result<(), EmbeddedError> {
        let exited = self
            .exited
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if exited.recv_timeout(Duration::from_secs(60)).is_ok() {
            return Ok(());
        }
        // Immediate shutdown as a last resort; the next start recovers from the WAL.
        send_signal(self.pid, libc::SIGQUIT);
        let _ = exited.recv_timeout(Duration::from_secs(10));
        Err(EmbeddedError::Command {
            what: "stopping PostgreSQL".into(),
            detail: "fast shutdown took longer than 60 s; sent an immediate shutdown".into(),
        })
    }

    fn wait_until_ready(&mut self, timeout: Duration) -> Result<(), EmbeddedError> {
        let started = Instant::now();
        let url = self.database_url("postgres");
        let mut last_error = String::from("no answer yet");
        while started.elapsed() < timeout {
            let gone = self
                .exited
                .get_mut()
                .map_or(true, |rx| rx.try_recv().is_ok());
            if gone {
                self.stopped = true;
                return Err(EmbeddedError::Command {
                    what: "starting PostgreSQL".into(),
                    detail: format!(
                        "the server exited; last lines of {}:\n{}",
                        self.log_path.display(),
                        log_tail(&self.log_path)
                    ),
                });
            }
            match PgConnection::establish(&url) {
                Ok(_) => return Ok(()),
                Err(e) => last_error = e.to_string(),
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(EmbeddedError::NotReady(timeout, last_error))
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        if let Err(e) = self.stop() {
            tracing::warn!(error = %e, "embedded PostgreSQL did not stop cleanly");
        }
    }
}

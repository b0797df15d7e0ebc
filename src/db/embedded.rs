//! Embedded PostgreSQL: a private cluster under `DATA_DIR/pgdata`, run from the
//! machine's PostgreSQL binaries, listening only on a Unix socket in that folder.
//!
//! Why each detail:
//! - PostgreSQL refuses to run as root, so when we are root the server runs as the
//!   `postgres` system user (set by the kernel in the child, like `setpriv` does;
//!   `runuser` would sit between us and the server and swallow the stop signal).
//! - The server gets its own process group, so a terminal's Ctrl-C reaches only
//!   the app, which finishes its requests and then stops the server itself.
//! - The server is told to stop (SIGINT, fast shutdown) if the app dies without
//!   cleaning up, so no orphaned postgres is left behind. That signal is tied to
//!   the thread that spawned the child, so a dedicated thread spawns and waits.
//! - An exclusive lock on `DATA_DIR/blood-drive.lock` keeps a second `serve` from
//!   touching a running cluster.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

/// Socket "port": only names the socket file, so it can never collide with a TCP server.
const SOCKET_PORT: u16 = 5432;
const SUPERUSER: &str = "postgres";

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "no PostgreSQL server binaries found (looked at `pg_config --bindir` and /usr/lib/postgresql/*/bin). \
         Install them (Debian/Ubuntu: `apt install postgresql`) or set DATABASE_URL to an existing server."
    )]
    BinariesNotFound,
    #[error(
        "blood-drive is already running with data directory {0} (its embedded PostgreSQL is in use); \
         stop it first, or set DATA_DIR to another folder"
    )]
    AlreadyRunning(PathBuf),
    #[error(
        "a PostgreSQL server (pid {pid}) is still running on {dir} without blood-drive; stop it with \
         `kill -INT {pid}` and try again"
    )]
    StrayServer { pid: i32, dir: PathBuf },
    #[error(
        "the `postgres` system user cannot reach {0}: PostgreSQL refuses to run as root, so the data \
         directory must be reachable by that user. Set DATA_DIR to a folder such as /var/lib/blood-drive"
    )]
    NotReachableByPostgres(PathBuf),
    #[error("running as root, but there is no `postgres` system user to run PostgreSQL as")]
    NoPostgresUser,
    #[error("{what} failed: {detail}")]
    Command { what: String, detail: String },
    #[error("PostgreSQL did not become ready within {0:?}: {1}")]
    NotReady(Duration, String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> EmbeddedError {
    let context = context.into();
    move |source| EmbeddedError::Io { context, source }
}

/// Options for the embedded cluster.
#[derive(Clone, Debug, Default)]
pub struct EmbeddedOptions {
    /// Turn off fsync and friends: for throwaway test clusters only.
    pub unsafe_fast: bool,
}

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

/// The URL of a database on a cluster whose socket lives in `socket_dir`.
pub fn socket_url(socket_dir: &Path, database: &str) -> String {
    format!(
        "postgres://{SUPERUSER}@/{database}?host={}&port={SOCKET_PORT}",
        percent_encode(&socket_dir.to_string_lossy())
    )
}

/// When `serve` already runs on `data_dir`, other commands can use its cluster.
pub fn running_cluster_url(data_dir: &Path, database: &str) -> Option<String> {
    let pgdata = data_dir.canonicalize().ok()?.join("pgdata");
    let socket = pgdata.join(format!(".s.PGSQL.{SOCKET_PORT}"));
    socket.exists().then(|| socket_url(&pgdata, database))
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Quotes an identifier we generated ourselves (database names); never user input.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The folder of `postgres` and `initdb`: `pg_config --bindir` when it has them,
/// otherwise the newest /usr/lib/postgresql/*/bin.
pub fn find_bindir() -> Option<PathBuf> {
    let has_server = |dir: &Path| dir.join("postgres").is_file() && dir.join("initdb").is_file();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_server(&dir) {
            return Some(dir);
        }
    }
    let mut candidates: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: u32 = entry.file_name().to_string_lossy().parse().ok()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, dir)| dir)
}

fn is_root() -> bool {
    // SAFETY: getuid has no preconditions and cannot fail.
    #[allow(unsafe_code)]
    unsafe {
        libc::getuid() == 0
    }
}

/// uid and gid of the `postgres` system user, read from /etc/passwd.
fn postgres_user() -> Result<(u32, u32), EmbeddedError> {
    let passwd = fs::read_to_string("/etc/passwd").map_err(io_err("reading /etc/passwd"))?;
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|f| f.len() > 3 && f[0] == "postgres")
        .and_then(|f| Some((f[2].parse().ok()?, f[3].parse().ok()?)))
        .ok_or(EmbeddedError::NoPostgresUser)
}

/// Every folder above `dir` must let the postgres user pass through.
fn check_reachable(dir: &Path, uid: u32) -> Result<(), EmbeddedError> {
    for ancestor in dir.ancestors() {
        let meta =
            fs::metadata(ancestor).map_err(io_err(format!("reading {}", ancestor.display())))?;
        let mode = meta.permissions().mode();
        let passable = mode & 0o001 != 0 || (meta.uid() == uid && mode & 0o100 != 0);
        if !passable {
            return Err(EmbeddedError::NotReachableByPostgres(dir.to_path_buf()));
        }
    }
    Ok(())
}

fn acquire_lock(data_dir: &Path) -> Result<File, EmbeddedError> {
    let path = data_dir.join("blood-drive.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_err(format!("opening {}", path.display())))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            Err(EmbeddedError::AlreadyRunning(data_dir.to_path_buf()))
        }
        Err(fs::TryLockError::Error(e)) => Err(io_err(format!("locking {}", path.display()))(e)),
    }
}

/// A postmaster.pid naming a live process means a server we did not start is running.
fn refuse_stray_server(pgdata: &Path) -> Result<(), EmbeddedError> {
    let Ok(contents) = fs::read_to_string(pgdata.join("postmaster.pid")) else {
        return Ok(());
    };
    let Some(pid) = contents
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<i32>().ok())
    else {
        return Ok(());
    };
    if pid > 0 && process_alive(pid) && process_is_postgres(pid) {
        return Err(EmbeddedError::StrayServer {
            pid,
            dir: pgdata.to_path_buf(),
        });
    }
    Ok(())
}

fn process_alive(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only checks that the process exists.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn process_is_postgres(pid: i32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "postgres")
}

fn send_signal(pid: i32, signal: libc::c_int) {
    // SAFETY: plain kill(2) on the server we spawned; failure (already gone) is harmless.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(pid, signal);
    }
}

fn init_cluster(
    bindir: &Path,
    pgdata: &Path,
    run_as: Option<(u32, u32)>,
    data_dir: &Path,
) -> Result<(), EmbeddedError> {
    // A half-made folder from an interrupted initdb would make initdb refuse.
    if pgdata.exists() {
        fs::remove_dir_all(pgdata).map_err(io_err(format!("clearing {}", pgdata.display())))?;
    }
    fs::create_dir_all(pgdata).map_err(io_err(format!("creating {}", pgdata.display())))?;
    fs::set_permissions(pgdata, fs::Permissions::from_mode(0o700))
        .map_err(io_err("setting permissions on pgdata"))?;
    if let Some((uid, gid)) = run_as {
        std::os::unix::fs::chown(pgdata, Some(uid), Some(gid))
            .map_err(io_err("giving pgdata to the postgres user"))?;
    }
    let mut cmd = Command::new(bindir.join("initdb"));
    cmd.arg("--pgdata")
        .arg(pgdata)
        .args([
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
        ])
        .args(["--locale", "C", "--no-instructions"])
        .current_dir(data_dir)
        .stdin(Stdio::null());
    if let Some((uid, gid)) = run_as {
        cmd.uid(uid).gid(gid);
    }
    let out = cmd.output().map_err(io_err("running initdb"))?;
    if !out.status.success() {
        return Err(EmbeddedError::Command {
            what: "initdb".into(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(())
}

fn spawn_server(
    bindir: &Path,
    pgdata: &Path,
    run_as: Option<(u32, u32)>,
    log_path: &Path,
    options: &EmbeddedOptions,
) -> Result<(i32, mpsc::Receiver<()>), EmbeddedError> {
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path)
        .map_err(io_err(format!("opening {}", log_path.display())))?;
    let mut cmd = Command::new(bindir.join("postgres"));
    cmd.arg("-D")
        .arg(pgdata)
        .arg("-k")
        .arg(pgdata)
        .args(["-p", &SOCKET_PORT.to_string()])
        .args(["-c", "listen_addresses="])
        .args(["-c", "max_connections=200"])
        .args(["-c", "shared_buffers=128MB"]);
    if options.unsafe_fast {
        cmd.args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off"]);
    }
    let log_err = log
        .try_clone()
        .map_err(io_err("duplicating the log handle"))?;
    cmd.current_dir(pgdata.parent().unwrap_or(pgdata))
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .process_group(0);
    if let Some((uid, gid)) = run_as {
        cmd.uid(uid).gid(gid);
    }
    let parent = std::process::id() as i32;
    // SAFETY: runs in the forked child before exec and only calls async-signal-safe
    // functions (prctl, getppid). It runs after the uid change, which would clear it.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGINT as libc::c_ulong) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if libc::getppid() != parent {
                // We were orphaned before the death signal was armed.
                return Err(std::io::Error::other("parent exited"));
            }
            Ok(())
        });
    }

    let (pid_tx, pid_rx) = mpsc::channel();
    let (exit_tx, exit_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("embedded-postgres".into())
        .spawn(move || match cmd.spawn() {
            Ok(mut child) => {
                let _ = pid_tx.send(Ok(child.id() as i32));
                let _ = child.wait();
                let _ = exit_tx.send(());
            }
            Err(e) => {
                let _ = pid_tx.send(Err(e));
            }
        })
        .map_err(io_err("starting the supervisor thread"))?;
    let pid = pid_rx
        .recv()
        .map_err(|_| EmbeddedError::Command {
            what: "starting PostgreSQL".into(),
            detail: "the supervisor thread ended".into(),
        })?
        .map_err(io_err("starting postgres"))?;
    Ok((pid, exit_rx))
}

fn log_tail(path: &Path) -> String {
    let Ok(mut file) = File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(2000)));
    let mut tail = String::new();
    let _ = file.read_to_string(&mut tail);
    tail.lines()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_urls_escape_odd_paths() {
        let url = socket_url(Path::new("/tmp/a b/pgdata"), "blood_drive");
        assert_eq!(
            url,
            "postgres://postgres@/blood_drive?host=/tmp/a%20b/pgdata&port=5432"
        );
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(quote_literal("o'clock"), "'o''clock'");
    }
}

//! What can go wrong with the embedded cluster, each with what to do about it.

use std::path::PathBuf;
use std::time::Duration;

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

pub(super) fn io_err(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> EmbeddedError {
    let context = context.into();
    move |source| EmbeddedError::Io { context, source }
}

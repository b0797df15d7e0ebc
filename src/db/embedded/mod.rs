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
//!
//! This file only gathers the parts: the `cluster` handle (start, stop, create
//! a database), its `setup` before the first start (binaries, user, lock,
//! initdb), the server `process` and its supervisor thread, the `address` of
//! its socket, and the `error`s.

mod address;
mod cluster;
mod error;
mod process;
mod setup;

pub use address::{quote_ident, running_cluster_url, socket_url};
pub use cluster::EmbeddedPostgres;
pub use error::EmbeddedError;
pub use process::EmbeddedOptions;
pub use setup::find_bindir;

//! The database: connection pools (the primary's, and a read replica's in
//! `replica`), embedded migrations, the embedded cluster, the schema.

pub mod embedded;
pub mod replica;
#[rustfmt::skip]
pub mod schema;

use std::time::Duration;

use diesel::PgConnection;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub type PgPool = Pool<ConnectionManager<PgConnection>>;
pub type PgPooled = PooledConnection<ConnectionManager<PgConnection>>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Name of the application's database inside the embedded cluster.
pub const EMBEDDED_DATABASE: &str = "blood_drive";

/// Builds the pool without connecting: the app starts even while the database is
/// away, answers 503 meanwhile and recovers by itself.
///
/// r2d2 would test every connection it hands out with an extra round trip (about
/// -40 % on a page, see BENCHMARKS.md); broken connections are instead noticed on error
/// and discarded by `has_broken`.
pub fn build_pool(database_url: &str, size: u32) -> PgPool {
    Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(5))
        .build_unchecked(ConnectionManager::<PgConnection>::new(database_url))
}

#[derive(Debug, thiserror::Error)]
#[error("applying migrations failed: {0}")]
pub struct MigrationError(String);

/// Applies every pending migration; returns the versions applied.
pub fn run_migrations(conn: &mut PgConnection) -> Result<Vec<String>, MigrationError> {
    conn.run_pending_migrations(MIGRATIONS)
        .map(|versions| versions.iter().map(|v| v.to_string()).collect())
        .map_err(|e| MigrationError(e.to_string()))
}

/// Reverts every applied migration (used by tests proving each down.sql works).
pub fn revert_all_migrations(conn: &mut PgConnection) -> Result<usize, MigrationError> {
    conn.revert_all_migrations(MIGRATIONS)
        .map(|v| v.len())
        .map_err(|e| MigrationError(e.to_string()))
}

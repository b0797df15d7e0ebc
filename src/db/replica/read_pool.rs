//! The pools reads are taken from: the primary's, and a streaming replica's
//! when `DATABASE_READ_URL` names one. A watcher thread looks at the replica
//! every `CHECK_EVERY` (one query: how far behind it is) and keeps the
//! verdict; a request only reads that verdict, so a dead or lagging replica
//! costs it nothing, and one that dies between two looks costs it at most
//! one short connection timeout before the primary answers.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use diesel::r2d2::{ConnectionManager, CustomizeConnection, HandleError, Pool};
use diesel::sql_types::{Double, Nullable};
use diesel::{PgConnection, QueryableByName, RunQueryDsl};

use super::verdict::{CHECK_EVERY, Fallback, Probe, Say, State, Verdict, decide, is_fresh, say};
use crate::db::{PgPool, PgPooled};

/// What the replica's connections are called in its `pg_stat_activity`.
pub const REPLICA_APPLICATION_NAME: &str = "blood-drive-reads";

/// How long a request waits for a replica connection before it reads from
/// the primary instead (a dead replica refuses at once; a busy one may not).
const REPLICA_CONNECTION_TIMEOUT: Duration = Duration::from_millis(500);

/// How far behind the replica is, in seconds: `0` when it has replayed all
/// the WAL it received, else the age of the last transaction it replayed;
/// `0` on a server that is not a standby at all; NULL when it cannot tell.
const LAG_SQL: &str = "SELECT CASE \
     WHEN NOT pg_is_in_recovery() THEN 0::float8 \
     WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::float8 \
     ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 \
     END AS lag_seconds";

#[derive(QueryableByName)]
struct Lag {
    #[diesel(sql_type = Nullable<Double>)]
    lag_seconds: Option<f64>,
}

/// Where a read connection came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFrom {
    Primary,
    Replica,
}

/// A connection for reads, and where it came from.
pub struct ReadConn {
    pub conn: PgPooled,
    pub from: ReadFrom,
}

/// The primary's pool, and the replica's with its verdict (shared by clones).
#[derive(Clone)]
pub struct ReadPool {
    primary: PgPool,
    replica: Option<Arc<Replica>>,
}

struct Replica {
    pool: PgPool,
    max_lag: Duration,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// The last verdict and when it was reached; none before the first look.
    verdict: Option<(Verdict, Instant)>,
    /// The state the log last spoke of.
    said: Option<State>,
}

impl ReadPool {
    /// Every read goes to the primary.
    pub fn primary_only(primary: PgPool) -> Self {
        ReadPool {
            primary,
            replica: None,
        }
    }

    /// Reads go to the replica at `replica_url` while it answers and is at
    /// most `max_lag` behind. Nothing connects here: the watcher's first look
    /// decides, and reads go to the primary until it has.
    pub fn with_replica(primary: PgPool, replica_url: &str, size: u32, max_lag: Duration) -> Self {
        let pool = Pool::builder()
            .max_size(size)
            .min_idle(Some(1))
            .test_on_check_out(false)
            .connection_timeout(REPLICA_CONNECTION_TIMEOUT)
            .connection_customizer(Box::new(NameTheConnection))
            .error_handler(Box::new(QuietConnectErrors))
            .build_unchecked(ConnectionManager::<PgConnection>::new(replica_url));
        let replica = Arc::new(Replica {
            pool,
            max_lag,
            seen: Mutex::new(Seen::default()),
        });
        let watched = Arc::downgrade(&replica);
        let watcher = std::thread::Builder::new()
            .name("read-replica-watch".into())
            .spawn(move || {
                // Ends once the last ReadPool is gone.
                while let Some(replica) = watched.upgrade() {
                    replica.look();
                    drop(replica);
                    std::thread::sleep(CHECK_EVERY);
                }
            });
        if let Err(e) = watcher {
            tracing::error!(error = %e, "cannot watch the read replica: every read goes to the primary");
        }
        ReadPool {
            primary,
            replica: Some(replica),
        }
    }

    /// The primary's pool (for writes, and reads that must see them).
    pub fn primary(&self) -> &PgPool {
        &self.primary
    }

    /// Whether a replica is configured at all.
    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// Whether reads go to the replica now.
    pub fn replica_in_use(&self) -> bool {
        self.replica.as_ref().is_some_and(|r| r.usable())
    }

    /// A connection for reads: the replica's when its verdict allows and a
    /// connection comes within the short timeout, else the primary's. Fails
    /// only when the primary fails too.
    pub fn checkout(&self) -> Result<ReadConn, diesel::r2d2::PoolError> {
        if let Some(replica) = self.replica.as_ref().filter(|r| r.usable()) {
            match replica.pool.get() {
                Ok(conn) => {
                    return Ok(ReadConn {
                        conn,
                        from: ReadFrom::Replica,
                    });
                }
                Err(e) => replica.record(Verdict::Primary(Fallback::Unreachable(e.to_string()))),
            }
        }
        Ok(ReadConn {
            conn: self.primary.get()?,
            from: ReadFrom::Primary,
        })
    }

    /// A read on the replica lost its connection: reads go to the primary
    /// until the next look finds the replica answering again.
    pub fn replica_failed(&self, why: &str) {
        if let Some(replica) = &self.replica {
            replica.record(Verdict::Primary(Fallback::Unreachable(why.to_owned())));
        }
    }
}

impl Replica {
    fn seen(&self) -> MutexGuard<'_, Seen> {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn usable(&self) -> bool {
        matches!(&self.seen().verdict, Some((Verdict::Replica, at)) if is_fresh(*at, Instant::now()))
    }

    /// One look: a connection and the lag question, then the verdict.
    fn look(&self) {
        let probe = match self.pool.get() {
            Err(e) => Probe::Unreachable(e.to_string()),
            Ok(mut conn) => match diesel::sql_query(LAG_SQL).get_result::<Lag>(&mut conn) {
                Ok(lag) => Probe::Answered {
                    lag_seconds: lag.lag_seconds,
                },
                Err(e) => Probe::Unreachable(e.to_string()),
            },
        };
        self.record(decide(&probe, self.max_lag));
    }

    fn record(&self, verdict: Verdict) {
        let mut seen = self.seen();
        let state = verdict.state();
        match say(seen.said, state) {
            Some(Say::Warn) => tracing::warn!(
                reason = %describe(&verdict),
                "read replica not used: its reads go to the primary"
            ),
            Some(Say::Info) => {
                tracing::info!("read replica in use for rosters, dashboards and exports")
            }
            None => {}
        }
        seen.said = Some(state);
        seen.verdict = Some((verdict, Instant::now()));
    }
}

fn describe(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Replica => "in use".to_owned(),
        Verdict::Primary(Fallback::Unreachable(why)) => format!("unreachable: {why}"),
        Verdict::Primary(Fallback::Lagging {
            lag_seconds,
            max_seconds,
        }) => format!("{lag_seconds:.1} s behind (DATABASE_READ_MAX_LAG_SECONDS={max_seconds})"),
        Verdict::Primary(Fallback::LagUnknown) => "it cannot tell how far behind it is".to_owned(),
    }
}

/// Names every replica connection, so `pg_stat_activity` on the replica
/// shows which sessions are the app's reads.
#[derive(Debug)]
struct NameTheConnection;

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for NameTheConnection {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        diesel::sql_query("SELECT set_config('application_name', $1, false)")
            .bind::<diesel::sql_types::Text, _>(REPLICA_APPLICATION_NAME)
            .execute(conn)
            .map(|_| ())
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// The pool keeps retrying a dead replica in the background; the watcher
/// already says so once per change, so each failed attempt is only debug.
#[derive(Debug)]
struct QuietConnectErrors;

impl HandleError<diesel::r2d2::Error> for QuietConnectErrors {
    fn handle_error(&self, error: diesel::r2d2::Error) {
        tracing::debug!(%error, "read replica connection failed");
    }
}

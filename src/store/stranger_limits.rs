//! Counting strangers' requests in PostgreSQL (the rules are
//! `auth::stranger_limits`): one row per scope, client and window, bumped by a
//! single upsert, so instances behind a load balancer share the count.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Integer, Text, Timestamptz};

use crate::auth::stranger_limits::{Limit, Scope, retry_after, window_start};
use crate::store::prepared::Prepared;

/// Rows are kept this long (longer than the longest window).
const KEEP_FOR: Duration = Duration::days(2);

/// Whether a request may go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    Go,
    /// Over a limit: come back after this long.
    Wait(Duration),
}

#[derive(QueryableByName)]
struct Hits {
    #[diesel(sql_type = Text)]
    scope: String,
    #[diesel(sql_type = Integer)]
    window_seconds: i32,
    #[diesel(sql_type = Integer)]
    hits: i32,
}

/// One upsert for every window of every scope counted, so a charge is one
/// statement. In the statement's own (implicit) transaction,
/// `set_config(..., true)` lasts until that transaction commits: a count, not
/// a promise, so its commit does not wait for the disk. Losing the last
/// fraction of a second of counts in a crash costs a stranger one extra
/// attempt at most; every registration, check-in and audit line still
/// commits synchronously.
macro_rules! upsert_hits {
    ($from:literal) => {
        concat!(
            "INSERT INTO stranger_hits (scope, client, window_seconds, window_start, hits) ",
            "SELECT w.scope, $1, w.seconds, w.start, 1 ",
            "FROM unnest($2::text[], $3::int4[], $4::timestamptz[]) AS w(scope, seconds, start)",
            $from,
            " ON CONFLICT (scope, client, window_seconds, window_start) ",
            "DO UPDATE SET hits = stranger_hits.hits + 1 ",
            "RETURNING scope, window_seconds, hits"
        )
    };
}

/// On its own: the commit does not wait for the disk.
const UPSERT_HITS_ASYNC: &str =
    upsert_hits!(", (SELECT set_config('synchronous_commit', 'off', true)) AS no_wait");
/// Inside a caller's transaction, whose commit is the caller's to decide.
const UPSERT_HITS: &str = upsert_hits!("");

/// Counts one request of `client` (an address, or a hashed identity number)
/// against each limit, and says whether it is over any. Refused requests
/// count too: a script that keeps knocking stays out until the window ends.
/// One round trip; outside a transaction its commit does not wait for the
/// disk (see `UPSERT_HITS_ASYNC`).
pub fn charge(
    conn: &mut PgConnection,
    scope: Scope,
    client: &str,
    limits: &[Limit],
    now: DateTime<Utc>,
) -> QueryResult<Charge> {
    charge_scopes(conn, client, &[(scope, limits)], now)
}

/// `charge` for one request counted in several scopes at once (a
/// registration is a post too), in the same one statement.
pub fn charge_scopes(
    conn: &mut PgConnection,
    client: &str,
    scopes: &[(Scope, &[Limit])],
    now: DateTime<Utc>,
) -> QueryResult<Charge> {
    // One row per scope and window (two limits on one window count one row:
    // the stricter decides).
    let mut windows: Vec<(Scope, i32, DateTime<Utc>, u32)> = Vec::new();
    for (scope, limits) in scopes {
        for limit in *limits {
            let seconds = i32::try_from(limit.window.num_seconds()).unwrap_or(i32::MAX);
            match windows
                .iter_mut()
                .find(|(s, secs, _, _)| s == scope && *secs == seconds)
            {
                Some(w) => w.3 = w.3.min(limit.max),
                None => windows.push((*scope, seconds, window_start(now, limit.window), limit.max)),
            }
        }
    }
    if windows.is_empty() {
        return Ok(Charge::Go);
    }
    let client: String = client.chars().take(100).collect();
    let sql = if in_transaction(conn) {
        UPSERT_HITS
    } else {
        UPSERT_HITS_ASYNC
    };
    let counted: Vec<Hits> = Prepared(
        diesel::sql_query(sql)
            .bind::<Text, _>(&client)
            .bind::<Array<Text>, _>(windows.iter().map(|w| w.0.as_str()).collect::<Vec<_>>())
            .bind::<Array<Integer>, _>(windows.iter().map(|w| w.1).collect::<Vec<_>>())
            .bind::<Array<Timestamptz>, _>(windows.iter().map(|w| w.2).collect::<Vec<_>>()),
    )
    .load(conn)?;
    if counted.iter().any(|c| c.hits == 1) {
        // A new window: a good moment to forget old ones (without waiting for
        // the disk either, when on its own).
        let sql = if in_transaction(conn) {
            "DELETE FROM stranger_hits WHERE window_start < $1"
        } else {
            "WITH gone AS (DELETE FROM stranger_hits WHERE window_start < $1 RETURNING 1) \
             SELECT set_config('synchronous_commit', 'off', true)"
        };
        diesel::sql_query(sql)
            .bind::<Timestamptz, _>(now - KEEP_FOR)
            .execute(conn)?;
    }
    let mut wait: Option<Duration> = None;
    for Hits {
        scope,
        window_seconds,
        hits,
    } in counted
    {
        let Some(&(_, _, start, max)) = windows
            .iter()
            .find(|w| w.0.as_str() == scope && w.1 == window_seconds)
        else {
            continue;
        };
        if u32::try_from(hits).unwrap_or(u32::MAX) > max {
            let this = retry_after(now, start, Duration::seconds(i64::from(window_seconds)));
            wait = Some(wait.map_or(this, |w| w.max(this)));
        }
    }
    Ok(wait.map_or(Charge::Go, Charge::Wait))
}

/// Whether `conn` is inside a transaction (ours, via diesel).
fn in_transaction(conn: &mut PgConnection) -> bool {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    !matches!(
        AnsiTransactionManager::transaction_manager_status_mut(conn).transaction_depth(),
        Ok(None)
    )
}

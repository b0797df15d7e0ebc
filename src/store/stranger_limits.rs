//! Counting strangers' requests in PostgreSQL (the rules are
//! `auth::stranger_limits`): one row per scope, client and window, bumped by a
//! single upsert, so instances behind a load balancer share the count.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text, Timestamptz};

use crate::auth::stranger_limits::{Limit, Scope, retry_after, window_start};
use crate::db::schema::stranger_hits;

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
    #[diesel(sql_type = Integer)]
    hits: i32,
}

/// Counts one request of `client` (an address, or a hashed identity number)
/// against each limit, and says whether it is over any. Refused requests
/// count too: a script that keeps knocking stays out until the window ends.
pub fn charge(
    conn: &mut PgConnection,
    scope: Scope,
    client: &str,
    limits: &[Limit],
    now: DateTime<Utc>,
) -> QueryResult<Charge> {
    let client: String = client.chars().take(100).collect();
    conn.transaction(|conn| {
        // A count, not a promise: losing the last fraction of a second of
        // counts in a crash costs a stranger one extra attempt at most, so
        // this commit does not wait for the disk (every registration, check-in
        // and audit line still does). One transaction for all the windows.
        diesel::sql_query("SET LOCAL synchronous_commit TO off").execute(conn)?;
        count_hits(conn, scope, &client, limits, now)
    })
}

fn count_hits(
    conn: &mut PgConnection,
    scope: Scope,
    client: &str,
    limits: &[Limit],
    now: DateTime<Utc>,
) -> QueryResult<Charge> {
    let mut wait: Option<Duration> = None;
    for limit in limits {
        let start = window_start(now, limit.window);
        let seconds = i32::try_from(limit.window.num_seconds()).unwrap_or(i32::MAX);
        let Hits { hits } = diesel::sql_query(
            "INSERT INTO stranger_hits (scope, client, window_seconds, window_start, hits)
             VALUES ($1, $2, $3, $4, 1)
             ON CONFLICT (scope, client, window_seconds, window_start)
             DO UPDATE SET hits = stranger_hits.hits + 1
             RETURNING hits",
        )
        .bind::<Text, _>(scope.as_str())
        .bind::<Text, _>(client)
        .bind::<Integer, _>(seconds)
        .bind::<Timestamptz, _>(start)
        .get_result(conn)?;
        if hits == 1 {
            // A new window: a good moment to forget old ones.
            diesel::delete(
                stranger_hits::table.filter(stranger_hits::window_start.lt(now - KEEP_FOR)),
            )
            .execute(conn)?;
        }
        if u32::try_from(hits).unwrap_or(u32::MAX) > limit.max {
            let this = retry_after(now, start, limit.window);
            wait = Some(wait.map_or(this, |w| w.max(this)));
        }
    }
    Ok(wait.map_or(Charge::Go, Charge::Wait))
}

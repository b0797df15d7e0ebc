//! Login attempts, for throttling across instances (rules in `auth::throttle`).
//!
//! A row is an attempt that has not succeeded: written before the password is
//! checked (`begin_attempt`), struck out when it succeeds (`attempt_succeeded`).

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use sha2::{Digest, Sha256};

use crate::auth::throttle::{self, IP_LIMIT, USERNAME_LIMIT, WINDOW};
use crate::db::schema::login_attempts;

/// Failures older than this are deleted as new ones arrive.
const KEEP_FOR: Duration = Duration::days(1);

/// The stored key of a typed username: SHA-256 of its trimmed lowercase form.
pub fn username_key(typed: &str) -> Vec<u8> {
    Sha256::digest(typed.trim().to_lowercase().as_bytes()).to_vec()
}

/// Whether an attempt may go on.
#[derive(Debug, PartialEq, Eq)]
pub enum Gate {
    /// Too many failures for this username from this address, or from this
    /// address at all: come back after this long. Nothing was written.
    Wait(Duration),
    /// Go on, after waiting `slow_down`; the attempt is written down as `id`
    /// and counts as a failure unless `attempt_succeeded` strikes it out.
    Go {
        id: i64,
        slow_down: std::time::Duration,
    },
}

/// The key of a PostgreSQL advisory lock for `what`.
fn lock_key(what: &[u8]) -> i64 {
    let digest = Sha256::digest(what);
    i64::from_be_bytes(digest[..8].try_into().unwrap_or_default())
}

/// Checks the limits and writes the attempt down, as one step: attempts for
/// the same address (then username) wait for each other on advisory locks,
/// so fifty parallel guesses are counted one after another.
pub fn begin_attempt(
    conn: &mut PgConnection,
    username_hash: &[u8],
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<Gate> {
    conn.transaction(|conn| {
        lock_address_then_username(conn, username_hash, ip)?;
        if let Some(wait) = wait_needed(conn, username_hash, ip, now)? {
            return Ok(Gate::Wait(wait));
        }
        let for_username: i64 = login_attempts::table
            .filter(login_attempts::at.gt(now - WINDOW))
            .filter(login_attempts::username_hash.eq(username_hash))
            .select(diesel::dsl::count_star())
            .first(conn)?;
        diesel::delete(login_attempts::table.filter(login_attempts::at.lt(now - KEEP_FOR)))
            .execute(conn)?;
        let id = diesel::insert_into(login_attempts::table)
            .values((
                login_attempts::username_hash.eq(username_hash),
                login_attempts::ip.eq(ip),
                login_attempts::at.eq(now),
            ))
            .returning(login_attempts::id)
            .get_result(conn)?;
        let failures = usize::try_from(for_username).unwrap_or(usize::MAX);
        Ok(Gate::Go {
            id,
            slow_down: throttle::slow_down(failures),
        })
    })
}

/// Takes the advisory locks of the address, then of the username, until the
/// transaction ends.
fn lock_address_then_username(
    conn: &mut PgConnection,
    username_hash: &[u8],
    ip: Option<&str>,
) -> QueryResult<()> {
    // Always the address first, then the username: no two attempts wait
    // for each other in opposite orders.
    let ip_lock = [b"login-ip:".as_slice(), ip.unwrap_or("").as_bytes()].concat();
    let user_lock = [b"login-user:".as_slice(), username_hash].concat();
    for key in [lock_key(&ip_lock), lock_key(&user_lock)] {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(key)
            .execute(conn)?;
    }
    Ok(())
}

/// How long to wait first, when the recent attempts for this username from
/// this address, or from this address at all, reach their limit.
fn wait_needed(
    conn: &mut PgConnection,
    username_hash: &[u8],
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<Option<Duration>> {
    let recent = login_attempts::table.filter(login_attempts::at.gt(now - WINDOW));
    let from_pair: Vec<DateTime<Utc>> = recent
        .filter(login_attempts::username_hash.eq(username_hash))
        .filter(login_attempts::ip.is_not_distinct_from(ip))
        .order(login_attempts::at.desc())
        .limit(USERNAME_LIMIT as i64)
        .select(login_attempts::at)
        .load(conn)?;
    let from_ip: Vec<DateTime<Utc>> = recent
        .filter(login_attempts::ip.is_not_distinct_from(ip))
        .order(login_attempts::at.desc())
        .limit(IP_LIMIT as i64)
        .select(login_attempts::at)
        .load(conn)?;
    Ok([
        throttle::wait_needed(&from_pair, USERNAME_LIMIT, now),
        throttle::wait_needed(&from_ip, IP_LIMIT, now),
    ]
    .into_iter()
    .flatten()
    .max())
}

/// A successful attempt is no failure, and clears the failures of this
/// username from this address (not those from elsewhere: a stranger's
/// guesses keep counting against the stranger).
pub fn attempt_succeeded(
    conn: &mut PgConnection,
    id: i64,
    username_hash: &[u8],
    ip: Option<&str>,
) -> QueryResult<()> {
    diesel::delete(login_attempts::table.find(id)).execute(conn)?;
    diesel::delete(
        login_attempts::table
            .filter(login_attempts::username_hash.eq(username_hash))
            .filter(login_attempts::ip.is_not_distinct_from(ip)),
    )
    .execute(conn)?;
    Ok(())
}

/// An attempt that turned out not to be a guess (a form sent back with its
/// mistakes before anything secret was checked) is struck out.
pub fn attempt_withdrawn(conn: &mut PgConnection, id: i64) -> QueryResult<()> {
    diesel::delete(login_attempts::table.find(id)).execute(conn)?;
    Ok(())
}

//! Failed logins, for throttling across instances (rules in `auth::throttle`).

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::auth::throttle::{IP_LIMIT, USERNAME_LIMIT, WINDOW};
use crate::db::schema::login_attempts;

/// Failures older than this are deleted as new ones arrive.
const KEEP_FOR: Duration = Duration::days(1);

/// The stored key of a typed username: SHA-256 of its trimmed lowercase form.
pub fn username_key(typed: &str) -> Vec<u8> {
    Sha256::digest(typed.trim().to_lowercase().as_bytes()).to_vec()
}

/// Recent failures for a username and from an address, newest first.
#[derive(Debug, Default)]
pub struct RecentFailures {
    pub for_username: Vec<DateTime<Utc>>,
    pub from_ip: Vec<DateTime<Utc>>,
}

pub fn recent_failures(
    conn: &mut PgConnection,
    username_hash: &[u8],
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<RecentFailures> {
    let since = now - WINDOW;
    let for_username = login_attempts::table
        .filter(login_attempts::username_hash.eq(username_hash))
        .filter(login_attempts::at.gt(since))
        .order(login_attempts::at.desc())
        .limit(USERNAME_LIMIT as i64)
        .select(login_attempts::at)
        .load(conn)?;
    let from_ip = match ip {
        Some(ip) => login_attempts::table
            .filter(login_attempts::ip.eq(ip))
            .filter(login_attempts::at.gt(since))
            .order(login_attempts::at.desc())
            .limit(IP_LIMIT as i64)
            .select(login_attempts::at)
            .load(conn)?,
        None => Vec::new(),
    };
    Ok(RecentFailures {
        for_username,
        from_ip,
    })
}

/// Notes a failed login, and forgets failures too old to matter.
pub fn record_failure(
    conn: &mut PgConnection,
    username_hash: &[u8],
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::delete(login_attempts::table.filter(login_attempts::at.lt(now - KEEP_FOR)))
        .execute(conn)?;
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::username_hash.eq(username_hash),
            login_attempts::ip.eq(ip),
            login_attempts::at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A successful login clears the username's failures (not the address's).
pub fn clear_for_username(conn: &mut PgConnection, username_hash: &[u8]) -> QueryResult<usize> {
    diesel::delete(login_attempts::table.filter(login_attempts::username_hash.eq(username_hash)))
        .execute(conn)
}

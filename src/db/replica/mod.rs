//! Reads that may go to a streaming replica: the `verdict` on the replica
//! (pure: may it serve reads now, and when to say so in the log) and the
//! `read_pool` that owns the replica's pool, keeps that verdict fresh and
//! falls back to the primary.

mod read_pool;
mod verdict;

pub use read_pool::{REPLICA_APPLICATION_NAME, ReadConn, ReadFrom, ReadPool};
pub use verdict::{
    CHECK_EVERY, Fallback, Probe, STALE_AFTER, Say, State, Verdict, decide, is_fresh, say,
};

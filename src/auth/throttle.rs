//! Login throttling (OWASP Authentication Cheat Sheet, "Account lockout").
//!
//! Every attempt is written down before its password is checked (and struck
//! out when it succeeds), under a lock, so parallel guesses count as they
//! come. Three limits, none of which a stranger can turn against the real
//! person signing in from elsewhere:
//! - one username from one address: `USERNAME_LIMIT` failures in `WINDOW`,
//!   then that pair waits;
//! - one address, any usernames: `IP_LIMIT`, then the address waits;
//! - one username from everywhere: past `SLOW_DOWN_AFTER` failures each
//!   attempt is slowed down (`slow_down`), never refused, so the owner still
//!   gets in from their own address. (A slow-down costs a guesser time, not
//!   attempts: against many addresses guessing at once, the per-address limits
//!   and the password rules are the wall.)
//!
//! The window slides, so nothing is locked for good.

use chrono::{DateTime, Duration, Utc};

/// Failures for one username from one address within `WINDOW` before that pair must wait.
pub const USERNAME_LIMIT: usize = 5;
/// Failures from one address (any usernames) within `WINDOW` before it must wait.
pub const IP_LIMIT: usize = 20;
/// Failures for one username (from anywhere) within `WINDOW` before its attempts slow down.
pub const SLOW_DOWN_AFTER: usize = 10;
/// The longest a slowed-down attempt waits.
pub const MAX_SLOW_DOWN: std::time::Duration = std::time::Duration::from_secs(3);
/// How far back failures count.
pub const WINDOW: Duration = Duration::minutes(15);

/// How long until another attempt is allowed, given the recent failures
/// (newest first, at least those within the window), or `None` when allowed now.
pub fn wait_needed(
    recent_failures: &[DateTime<Utc>],
    limit: usize,
    now: DateTime<Utc>,
) -> Option<Duration> {
    let in_window: Vec<_> = recent_failures
        .iter()
        .filter(|at| **at > now - WINDOW)
        .collect();
    if in_window.len() < limit {
        return None;
    }
    // Attempts are allowed again once the `limit`-th newest failure leaves the window.
    let release = *in_window[limit - 1] + WINDOW;
    Some(release - now)
}

/// How long an attempt for a username with `failures` recent failures (from
/// every address) waits before its password is checked: nothing up to
/// `SLOW_DOWN_AFTER`, then a quarter second doubling per failure, at most
/// `MAX_SLOW_DOWN`.
pub fn slow_down(failures: usize) -> std::time::Duration {
    if failures < SLOW_DOWN_AFTER {
        return std::time::Duration::ZERO;
    }
    let doublings = (failures - SLOW_DOWN_AFTER).min(8) as u32;
    std::time::Duration::from_millis(250 << doublings).min(MAX_SLOW_DOWN)
}

/// Whole minutes to tell a person, rounded up (never "0 minutes").
pub fn minutes_to_wait(wait: Duration) -> i64 {
    let seconds = wait.num_seconds().max(1);
    (seconds + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minutes * 60, 0).expect("time")
    }

    #[test]
    fn fewer_failures_than_the_limit_wait_for_nothing() {
        let failures = [at(9), at(8), at(7), at(6)];
        assert_eq!(wait_needed(&failures, 5, at(10)), None);
    }

    #[test]
    fn the_limit_makes_people_wait_until_the_oldest_counted_failure_expires() {
        let failures = [at(9), at(8), at(7), at(6), at(5), at(1)];
        let wait = wait_needed(&failures, 5, at(10)).expect("must wait");
        assert_eq!(wait, Duration::minutes(10), "released at 5 + 15 = 20");
        assert_eq!(minutes_to_wait(wait), 10);
        assert_eq!(wait_needed(&failures, 5, at(20)), None);
    }

    #[test]
    fn failures_outside_the_window_do_not_count() {
        let failures = [at(30), at(29), at(28), at(27), at(10)];
        assert_eq!(wait_needed(&failures, 5, at(31)), None);
    }

    #[test]
    fn a_username_under_attack_slows_down_but_never_stops() {
        assert_eq!(slow_down(0), std::time::Duration::ZERO);
        assert_eq!(slow_down(SLOW_DOWN_AFTER - 1), std::time::Duration::ZERO);
        assert_eq!(
            slow_down(SLOW_DOWN_AFTER),
            std::time::Duration::from_millis(250)
        );
        assert_eq!(
            slow_down(SLOW_DOWN_AFTER + 2),
            std::time::Duration::from_secs(1)
        );
        assert_eq!(slow_down(10_000), MAX_SLOW_DOWN);
    }

    #[test]
    fn waits_round_up_to_whole_minutes() {
        assert_eq!(minutes_to_wait(Duration::seconds(1)), 1);
        assert_eq!(minutes_to_wait(Duration::seconds(61)), 2);
        assert_eq!(minutes_to_wait(Duration::zero()), 1);
    }
}

//! Login throttling: after repeated failures for one username or from one
//! address, further attempts wait. The window slides, so nothing is locked for
//! good: an attacker can slow a real user down for at most one window
//! (OWASP Authentication Cheat Sheet, "Account lockout").

use chrono::{DateTime, Duration, Utc};

/// Failures for one username within `WINDOW` before it must wait.
pub const USERNAME_LIMIT: usize = 5;
/// Failures from one address (any usernames) within `WINDOW` before it must wait.
pub const IP_LIMIT: usize = 20;
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
    fn waits_round_up_to_whole_minutes() {
        assert_eq!(minutes_to_wait(Duration::seconds(1)), 1);
        assert_eq!(minutes_to_wait(Duration::seconds(61)), 2);
        assert_eq!(minutes_to_wait(Duration::zero()), 1);
    }
}

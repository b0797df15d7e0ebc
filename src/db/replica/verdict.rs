//! Whether the replica may serve reads, decided from one look at it. Pure:
//! no connection, no clock of its own, so every case is tested without a
//! database.

use std::time::{Duration, Instant};

/// How often the replica is looked at: the verdict is reused in between, so
/// a request never pays for the look.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

/// A verdict older than this is not trusted (the look itself hangs, say):
/// reads go to the primary until a new look answers.
pub const STALE_AFTER: Duration = Duration::from_secs(5);

/// What one look at the replica found.
#[derive(Clone, Debug, PartialEq)]
pub enum Probe {
    /// It answered. Its lag in seconds: `0` when it has replayed all it
    /// received, else the age of the last transaction it replayed; `None`
    /// when it cannot tell (nothing replayed yet, or not streaming).
    Answered { lag_seconds: Option<f64> },
    /// No connection (refused, or none within the pool's timeout), or the
    /// question failed; the reason, for the log.
    Unreachable(String),
}

/// Where reads go until the next look.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Replica,
    Primary(Fallback),
}

/// Why reads go to the primary.
#[derive(Clone, Debug, PartialEq)]
pub enum Fallback {
    Unreachable(String),
    Lagging { lag_seconds: f64, max_seconds: u64 },
    LagUnknown,
}

/// The kind of a verdict, without its numbers: the log speaks once per
/// change of state, not per look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Replica,
    Unreachable,
    Lagging,
    LagUnknown,
}

/// The replica serves reads when it answered and is at most `max_lag`
/// behind. A lag below zero (the replica's clock behind the primary's) counts
/// as caught up; one that is not a number counts as unknown.
pub fn decide(probe: &Probe, max_lag: Duration) -> Verdict {
    match probe {
        Probe::Unreachable(why) => Verdict::Primary(Fallback::Unreachable(why.clone())),
        Probe::Answered { lag_seconds: None } => Verdict::Primary(Fallback::LagUnknown),
        Probe::Answered {
            lag_seconds: Some(lag),
        } if !lag.is_finite() => Verdict::Primary(Fallback::LagUnknown),
        Probe::Answered {
            lag_seconds: Some(lag),
        } => {
            if lag.max(0.0) <= max_lag.as_secs_f64() {
                Verdict::Replica
            } else {
                Verdict::Primary(Fallback::Lagging {
                    lag_seconds: *lag,
                    max_seconds: max_lag.as_secs(),
                })
            }
        }
    }
}

impl Verdict {
    pub fn state(&self) -> State {
        match self {
            Verdict::Replica => State::Replica,
            Verdict::Primary(Fallback::Unreachable(_)) => State::Unreachable,
            Verdict::Primary(Fallback::Lagging { .. }) => State::Lagging,
            Verdict::Primary(Fallback::LagUnknown) => State::LagUnknown,
        }
    }
}

/// What the log says when the verdict turns to `next`: a warning when reads
/// leave the replica, a note when they return, nothing while the state holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Say {
    Warn,
    Info,
}

pub fn say(previous: Option<State>, next: State) -> Option<Say> {
    match (previous, next) {
        (Some(before), after) if before == after => None,
        (_, State::Replica) => Some(Say::Info),
        _ => Some(Say::Warn),
    }
}

/// Whether a verdict reached at `decided_at` may still send reads to the
/// replica at `now`.
pub fn is_fresh(decided_at: Instant, now: Instant) -> bool {
    now.saturating_duration_since(decided_at) < STALE_AFTER
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(lag: f64) -> Probe {
        Probe::Answered {
            lag_seconds: Some(lag),
        }
    }

    const FIVE: Duration = Duration::from_secs(5);

    #[test]
    fn a_caught_up_replica_serves_reads() {
        assert_eq!(decide(&answered(0.0), FIVE), Verdict::Replica);
        assert_eq!(decide(&answered(0.0), Duration::ZERO), Verdict::Replica);
    }

    #[test]
    fn a_replica_behind_by_the_limit_still_serves_and_beyond_it_does_not() {
        assert_eq!(decide(&answered(5.0), FIVE), Verdict::Replica);
        assert_eq!(decide(&answered(4.2), FIVE), Verdict::Replica);
        assert_eq!(
            decide(&answered(5.3), FIVE),
            Verdict::Primary(Fallback::Lagging {
                lag_seconds: 5.3,
                max_seconds: 5
            })
        );
        assert_eq!(
            decide(&answered(0.5), Duration::ZERO).state(),
            State::Lagging
        );
    }

    #[test]
    fn a_replica_whose_clock_runs_behind_counts_as_caught_up() {
        assert_eq!(decide(&answered(-0.8), FIVE), Verdict::Replica);
    }

    #[test]
    fn a_lag_it_cannot_tell_sends_reads_to_the_primary() {
        let unknown = Probe::Answered { lag_seconds: None };
        assert_eq!(
            decide(&unknown, FIVE),
            Verdict::Primary(Fallback::LagUnknown)
        );
        assert_eq!(
            decide(&answered(f64::NAN), FIVE),
            Verdict::Primary(Fallback::LagUnknown)
        );
        assert_eq!(
            decide(&answered(f64::INFINITY), FIVE),
            Verdict::Primary(Fallback::LagUnknown)
        );
    }

    #[test]
    fn an_unreachable_replica_sends_reads_to_the_primary_with_the_reason() {
        let verdict = decide(&Probe::Unreachable("connection refused".into()), FIVE);
        assert_eq!(
            verdict,
            Verdict::Primary(Fallback::Unreachable("connection refused".into()))
        );
        assert_eq!(verdict.state(), State::Unreachable);
    }

    #[test]
    fn a_lag_that_changes_is_one_state_for_the_log() {
        let a = decide(&answered(9.0), FIVE);
        let b = decide(&answered(60.0), FIVE);
        assert_ne!(a, b);
        assert_eq!(a.state(), b.state());
    }

    #[test]
    fn the_log_speaks_once_per_change_of_state() {
        assert_eq!(say(None, State::Replica), Some(Say::Info));
        assert_eq!(say(None, State::Unreachable), Some(Say::Warn));
        assert_eq!(say(Some(State::Replica), State::Replica), None);
        assert_eq!(say(Some(State::Replica), State::Lagging), Some(Say::Warn));
        assert_eq!(say(Some(State::Lagging), State::Lagging), None);
        assert_eq!(
            say(Some(State::Lagging), State::Unreachable),
            Some(Say::Warn)
        );
        assert_eq!(
            say(Some(State::Unreachable), State::Replica),
            Some(Say::Info)
        );
    }

    #[test]
    fn a_verdict_goes_stale() {
        let at = Instant::now();
        assert!(is_fresh(at, at));
        assert!(is_fresh(at, at + CHECK_EVERY));
        assert!(!is_fresh(at, at + STALE_AFTER));
        // A clock read before the verdict (another thread) is not "stale".
        assert!(is_fresh(at + CHECK_EVERY, at));
    }
}

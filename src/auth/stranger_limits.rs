//! Limits on strangers: how many anonymous posts (forms and API), registrations
//! and link recoveries one client address may make in a window, and how long
//! a drive's waitlist may grow. The staff list is the real wall against made-up
//! registrations; these limits are the second one, and the one that protects
//! open drives and the self-check API. Values come from configuration
//! (`config::Settings::stranger_limits`); the counting is
//! `store::stranger_limits`.

use chrono::{DateTime, Duration, Utc};

/// What a request is counted as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Any anonymous POST: registration steps, self-check, cancel, reschedule,
    /// link recovery, sign-in.
    Post,
    /// A registration submitted (the form's last step or the API).
    Register,
    /// A request for a new personal link, per address.
    Recover,
    /// A request for a new personal link, per identity number.
    RecoverPerson,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Post => "post",
            Scope::Register => "register",
            Scope::Recover => "recover",
            Scope::RecoverPerson => "recover_person",
        }
    }
}

/// An anonymous post still to be counted against the limits on posts: who
/// sent it, and those limits. A registration counts it in the same statement
/// as the registration itself (`registration::submit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostToCount {
    pub client: String,
    pub limits: Vec<Limit>,
}

/// At most `max` requests per `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

/// The configured limits. The defaults let an office behind one NAT address
/// register 300 people over a morning and refuse a script (see README,
/// "Limits on strangers").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrangerLimits {
    pub posts_per_minute: u32,
    pub posts_per_hour: u32,
    pub registrations_per_minute: u32,
    pub registrations_per_hour: u32,
    pub recoveries_per_hour: u32,
    pub recoveries_per_person_per_day: u32,
    /// People waiting on one drive's waitlist, at most.
    pub waitlist_per_drive: u32,
}

impl Default for StrangerLimits {
    fn default() -> Self {
        StrangerLimits {
            posts_per_minute: 60,
            posts_per_hour: 800,
            registrations_per_minute: 10,
            registrations_per_hour: 200,
            recoveries_per_hour: 10,
            recoveries_per_person_per_day: 5,
            waitlist_per_drive: 100,
        }
    }
}

impl StrangerLimits {
    /// No limit at all (load tests and most integration tests, which send
    /// hundreds of requests from one address on purpose).
    pub fn unlimited() -> Self {
        StrangerLimits {
            posts_per_minute: u32::MAX,
            posts_per_hour: u32::MAX,
            registrations_per_minute: u32::MAX,
            registrations_per_hour: u32::MAX,
            recoveries_per_hour: u32::MAX,
            recoveries_per_person_per_day: u32::MAX,
            waitlist_per_drive: u32::MAX,
        }
    }

    /// The limits a request of `scope` is counted against.
    pub fn for_scope(&self, scope: Scope) -> Vec<Limit> {
        let per = |max, window| Limit { max, window };
        let limits = match scope {
            Scope::Post => vec![
                per(self.posts_per_minute, Duration::minutes(1)),
                per(self.posts_per_hour, Duration::hours(1)),
            ],
            Scope::Register => vec![
                per(self.registrations_per_minute, Duration::minutes(1)),
                per(self.registrations_per_hour, Duration::hours(1)),
            ],
            Scope::Recover => vec![per(self.recoveries_per_hour, Duration::hours(1))],
            Scope::RecoverPerson => {
                vec![per(self.recoveries_per_person_per_day, Duration::days(1))]
            }
        };
        // An unlimited limit needs no counting.
        limits.into_iter().filter(|l| l.max != u32::MAX).collect()
    }
}

/// The start of the fixed window of length `window` that holds `now`
/// (windows are aligned on the Unix epoch, so every instance agrees).
pub fn window_start(now: DateTime<Utc>, window: Duration) -> DateTime<Utc> {
    let len = window.num_seconds().max(1);
    let start = now.timestamp().div_euclid(len) * len;
    DateTime::from_timestamp(start, 0).unwrap_or(now)
}

/// How long until the window that started at `start` is over (at least 1 s).
pub fn retry_after(now: DateTime<Utc>, start: DateTime<Utc>, window: Duration) -> Duration {
    (start + window - now).max(Duration::seconds(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn windows_are_aligned_so_every_instance_counts_in_the_same_one() {
        let now = at("2027-01-17T00:59:30Z");
        assert_eq!(
            window_start(now, Duration::minutes(1)),
            at("2027-01-17T00:59:00Z")
        );
        assert_eq!(
            window_start(now, Duration::hours(1)),
            at("2027-01-17T00:00:00Z")
        );
        assert_eq!(
            retry_after(
                now,
                window_start(now, Duration::minutes(1)),
                Duration::minutes(1)
            ),
            Duration::seconds(30)
        );
    }

    #[test]
    fn an_office_registering_three_hundred_people_in_a_morning_fits_the_defaults() {
        // Four posts per person (three form steps and a self-check), 300
        // people over four hours, at most a quarter of them in the busiest hour.
        let limits = StrangerLimits::default();
        let busiest_hour_people = 300 / 4 * 2;
        assert!(busiest_hour_people * 4 <= limits.posts_per_hour);
        assert!(busiest_hour_people <= limits.registrations_per_hour);
        // People type: one registration takes a person a minute or more, so ten
        // a minute from one address is ten people at once.
        assert!(limits.registrations_per_minute >= 10);
    }

    #[test]
    fn unlimited_limits_count_nothing() {
        let none = StrangerLimits::unlimited();
        assert!(none.for_scope(Scope::Post).is_empty());
        assert_eq!(StrangerLimits::default().for_scope(Scope::Post).len(), 2);
    }
}

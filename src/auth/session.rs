//! Staff sessions: who is signed in, and the timeouts that end a session.
//!
//! Timeouts follow OWASP's Session Management Cheat Sheet for low-to-medium risk
//! applications: 30 minutes idle for organizers, 12 hours absolute (a working
//! day at the venue). PMI coordinators work a drive day at a folding table,
//! with lulls between slots, a lunch and prayers: their idle timeout is longer
//! (4 hours by default, `PMI_IDLE_MINUTES`), still inside the same 12-hour
//! absolute limit and still revocable at any moment (signing out, an organizer
//! deactivating the account).

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::vocab::Role;

/// An organizer's session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A PMI coordinator's session, by default: a morning's lull, a lunch break.
pub const PMI_IDLE_TIMEOUT: Duration = Duration::hours(4);

/// How long each role's session survives without a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdleTimeouts {
    pub organizer: Duration,
    pub pmi: Duration,
}

impl Default for IdleTimeouts {
    fn default() -> Self {
        IdleTimeouts {
            organizer: IDLE_TIMEOUT,
            pmi: PMI_IDLE_TIMEOUT,
        }
    }
}

impl IdleTimeouts {
    pub fn for_role(&self, role: Role) -> Duration {
        match role {
            Role::Organizer => self.organizer,
            Role::Pmi => self.pmi,
        }
    }

    /// The longest of them: no live session was seen before `now - longest`.
    pub fn longest(&self) -> Duration {
        self.organizer.max(self.pmi)
    }
}
/// A session ends this long after sign-in, however busy.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often: not a database write per request.
pub const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// Name of the session cookie; `__Host-` (Secure, path /, no domain) when served over HTTPS.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-session" } else { "session" }
}

/// When a session signed in at `created_at` must end at the latest.
pub fn expires_at(created_at: DateTime<Utc>) -> DateTime<Utc> {
    created_at + ABSOLUTE_TIMEOUT
}

/// Whether a session idle for at most `idle` is still usable at `now`
/// (revocation is checked separately).
pub fn is_live(
    expires_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    now: DateTime<Utc>,
    idle: Duration,
) -> bool {
    now < expires_at && now < last_seen_at + idle
}

/// Whether `last_seen_at` is old enough to be worth writing again.
pub fn needs_touch(last_seen_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_seen_at >= TOUCH_INTERVAL
}

/// The signed-in staff member of a request (put there by the access guard).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentStaff {
    pub id: Uuid,
    pub session_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

impl CurrentStaff {
    pub fn is_organizer(&self) -> bool {
        self.role == Role::Organizer
    }

    /// Message key naming the role ("Panitia", "Petugas PMI").
    pub fn role_label_key(&self) -> &'static str {
        role_label_key(self.role)
    }

    /// Where this person lands after signing in.
    pub fn home(&self) -> &'static str {
        home_for(self.role)
    }
}

/// The landing page of a role.
pub fn home_for(role: Role) -> &'static str {
    match role {
        Role::Organizer => "/admin",
        Role::Pmi => "/pmi",
    }
}

/// Message key naming a role.
pub fn role_label_key(role: Role) -> &'static str {
    match role {
        Role::Organizer => "role-organizer",
        Role::Pmi => "role-pmi",
    }
}

/// A request authenticated by an API token instead of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    pub token_id: Uuid,
}

/// Whether `next` is a path on this site (`/x`, not `//host` or `/\host`), so a
/// link cannot send someone elsewhere after they sign in.
/// `next` (trimmed) when it is a path on this site, else nothing: the one
/// check for every "go back to" parameter (the login's, the language switch's).
pub fn local_next(next: &str) -> Option<String> {
    let next = next.trim();
    (is_local_path(next) && next.len() <= 2000).then(|| next.to_owned())
}

pub fn is_local_path(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minutes * 60, 0).expect("time")
    }

    #[test]
    fn idle_and_absolute_timeouts_end_a_session() {
        let created = at(0);
        let expires = expires_at(created);
        let idle = IdleTimeouts::default().for_role(Role::Organizer);
        assert!(is_live(expires, at(10), at(39), idle));
        assert!(!is_live(expires, at(10), at(40), idle), "30 minutes idle");
        assert!(is_live(expires, at(12 * 60 - 5), at(12 * 60 - 1), idle));
        assert!(
            !is_live(expires, at(12 * 60 - 5), at(12 * 60), idle),
            "12 hours"
        );
    }

    #[test]
    fn a_coordinator_survives_a_lunch_break_but_not_the_night() {
        let created = at(0);
        let expires = expires_at(created);
        let idle = IdleTimeouts::default().for_role(Role::Pmi);
        assert!(
            is_live(expires, at(60), at(60 + 3 * 60), idle),
            "3 hours idle"
        );
        assert!(
            !is_live(expires, at(60), at(60 + 4 * 60), idle),
            "4 hours idle"
        );
        assert!(
            !is_live(expires, at(12 * 60 - 5), at(12 * 60), idle),
            "the absolute limit holds for coordinators too"
        );
        assert_eq!(IdleTimeouts::default().longest(), PMI_IDLE_TIMEOUT);
    }

    #[test]
    fn last_seen_is_written_at_most_once_a_minute() {
        assert!(!needs_touch(at(0), at(0) + Duration::seconds(59)));
        assert!(needs_touch(at(0), at(1)));
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/admin/users?x=1"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "admin",
            "/a\nb",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}

//! Signing staff in and out, as the store's use cases: each outcome is one
//! transaction holding the session change, the attempt's fate and the audit
//! line (the throttle itself is `login_attempts::begin_attempt`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::store::audit::{self, Actor, AuditAction, AuditEntry};
use crate::store::login_attempts;
use crate::store::sessions::StaffSession;
use crate::store::staff::{self, NewStaffUser, SetupOutcome};

/// Why a sign-in failed, as the audit log names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    UnknownUser,
    Disabled,
    WrongPassword,
}

impl Failure {
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::UnknownUser => "unknown_user",
            Failure::Disabled => "disabled",
            Failure::WrongPassword => "wrong_password",
        }
    }
}

/// A failed sign-in: the attempt stays written down as a failure; the audit
/// line names the account only when it exists (a typo may be a password).
pub fn failed(
    conn: &mut PgConnection,
    account: Option<(Uuid, &str)>,
    why: Failure,
    ip: Option<&str>,
) -> QueryResult<()> {
    audit::record(
        conn,
        &AuditEntry {
            actor: Actor::System,
            action: AuditAction::AuthLoginFailed,
            entity_type: "staff_user",
            entity_id: account.map(|(id, _)| id),
            drive_id: None,
            details: serde_json::json!({
                "username": account.map(|(_, name)| name),
                "reason": why.as_str(),
            }),
            ip,
        },
    )
}

/// What a successful sign-in needs to know.
pub struct NewSession<'a> {
    pub user_id: Uuid,
    /// The attempt `begin_attempt` wrote down, and whose it was.
    pub attempt: i64,
    pub username_hash: &'a [u8],
    pub token_hash: &'a [u8],
    /// The session this browser had before, ended now.
    pub previous_token_hash: Option<&'a [u8]>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// A successful sign-in: ends the browser's previous session, starts the new
/// one, strikes the attempt out and writes the audit line, all at once.
pub fn succeeded(conn: &mut PgConnection, new: &NewSession<'_>) -> QueryResult<StaffSession> {
    conn.transaction(|conn| {
        if let Some(previous) = new.previous_token_hash {
            StaffSession::revoke_by_token(conn, previous, new.now)?;
        }
        let started = StaffSession::start(
            conn,
            new.token_hash,
            new.user_id,
            new.now,
            new.ip,
            new.user_agent,
        )?;
        login_attempts::attempt_succeeded(conn, new.attempt, new.username_hash, new.ip)?;
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(new.user_id),
                action: AuditAction::AuthLogin,
                entity_type: "staff_session",
                entity_id: Some(started.id),
                drive_id: None,
                details: serde_json::json!({}),
                ip: new.ip,
            },
        )?;
        Ok(started)
    })
}

/// Signing out: ends the session with this token, audited; the staff member
/// it belonged to, if it was live.
pub fn signed_out(
    conn: &mut PgConnection,
    token_hash: &[u8],
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<Option<Uuid>> {
    conn.transaction(|conn| {
        let Some(user_id) = StaffSession::revoke_by_token(conn, token_hash, now)? else {
            return Ok(None);
        };
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(user_id),
                action: AuditAction::AuthLogout,
                entity_type: "staff_session",
                entity_id: None,
                drive_id: None,
                details: serde_json::json!({}),
                ip,
            },
        )?;
        Ok(Some(user_id))
    })
}

/// The first organizer, set up through the one-time link.
pub struct FirstOrganizer<'a> {
    pub token_hash: &'a [u8],
    pub user: NewStaffUser<'a>,
    /// The attempt `begin_attempt` wrote down for this post, and whose it was.
    pub attempt: i64,
    pub throttle_key: &'a [u8],
    pub ip: Option<&'a str>,
    pub now: DateTime<Utc>,
}

/// Spends the setup link and creates the account, strikes the attempt out and
/// writes the audit line: one transaction, or nothing.
pub fn set_up_first_organizer(
    conn: &mut PgConnection,
    new: &FirstOrganizer<'_>,
) -> QueryResult<SetupOutcome> {
    conn.transaction(|conn| {
        let outcome = staff::create_first_organizer(conn, new.token_hash, &new.user, new.now)?;
        if let SetupOutcome::Created(id) = outcome {
            login_attempts::attempt_succeeded(conn, new.attempt, new.throttle_key, new.ip)?;
            audit::record(
                conn,
                &AuditEntry {
                    actor: Actor::Staff(id),
                    action: AuditAction::UserCreateFirstOrganizer,
                    entity_type: "staff_user",
                    entity_id: Some(id),
                    drive_id: None,
                    details: serde_json::json!({ "username": new.user.username }),
                    ip: new.ip,
                },
            )?;
        }
        Ok(outcome)
    })
}

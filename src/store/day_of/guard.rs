//! The steps every day-of change shares: lock the registration, ask the state
//! machine whether the change is allowed, move the status only if nobody moved
//! it meanwhile, and write the audit line.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use uuid::Uuid;

use crate::db::schema::{audit_log, donations, registrations, screenings, staff_users};
use crate::domain::audit_action::AuditAction;
use crate::domain::day_of::{DayOfAction, DayOfFacts, TransitionError, transition};
use crate::domain::screening::Decision;
use crate::domain::vocab::RegistrationStatus;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::registrations::Registration;

#[derive(Debug, thiserror::Error)]
pub enum DayOfError {
    /// Someone checked this donor in already (maybe a colleague, a second ago).
    #[error("already checked in by {by} at {at}")]
    AlreadyCheckedIn { by: String, at: DateTime<Utc> },
    #[error(transparent)]
    Refused(#[from] TransitionError),
    #[error("bag number already used in this drive")]
    BagTaken,
    /// The page was drawn before another change (a double submit).
    #[error("changed since the page was shown")]
    Stale,
    #[error("the drive's last slot has not ended yet")]
    TooEarly,
    #[error(transparent)]
    Database(#[from] DieselError),
}

pub(super) fn lock(conn: &mut PgConnection, id: Uuid) -> QueryResult<Registration> {
    registrations::table
        .find(id)
        .select(Registration::as_select())
        .for_update()
        .first(conn)
}

/// What the state machine needs to know about a registration.
pub fn facts_of(conn: &mut PgConnection, reg: &Registration) -> QueryResult<DayOfFacts> {
    let has_donation: bool = diesel::select(diesel::dsl::exists(
        donations::table.filter(donations::registration_id.eq(reg.id)),
    ))
    .get_result(conn)?;
    let latest: Option<String> = screenings::table
        .filter(screenings::registration_id.eq(reg.id))
        .order(screenings::recorded_at.desc())
        .select(screenings::final_decision)
        .first(conn)
        .optional()?;
    Ok(DayOfFacts {
        status: reg.status,
        has_donation,
        accepted_screening: latest.as_deref() == Some(Decision::Accept.as_str()),
    })
}

/// Who last checked this registration in, and when (from the audit log).
fn last_check_in(conn: &mut PgConnection, id: Uuid) -> QueryResult<(String, DateTime<Utc>)> {
    let line: Option<(DateTime<Utc>, Option<String>)> = audit_log::table
        .left_join(staff_users::table)
        .filter(audit_log::entity_id.eq(id))
        .filter(audit_log::action.eq(DayOfAction::CheckIn.audit_action().as_str()))
        .order(audit_log::id.desc())
        .select((audit_log::at, staff_users::display_name.nullable()))
        .first(conn)
        .optional()?;
    Ok(match line {
        Some((at, by)) => (by.unwrap_or_default(), at),
        None => (String::new(), Utc::now()),
    })
}

/// Checks the transition; a second check-in says who was first.
pub(super) fn allowed(
    conn: &mut PgConnection,
    reg: &Registration,
    action: DayOfAction,
) -> Result<RegistrationStatus, DayOfError> {
    let facts = facts_of(conn, reg)?;
    match transition(facts, action) {
        Ok(to) => Ok(to),
        Err(TransitionError::AlreadyDone(RegistrationStatus::CheckedIn))
            if action == DayOfAction::CheckIn =>
        {
            let (by, at) = last_check_in(conn, reg.id)?;
            Err(DayOfError::AlreadyCheckedIn { by, at })
        }
        Err(e) => Err(e.into()),
    }
}

/// Moves `reg` from its status to `to`, only if nobody moved it meanwhile.
pub(super) fn set_status(
    conn: &mut PgConnection,
    reg: &Registration,
    to: RegistrationStatus,
    action: DayOfAction,
) -> Result<Registration, DayOfError> {
    let target = registrations::table
        .filter(registrations::id.eq(reg.id))
        .filter(registrations::status.eq(reg.status.as_str()));
    let updated = match action {
        DayOfAction::CheckIn => diesel::update(target)
            .set((
                registrations::status.eq(to.as_str()),
                registrations::checked_in_at.eq(Some(Utc::now())),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .returning(Registration::as_returning())
            .get_result(conn)
            .optional()?,
        DayOfAction::UndoCheckIn => diesel::update(target)
            .set((
                registrations::status.eq(to.as_str()),
                registrations::checked_in_at.eq(None::<DateTime<Utc>>),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .returning(Registration::as_returning())
            .get_result(conn)
            .optional()?,
        _ => diesel::update(target)
            .set((
                registrations::status.eq(to.as_str()),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .returning(Registration::as_returning())
            .get_result(conn)
            .optional()?,
    };
    updated.ok_or(DayOfError::Refused(TransitionError::NotAllowed {
        from: reg.status,
    }))
}

/// Writes the audit line of a day-of action. `details` holds ids, codes,
/// statuses and enumerated values only: never health answers or free text,
/// which live in their own columns where erasure reaches them.
pub(super) fn audit_line(
    conn: &mut PgConnection,
    reg: &Registration,
    action: AuditAction,
    actor: Uuid,
    details: serde_json::Value,
) -> QueryResult<()> {
    audit::record(
        conn,
        &AuditEntry {
            actor: Actor::Staff(actor),
            action,
            entity_type: "registration",
            entity_id: Some(reg.id),
            drive_id: Some(reg.drive_id),
            details,
            ip: None,
        },
    )
}

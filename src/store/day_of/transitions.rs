//! Status changes on the day: a simple step (undo check-in, no-show and its
//! undo, undo deferral), the check-in with its day-of answers, and the sweep
//! that marks everyone still booked as no-show once the last slot is over.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::guard::{DayOfError, allowed, audit_line, lock, set_status};
use crate::db::schema::{registrations, slots};
use crate::domain::audit_action::AuditAction;
use crate::domain::day_of::{DayOfAction, last_slot_over};
use crate::domain::vocab::RegistrationStatus;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::registrations::Registration;

/// The day-of questions, re-asked at check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayOfAnswers {
    pub fever_last_7_days: bool,
    pub medication_last_3_days: bool,
    pub slept_under_4_hours: bool,
}

/// A simple status change (undo check-in, no-show and its undo, undo deferral).
pub fn apply(
    conn: &mut PgConnection,
    id: Uuid,
    action: DayOfAction,
    actor: Uuid,
) -> Result<Registration, DayOfError> {
    debug_assert!(!matches!(
        action,
        DayOfAction::CheckIn
            | DayOfAction::ScreenAccept
            | DayOfAction::ScreenDefer
            | DayOfAction::RecordDonation
    ));
    conn.transaction(|conn| {
        let reg = lock(conn, id)?;
        let to = allowed(conn, &reg, action)?;
        let after = set_status(conn, &reg, to, action)?;
        audit_line(
            conn,
            &reg,
            action.audit_action(),
            actor,
            serde_json::json!({
                "code": reg.code,
                "from_status": reg.status.as_str(),
                "to_status": to.as_str(),
            }),
        )?;
        Ok(after)
    })
}

/// Checks a donor in, storing the day-of answers under `answers.day_of`
/// (health answers: never in the audit line, which erasure cannot reach).
pub fn check_in(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
    day_of: DayOfAnswers,
) -> Result<Registration, DayOfError> {
    conn.transaction(|conn| {
        let reg = lock(conn, id)?;
        let to = allowed(conn, &reg, DayOfAction::CheckIn)?;
        let after = set_status(conn, &reg, to, DayOfAction::CheckIn)?;
        let mut answers = after.answers.clone();
        if let Some(map) = answers.as_object_mut() {
            map.insert(
                "day_of".to_owned(),
                serde_json::to_value(day_of).unwrap_or_default(),
            );
        }
        let after: Registration = diesel::update(registrations::table.find(id))
            .set(registrations::answers.eq(&answers))
            .returning(Registration::as_returning())
            .get_result(conn)?;
        audit_line(
            conn,
            &reg,
            DayOfAction::CheckIn.audit_action(),
            actor,
            serde_json::json!({
                "code": reg.code,
                "from_status": reg.status.as_str(),
            }),
        )?;
        Ok(after)
    })
}

/// Marks every registration of the drive still `booked` as `no_show`, in one
/// transaction, with an audit line per person and one for the whole action;
/// refused (`TooEarly`) while the drive's last slot has not ended at `now`.
pub fn mark_remaining_no_shows(
    conn: &mut PgConnection,
    drive_id: Uuid,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<usize, DayOfError> {
    conn.transaction(|conn| {
        if !drive_over(conn, drive_id, now)? {
            return Err(DayOfError::TooEarly);
        }
        let booked = lock_booked(conn, drive_id)?;
        let ids: Vec<Uuid> = booked.iter().map(|r| r.id).collect();
        let changed = set_no_show(conn, &ids)?;
        for reg in &booked {
            audit_line(
                conn,
                reg,
                DayOfAction::MarkNoShow.audit_action(),
                actor,
                serde_json::json!({
                    "code": reg.code,
                    "from_status": "booked",
                    "to_status": "no_show",
                    "bulk": true,
                }),
            )?;
        }
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(actor),
                action: AuditAction::DriveMarkNoShows,
                entity_type: "drive",
                entity_id: Some(drive_id),
                drive_id: Some(drive_id),
                details: serde_json::json!({ "count": changed }),
                ip: None,
            },
        )?;
        Ok(changed)
    })
}

/// Whether the drive's last slot has ended at `now`.
fn drive_over(conn: &mut PgConnection, drive_id: Uuid, now: DateTime<Utc>) -> QueryResult<bool> {
    let slot_ends: Vec<DateTime<Utc>> = slots::table
        .filter(slots::drive_id.eq(drive_id))
        .select(slots::ends_at)
        .load(conn)?;
    Ok(last_slot_over(slot_ends, now))
}

/// The drive's registrations still `booked`, locked, in id order.
fn lock_booked(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<Registration>> {
    registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .filter(registrations::status.eq(RegistrationStatus::Booked.as_str()))
        .order(registrations::id.asc())
        .select(Registration::as_select())
        .for_update()
        .load(conn)
}

/// Moves the registrations `ids` that are still `booked` to `no_show`.
fn set_no_show(conn: &mut PgConnection, ids: &[Uuid]) -> QueryResult<usize> {
    diesel::update(
        registrations::table
            .filter(registrations::id.eq_any(ids))
            .filter(registrations::status.eq(RegistrationStatus::Booked.as_str())),
    )
    .set((
        registrations::status.eq(RegistrationStatus::NoShow.as_str()),
        registrations::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
}

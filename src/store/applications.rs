//! Applications of people not on the staff list (drives that take them):
//! the pending ones of a drive, and an organizer's decision on one. A
//! decision is one transaction: the row locked, still pending, the seat taken
//! (or the waitlist), the decision and its audit line.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donors, registrations, slots, work_units};
use crate::domain::audit_action::AuditAction;
use crate::domain::vocab::RegistrationStatus;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::seats::{BookingError, take_seat};

/// One pending application, as the organizer's list shows it.
#[derive(Debug, Clone)]
pub struct Application {
    pub id: Uuid,
    pub code: String,
    pub applied_at: DateTime<Utc>,
    pub full_name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub unit_name: Option<String>,
    pub phone: Option<String>,
    /// The arrival time asked for (none: the waitlist).
    pub wanted_slot: Option<DateTime<Utc>>,
}

/// An application's row: id, code, when, name, NIP, NIK, unit, phone, times asked for.
type PendingRow = (
    Uuid,
    String,
    DateTime<Utc>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Vec<Option<Uuid>>,
);

/// The drive's pending applications, oldest first.
pub fn pending(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<Application>> {
    let rows: Vec<PendingRow> = registrations::table
        .inner_join(donors::table)
        .left_join(work_units::table.on(work_units::id.nullable().eq(registrations::work_unit_id)))
        .filter(registrations::drive_id.eq(drive_id))
        .filter(registrations::status.eq(RegistrationStatus::Pending.as_str()))
        .order(registrations::created_at.asc())
        .select((
            registrations::id,
            registrations::code,
            registrations::created_at,
            donors::full_name,
            donors::nip,
            donors::nik,
            work_units::name.nullable(),
            registrations::phone,
            registrations::waitlist_slot_ids,
        ))
        .load(conn)?;
    let starts: Vec<(Uuid, DateTime<Utc>)> = slots::table
        .filter(slots::drive_id.eq(drive_id))
        .select((slots::id, slots::starts_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, code, applied_at, full_name, nip, nik, unit_name, phone, wanted)| {
                let wanted_slot = wanted
                    .into_iter()
                    .flatten()
                    .next()
                    .and_then(|w| starts.iter().find(|(s, _)| *s == w).map(|(_, at)| *at));
                Application {
                    id,
                    code,
                    applied_at,
                    full_name,
                    nip,
                    nik,
                    unit_name,
                    phone,
                    wanted_slot,
                }
            },
        )
        .collect())
}

/// How many applications of the drive wait for a decision.
pub fn pending_count(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<i64> {
    registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .filter(registrations::status.eq(RegistrationStatus::Pending.as_str()))
        .count()
        .get_result(conn)
}

/// An organizer's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

/// Why a decision could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error("no such application")]
    NotFound,
    #[error("already decided (status {0})")]
    NotPending(RegistrationStatus),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// Approves (a seat in the time asked for, or the waitlist when it is full,
/// closed or none was asked for) or rejects one pending application; returns
/// the status it ends in and its drive.
pub fn decide(
    conn: &mut PgConnection,
    id: Uuid,
    decision: Decision,
    by: Uuid,
    ip: Option<&str>,
) -> Result<(RegistrationStatus, Uuid), DecideError> {
    conn.transaction(|conn| {
        let (drive_id, status, wanted): (Uuid, RegistrationStatus, Vec<Option<Uuid>>) =
            registrations::table
                .find(id)
                .for_update()
                .select((
                    registrations::drive_id,
                    registrations::status,
                    registrations::waitlist_slot_ids,
                ))
                .first(conn)
                .optional()?
                .ok_or(DecideError::NotFound)?;
        if status != RegistrationStatus::Pending {
            return Err(DecideError::NotPending(status));
        }
        let (to, slot) = match decision {
            Decision::Reject => (RegistrationStatus::Rejected, None),
            Decision::Approve => seat_for(conn, drive_id, wanted.into_iter().flatten().next())?,
        };
        let now = Utc::now();
        diesel::update(registrations::table.find(id))
            .set((
                registrations::status.eq(to.as_str()),
                registrations::slot_id.eq(slot),
                registrations::waitlisted_at
                    .eq((to == RegistrationStatus::Waitlisted).then_some(now)),
                registrations::decided_at.eq(now),
                registrations::decided_by.eq(by),
                registrations::updated_at.eq(now),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(by),
                action: match decision {
                    Decision::Approve => AuditAction::RegistrationApprove,
                    Decision::Reject => AuditAction::RegistrationReject,
                },
                entity_type: "registration",
                entity_id: Some(id),
                drive_id: Some(drive_id),
                details: serde_json::json!({ "status": to.as_str(), "slot_id": slot }),
                ip,
            },
        )?;
        Ok((to, drive_id))
    })
}

/// The seat an approved application gets: the time asked for when it has
/// room, else the waitlist.
fn seat_for(
    conn: &mut PgConnection,
    drive_id: Uuid,
    wanted: Option<Uuid>,
) -> Result<(RegistrationStatus, Option<Uuid>), DecideError> {
    let Some(slot) = wanted else {
        return Ok((RegistrationStatus::Waitlisted, None));
    };
    match take_seat(conn, drive_id, slot) {
        Ok(_) => Ok((RegistrationStatus::Booked, Some(slot))),
        Err(BookingError::Database(e)) => Err(e.into()),
        Err(_) => Ok((RegistrationStatus::Waitlisted, None)),
    }
}

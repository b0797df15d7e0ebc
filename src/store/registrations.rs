//! Registrations: booking one (donor, seat or waitlist, audit line), cancelling
//! and rescheduling it. The seats they hold are counted in `store::seats`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::db::schema::registrations;
use crate::domain::audit_action::AuditAction;
use crate::domain::identity::Sex;
use crate::domain::registration_input::SlotChoice;
use crate::domain::vocab::{RegistrationSource, RegistrationStatus};
pub use crate::store::seats::{BookingError, SeatTaken, promote_from_waitlist, take_seat};
use crate::store::seats::{free_seat, lock_slots, waitlist_has_room};

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = registrations, check_for_backend(diesel::pg::Pg))]
pub struct Registration {
    pub id: Uuid,
    pub drive_id: Uuid,
    pub donor_id: Uuid,
    pub slot_id: Option<Uuid>,
    pub status: RegistrationStatus,
    pub waitlisted_at: Option<DateTime<Utc>>,
    pub waitlist_slot_ids: Vec<Option<Uuid>>,
    pub over_capacity: bool,
    pub answers: serde_json::Value,
    pub prescreen_verdict: String,
    pub prescreen_reasons: serde_json::Value,
    pub code: String,
    pub manage_token_hash: Vec<u8>,
    pub source: RegistrationSource,
    pub work_unit_id: Option<Uuid>,
    pub sex: Sex,
    pub age_years: i32,
    pub first_time: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// Why a coordinator seated this walk-in beyond capacity (cleared by erasure).
    pub over_capacity_reason: Option<String>,
}

/// What a new registration carries besides its donor and seat.
#[derive(Debug, Clone)]
pub struct RegistrationDetails {
    pub drive_id: Uuid,
    pub donor_id: Uuid,
    pub work_unit_id: Uuid,
    pub sex: Sex,
    pub age_years: i32,
    pub first_time: bool,
    pub answers: serde_json::Value,
    pub prescreen_verdict: String,
    pub prescreen_reasons: serde_json::Value,
    pub code: String,
    pub manage_token_hash: Vec<u8>,
    pub source: RegistrationSource,
    /// The phone and email given with this registration.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// An application waiting for an organizer: no seat until approved.
    pub pending: bool,
    /// People on the drive's waitlist, at most.
    pub waitlist_cap: u32,
}

fn is_unique_violation(e: &DieselError, constraint: &str) -> bool {
    is_violation(e, DatabaseErrorKind::UniqueViolation, constraint)
}

fn is_violation(e: &DieselError, kind: DatabaseErrorKind, constraint: &str) -> bool {
    matches!(e, DieselError::DatabaseError(k, info)
        if std::mem::discriminant(k) == std::mem::discriminant(&kind)
            && info.constraint_name() == Some(constraint))
}

/// Inserts the registration, waitlisted or pending now, or booked into the
/// chosen slot: then the seat is still to take (`take_seat`), which the caller
/// does last in its transaction, so the slot's row is locked for as short a
/// time as can be (every booking of the slot waits for that lock). Call inside
/// the transaction that upserted the donor.
fn insert_registration(
    conn: &mut PgConnection,
    details: &RegistrationDetails,
    choice: SlotChoice,
) -> Result<(Registration, Option<Uuid>), BookingError> {
    let mut wanted: Vec<Uuid> = Vec::new();
    let (status, slot_id, waitlisted_at) = match choice {
        SlotChoice::Slot(slot_id) if details.pending => {
            wanted.push(slot_id);
            (RegistrationStatus::Pending, None, None)
        }
        SlotChoice::Waitlist if details.pending => (RegistrationStatus::Pending, None, None),
        SlotChoice::Slot(slot_id) => (RegistrationStatus::Booked, Some(slot_id), None),
        SlotChoice::Waitlist => {
            waitlist_has_room(conn, details.drive_id, details.waitlist_cap)?;
            (RegistrationStatus::Waitlisted, None, Some(Utc::now()))
        }
    };
    diesel::insert_into(registrations::table)
        .values((
            registrations::drive_id.eq(details.drive_id),
            registrations::donor_id.eq(details.donor_id),
            registrations::slot_id.eq(slot_id),
            registrations::status.eq(status.as_str()),
            registrations::waitlisted_at.eq(waitlisted_at),
            registrations::answers.eq(&details.answers),
            registrations::prescreen_verdict.eq(&details.prescreen_verdict),
            registrations::prescreen_reasons.eq(&details.prescreen_reasons),
            registrations::code.eq(&details.code),
            registrations::manage_token_hash.eq(&details.manage_token_hash),
            registrations::source.eq(details.source.as_str()),
            registrations::work_unit_id.eq(details.work_unit_id),
            registrations::sex.eq(details.sex.as_str()),
            registrations::age_years.eq(details.age_years),
            registrations::first_time.eq(details.first_time),
            registrations::phone.eq(&details.phone),
            registrations::email.eq(&details.email),
            registrations::waitlist_slot_ids.eq(wanted.into_iter().map(Some).collect::<Vec<_>>()),
        ))
        .returning(Registration::as_returning())
        .get_result(conn)
        .map(|registration| (registration, slot_id))
        .map_err(|e| {
            if is_unique_violation(&e, "registrations_one_active_per_drive") {
                BookingError::Duplicate
            } else if is_unique_violation(&e, "registrations_code_key") {
                BookingError::CodeTaken
            } else if is_violation(
                &e,
                DatabaseErrorKind::ForeignKeyViolation,
                "registrations_slot_id_drive_id_fkey",
            ) {
                // No such slot in this drive (the seat would have said so).
                BookingError::UnknownSlot
            } else {
                BookingError::Database(e)
            }
        })
}

impl Registration {
    pub fn find_by_token_hash(conn: &mut PgConnection, hash: &[u8]) -> QueryResult<Registration> {
        registrations::table
            .filter(registrations::manage_token_hash.eq(hash))
            .select(Registration::as_select())
            .first(conn)
    }

    pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Registration> {
        registrations::table
            .find(id)
            .select(Registration::as_select())
            .first(conn)
    }

    fn lock(conn: &mut PgConnection, id: Uuid) -> QueryResult<Registration> {
        registrations::table
            .find(id)
            .select(Registration::as_select())
            .for_update()
            .first(conn)
    }

    /// 1-based place in the drive's waitlist, for waitlisted registrations.
    pub fn waitlist_position(&self, conn: &mut PgConnection) -> QueryResult<Option<i64>> {
        let Some(at) = self.waitlisted_at else {
            return Ok(None);
        };
        if self.status != RegistrationStatus::Waitlisted {
            return Ok(None);
        }
        let ahead: i64 = registrations::table
            .filter(registrations::drive_id.eq(self.drive_id))
            .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
            .filter(registrations::waitlisted_at.lt(at))
            .count()
            .get_result(conn)?;
        Ok(Some(ahead + 1))
    }
}

/// The outcome of a cancellation: who, if anyone, got the freed seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    pub promoted: Option<Uuid>,
}

/// Cancels a booked or waitlisted registration. A freed seat goes, in the same
/// transaction, to the first waitlisted person whose preference fits.
pub fn cancel(conn: &mut PgConnection, id: Uuid) -> Result<Cancelled, BookingError> {
    conn.transaction(|conn| {
        let reg = Registration::lock(conn, id)?;
        let freed = match reg.status {
            RegistrationStatus::Booked => reg.slot_id,
            RegistrationStatus::Waitlisted => None,
            other => return Err(BookingError::NotChangeable(other)),
        };
        diesel::update(registrations::table.find(id))
            .set((
                registrations::status.eq(RegistrationStatus::Cancelled.as_str()),
                registrations::cancelled_at.eq(diesel::dsl::now),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
        let promoted = match freed {
            Some(slot_id) if !reg.over_capacity => {
                free_seat(conn, slot_id)?;
                promote_from_waitlist(conn, reg.drive_id, slot_id)?
            }
            _ => None,
        };
        Ok(Cancelled { promoted })
    })
}

/// The outcome of a move to another slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rescheduled {
    pub from: Option<Uuid>,
    pub to: Uuid,
    /// Who got the seat given up, if anyone.
    pub promoted: Option<Uuid>,
}

/// Moves a booked (or waitlisted) registration to `new_slot`. The new seat is
/// taken before the old one is freed, in one transaction: a full slot leaves
/// the person exactly where they were.
pub fn reschedule(
    conn: &mut PgConnection,
    id: Uuid,
    new_slot: Uuid,
) -> Result<Rescheduled, BookingError> {
    conn.transaction(|conn| {
        let reg = Registration::lock(conn, id)?;
        let from = match reg.status {
            RegistrationStatus::Booked => reg.slot_id,
            RegistrationStatus::Waitlisted => None,
            other => return Err(BookingError::NotChangeable(other)),
        };
        if from == Some(new_slot) {
            return Ok(Rescheduled {
                from,
                to: new_slot,
                promoted: None,
            });
        }
        lock_slots(conn, new_slot, from)?;
        take_seat(conn, reg.drive_id, new_slot)?;
        let mut promoted = None;
        if let Some(old) = from
            && !reg.over_capacity
        {
            free_seat(conn, old)?;
            promoted = promote_from_waitlist(conn, reg.drive_id, old)?;
        }
        diesel::update(registrations::table.find(id))
            .set((
                registrations::status.eq(RegistrationStatus::Booked.as_str()),
                registrations::slot_id.eq(Some(new_slot)),
                registrations::waitlisted_at.eq(None::<DateTime<Utc>>),
                registrations::over_capacity.eq(false),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
        Ok(Rescheduled {
            from,
            to: new_slot,
            promoted,
        })
    })
}

/// Counts of a drive's registrations by status (for tests, checks and pages).
pub fn status_counts(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<(String, i64)>> {
    registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .group_by(registrations::status)
        .select((registrations::status, diesel::dsl::count_star()))
        .load(conn)
}

/// A registration about to be made, all checks of the domain done.
#[derive(Debug)]
pub struct NewRegistration<'a> {
    pub drive_id: uuid::Uuid,
    pub drive_date: chrono::NaiveDate,
    pub registrant: &'a crate::domain::registration_input::Registrant,
    /// The registrant's unit (its code checked against the drive's units).
    pub work_unit_id: Uuid,
    pub answers: serde_json::Value,
    pub prescreen_verdict: &'a str,
    pub prescreen_reasons: serde_json::Value,
    pub choice: SlotChoice,
    pub source: RegistrationSource,
    pub manage_token_hash: Vec<u8>,
    pub actor: crate::store::audit::Actor,
    pub ip: Option<&'a str>,
    /// Someone not on the staff list applying: pending, no seat.
    pub pending: bool,
    /// People on the drive's waitlist, at most (`u32::MAX`: no cap).
    pub waitlist_cap: u32,
}

/// Registers a person: donor upserted, registration and audit line written,
/// seat taken (or waitlist) — all in one transaction, so nothing is
/// half-written. Gives the seat taken, if any.
pub fn register(
    conn: &mut PgConnection,
    new: &NewRegistration<'_>,
) -> Result<(Registration, Option<SeatTaken>), BookingError> {
    use crate::domain::codes::ConfirmationCode;
    use crate::domain::identity::age_on;
    use crate::store::audit::{self, AuditEntry};
    use crate::store::donors::Donor;

    // 40-bit codes collide rarely; a collision just draws again.
    for _ in 0..5 {
        let code = ConfirmationCode::generate().map_err(|e| {
            BookingError::Database(DieselError::QueryBuilderError(e.to_string().into()))
        })?;
        let outcome = conn.transaction(|conn| {
            let donor = Donor::find_or_create(conn, new.registrant, new.work_unit_id)?;
            let details = RegistrationDetails {
                drive_id: new.drive_id,
                donor_id: donor.id,
                work_unit_id: new.work_unit_id,
                sex: new.registrant.sex,
                age_years: age_on(new.registrant.birth_date, new.drive_date) as i32,
                first_time: donor.donation_count == 0 && new.registrant.donation_count == 0,
                answers: new.answers.clone(),
                prescreen_verdict: new.prescreen_verdict.to_owned(),
                prescreen_reasons: new.prescreen_reasons.clone(),
                code: code.as_str().to_owned(),
                manage_token_hash: new.manage_token_hash.clone(),
                source: new.source,
                phone: Some(new.registrant.phone.clone()),
                email: new.registrant.email.clone(),
                pending: new.pending,
                waitlist_cap: new.waitlist_cap,
            };
            let (registration, seat_to_take) = insert_registration(conn, &details, new.choice)?;
            audit::record(
                conn,
                &AuditEntry {
                    actor: new.actor,
                    action: AuditAction::RegistrationCreate,
                    entity_type: "registration",
                    entity_id: Some(registration.id),
                    drive_id: Some(new.drive_id),
                    details: serde_json::json!({
                        "code": registration.code,
                        "status": registration.status.as_str(),
                        "slot_id": registration.slot_id,
                        "source": registration.source.as_str(),
                    }),
                    ip: new.ip,
                },
            )?;
            // Last, so the slot's row is locked only until the commit.
            let seat = match seat_to_take {
                Some(slot_id) => Some(take_seat(conn, new.drive_id, slot_id)?),
                None => None,
            };
            Ok::<_, BookingError>((registration, seat))
        });
        match outcome {
            Err(BookingError::CodeTaken) => continue,
            other => return other,
        }
    }
    Err(BookingError::CodeTaken)
}

/// Cancels and writes the audit line in one transaction.
pub fn cancel_by(
    conn: &mut PgConnection,
    id: Uuid,
    actor: crate::store::audit::Actor,
    ip: Option<&str>,
) -> Result<Cancelled, BookingError> {
    use crate::store::audit::{self, AuditEntry};
    conn.transaction(|conn| {
        let before = Registration::find(conn, id)?;
        let done = cancel(conn, id)?;
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: AuditAction::RegistrationCancel,
                entity_type: "registration",
                entity_id: Some(id),
                drive_id: Some(before.drive_id),
                details: serde_json::json!({
                    "code": before.code,
                    "from_status": before.status.as_str(),
                    "slot_id": before.slot_id,
                    "promoted": done.promoted,
                }),
                ip,
            },
        )?;
        if let Some(promoted) = done.promoted {
            record_promotion(conn, promoted, before.drive_id, before.slot_id)?;
        }
        Ok(done)
    })
}

/// Moves to another slot and writes the audit line in one transaction.
pub fn reschedule_by(
    conn: &mut PgConnection,
    id: Uuid,
    new_slot: Uuid,
    actor: crate::store::audit::Actor,
    ip: Option<&str>,
) -> Result<Rescheduled, BookingError> {
    use crate::store::audit::{self, AuditEntry};
    conn.transaction(|conn| {
        let before = Registration::find(conn, id)?;
        let done = reschedule(conn, id, new_slot)?;
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: AuditAction::RegistrationReschedule,
                entity_type: "registration",
                entity_id: Some(id),
                drive_id: Some(before.drive_id),
                details: serde_json::json!({
                    "code": before.code,
                    "from": done.from,
                    "to": done.to,
                    "promoted": done.promoted,
                }),
                ip,
            },
        )?;
        if let Some(promoted) = done.promoted {
            record_promotion(conn, promoted, before.drive_id, done.from)?;
        }
        Ok(done)
    })
}

/// The audit line of a waitlist promotion (the system moved the person in).
fn record_promotion(
    conn: &mut PgConnection,
    promoted: Uuid,
    drive_id: Uuid,
    slot_id: Option<Uuid>,
) -> QueryResult<()> {
    crate::store::audit::record(
        conn,
        &crate::store::audit::AuditEntry {
            actor: crate::store::audit::Actor::System,
            action: AuditAction::RegistrationPromote,
            entity_type: "registration",
            entity_id: Some(promoted),
            drive_id: Some(drive_id),
            details: serde_json::json!({ "slot_id": slot_id }),
            ip: None,
        },
    )
}

//! Organizers' changes to drives and their slots: edit a drive, add planned
//! slots (refusing overlaps), change a slot's capacity (promoting from the
//! waitlist when it grows), close and reopen slots, choose the invited units.
//! Each change is one transaction with its audit line.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::db::schema::{drive_units, drives, slots};
use crate::domain::audit_action::AuditAction;
use crate::domain::slot_plan::slots_overlap;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::drives::Drive;
use crate::store::seats::{BookingError, promote_from_waitlist};
use crate::store::slots::{NewSlot, Slot};

/// What the drive form edits.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = drives)]
pub struct DriveChanges {
    pub title: String,
    pub drive_date: NaiveDate,
    pub time_zone: String,
    pub venue: String,
    pub partner: String,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    pub target_bags: i32,
    pub bag_volume_ml: i32,
    pub status: String,
    pub eligibility_overrides: serde_json::Value,
    pub registration_mode: String,
    pub contact_name: String,
    pub contact_whatsapp: String,
    pub office_name: String,
    pub office_address: String,
    pub chair_name: String,
    pub chair_nip: String,
    pub head_name: String,
    pub head_nip: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DriveAdminError {
    #[error("the slug is taken")]
    SlugTaken,
    #[error("slot {starts_at} overlaps an existing slot")]
    Overlap { starts_at: DateTime<Utc> },
    #[error("capacity below the seats already booked ({booked})")]
    BelowBooked { booked: i32 },
    #[error("no such slot in this drive")]
    UnknownSlot,
    #[error(transparent)]
    Booking(#[from] BookingError),
    #[error(transparent)]
    Database(#[from] DieselError),
}

fn audit_drive(
    conn: &mut PgConnection,
    actor: Actor,
    action: AuditAction,
    drive_id: Uuid,
    details: serde_json::Value,
    ip: Option<&str>,
) -> QueryResult<()> {
    audit::record(
        conn,
        &AuditEntry {
            actor,
            action,
            entity_type: "drive",
            entity_id: Some(drive_id),
            drive_id: Some(drive_id),
            details,
            ip,
        },
    )
}

/// Creates a drive (status draft unless given), audited.
pub fn create_drive(
    conn: &mut PgConnection,
    slug: &str,
    changes: &DriveChanges,
    actor: Actor,
    ip: Option<&str>,
) -> Result<Drive, DriveAdminError> {
    conn.transaction(|conn| {
        let created = diesel::insert_into(drives::table)
            .values((drives::slug.eq(slug), changes))
            .returning(Drive::as_returning())
            .get_result(conn);
        let drive = match created {
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                return Err(DriveAdminError::SlugTaken);
            }
            other => other?,
        };
        audit_drive(
            conn,
            actor,
            AuditAction::DriveCreate,
            drive.id,
            serde_json::json!({ "slug": slug }),
            ip,
        )?;
        Ok(drive)
    })
}

/// Saves the drive form, audited.
pub fn update_drive(
    conn: &mut PgConnection,
    drive_id: Uuid,
    changes: &DriveChanges,
    actor: Actor,
    ip: Option<&str>,
) -> Result<Drive, DriveAdminError> {
    conn.transaction(|conn| {
        let drive = diesel::update(drives::table.find(drive_id))
            .set((changes, drives::updated_at.eq(diesel::dsl::now)))
            .returning(Drive::as_returning())
            .get_result(conn)?;
        audit_drive(
            conn,
            actor,
            AuditAction::DriveUpdate,
            drive.id,
            serde_json::json!({ "status": changes.status }),
            ip,
        )?;
        Ok(drive)
    })
}

/// Adds planned slots; refuses the whole set when one overlaps a slot of the
/// drive (or another new one).
pub fn add_slots(
    conn: &mut PgConnection,
    drive: &Drive,
    new: &[NewSlot],
    actor: Actor,
    ip: Option<&str>,
) -> Result<Vec<Slot>, DriveAdminError> {
    conn.transaction(|conn| {
        // Lock the drive row: two organizers adding slots at once queue here.
        drives::table
            .find(drive.id)
            .select(drives::id)
            .for_update()
            .first::<Uuid>(conn)?;
        let existing = Slot::for_drive(conn, drive.id)?;
        for (i, slot) in new.iter().enumerate() {
            let clash_existing = existing
                .iter()
                .any(|e| slots_overlap(slot.starts_at, slot.ends_at, e.starts_at, e.ends_at));
            let clash_new = new[..i]
                .iter()
                .any(|o| slots_overlap(slot.starts_at, slot.ends_at, o.starts_at, o.ends_at));
            if clash_existing || clash_new {
                return Err(DriveAdminError::Overlap {
                    starts_at: slot.starts_at,
                });
            }
        }
        let added = Slot::insert_many(conn, new)?;
        audit_drive(
            conn,
            actor,
            AuditAction::SlotCreate,
            drive.id,
            serde_json::json!({ "count": added.len() }),
            ip,
        )?;
        Ok(added)
    })
}

/// Sets a slot's capacity. Never below its bookings (the CHECK refuses too);
/// when it grows, waiting people are promoted into the new seats. Returns the
/// slot and how many were promoted.
pub fn set_capacity(
    conn: &mut PgConnection,
    drive_id: Uuid,
    slot_id: Uuid,
    capacity: i32,
    actor: Actor,
    ip: Option<&str>,
) -> Result<(Slot, usize), DriveAdminError> {
    conn.transaction(|conn| {
        let slot: Slot = slots::table
            .filter(slots::id.eq(slot_id))
            .filter(slots::drive_id.eq(drive_id))
            .select(Slot::as_select())
            .for_update()
            .first(conn)
            .optional()?
            .ok_or(DriveAdminError::UnknownSlot)?;
        if capacity < slot.booked {
            return Err(DriveAdminError::BelowBooked {
                booked: slot.booked,
            });
        }
        diesel::update(slots::table.find(slot_id))
            .set(slots::capacity.eq(capacity))
            .execute(conn)?;
        let mut promoted = 0;
        if capacity > slot.capacity && !slot.closed {
            while promote_from_waitlist(conn, drive_id, slot_id)?.is_some() {
                promoted += 1;
            }
        }
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: AuditAction::SlotCapacity,
                entity_type: "slot",
                entity_id: Some(slot_id),
                drive_id: Some(drive_id),
                details: serde_json::json!({
                    "from": slot.capacity, "to": capacity, "promoted": promoted
                }),
                ip,
            },
        )?;
        let slot = slots::table
            .find(slot_id)
            .select(Slot::as_select())
            .first(conn)?;
        Ok((slot, promoted))
    })
}

/// Closes or reopens a slot (a closed slot takes no new bookings; reopening
/// promotes from the waitlist into its free seats).
pub fn set_closed(
    conn: &mut PgConnection,
    drive_id: Uuid,
    slot_id: Uuid,
    closed: bool,
    actor: Actor,
    ip: Option<&str>,
) -> Result<usize, DriveAdminError> {
    conn.transaction(|conn| {
        let changed = diesel::update(
            slots::table
                .filter(slots::id.eq(slot_id))
                .filter(slots::drive_id.eq(drive_id)),
        )
        .set(slots::closed.eq(closed))
        .execute(conn)?;
        if changed == 0 {
            return Err(DriveAdminError::UnknownSlot);
        }
        let mut promoted = 0;
        if !closed {
            while promote_from_waitlist(conn, drive_id, slot_id)?.is_some() {
                promoted += 1;
            }
        }
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: if closed {
                    AuditAction::SlotClose
                } else {
                    AuditAction::SlotReopen
                },
                entity_type: "slot",
                entity_id: Some(slot_id),
                drive_id: Some(drive_id),
                details: serde_json::json!({ "promoted": promoted }),
                ip,
            },
        )?;
        Ok(promoted)
    })
}

/// Replaces the drive's invited units with `unit_ids`.
pub fn set_invited_units(
    conn: &mut PgConnection,
    drive: &Drive,
    unit_ids: &[Uuid],
    actor: Actor,
    ip: Option<&str>,
) -> QueryResult<()> {
    conn.transaction(|conn| {
        diesel::delete(drive_units::table.filter(drive_units::drive_id.eq(drive.id)))
            .execute(conn)?;
        drive.invite_units(conn, unit_ids)?;
        audit_drive(
            conn,
            actor,
            AuditAction::DriveUnits,
            drive.id,
            serde_json::json!({ "units": unit_ids.len() }),
            ip,
        )
    })
}

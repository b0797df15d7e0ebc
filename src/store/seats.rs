//! The seats of a slot, counted on the slot row. Every change of seats is one
//! transaction built on one conditional UPDATE:
//!
//! ```sql
//! UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity ...
//! ```
//!
//! No row back means no seat. PostgreSQL re-checks the condition after waiting
//! for a concurrent booking's row lock, so there is no read-then-write race, in
//! one process or across many; and `CHECK (booked <= capacity)` stands behind it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use uuid::Uuid;

use crate::db::schema::{registrations, slots};
use crate::domain::vocab::RegistrationStatus;
use crate::store::prepared::Prepared;

/// Why a registration could not be made or changed.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    #[error("the donor already has an active registration for this drive")]
    Duplicate,
    #[error("the slot is full")]
    SlotFull,
    #[error("the slot is closed")]
    SlotClosed,
    #[error("no such slot in this drive")]
    UnknownSlot,
    #[error("the drive's waitlist is full")]
    WaitlistFull,
    #[error("the confirmation code is taken")]
    CodeTaken,
    #[error("this registration cannot change any more (status {0})")]
    NotChangeable(RegistrationStatus),
    #[error(transparent)]
    Database(#[from] DieselError),
}

/// A seat taken: its slot and when the slot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeatTaken {
    pub slot_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// Takes one seat of `slot_id` in `drive_id`, or says why not. The slot's
/// row stays locked until the transaction ends, so callers take the seat as
/// late in their transaction as they can.
pub fn take_seat(
    conn: &mut PgConnection,
    drive_id: Uuid,
    slot_id: Uuid,
) -> Result<SeatTaken, BookingError> {
    let taken: Option<(DateTime<Utc>, DateTime<Utc>)> = Prepared(
        diesel::update(
            slots::table
                .filter(slots::id.eq(slot_id))
                .filter(slots::drive_id.eq(drive_id))
                .filter(slots::closed.eq(false))
                .filter(slots::booked.lt(slots::capacity)),
        )
        .set(slots::booked.eq(slots::booked + 1))
        .returning((slots::starts_at, slots::ends_at)),
    )
    .get_result(conn)
    .optional()?;
    if let Some((starts_at, ends_at)) = taken {
        return Ok(SeatTaken {
            slot_id,
            starts_at,
            ends_at,
        });
    }
    let closed: Option<bool> = slots::table
        .filter(slots::id.eq(slot_id))
        .filter(slots::drive_id.eq(drive_id))
        .select(slots::closed)
        .first(conn)
        .optional()?;
    Err(match closed {
        None => BookingError::UnknownSlot,
        Some(true) => BookingError::SlotClosed,
        Some(false) => BookingError::SlotFull,
    })
}

/// Gives back one seat of `slot_id` (never below zero).
pub(super) fn free_seat(conn: &mut PgConnection, slot_id: Uuid) -> QueryResult<()> {
    diesel::update(slots::table.find(slot_id).filter(slots::booked.gt(0)))
        .set(slots::booked.eq(slots::booked - 1))
        .execute(conn)
        .map(|_| ())
}

/// Gives one seat of `slot_id` to the longest-waiting person who accepts that
/// slot, if the slot has a seat. Runs inside the caller's transaction.
pub fn promote_from_waitlist(
    conn: &mut PgConnection,
    drive_id: Uuid,
    slot_id: Uuid,
) -> Result<Option<Uuid>, BookingError> {
    // Waiting rows locked by someone else (cancelling, say) are skipped, not waited for.
    let candidate: Option<Uuid> = registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
        .filter(
            registrations::waitlist_slot_ids
                .eq(Vec::<Option<Uuid>>::new())
                .or(registrations::waitlist_slot_ids.contains(vec![Some(slot_id)])),
        )
        .order((registrations::waitlisted_at.asc(), registrations::id.asc()))
        .select(registrations::id)
        .for_update()
        .skip_locked()
        .first(conn)
        .optional()?;
    let Some(candidate) = candidate else {
        return Ok(None);
    };
    match take_seat(conn, drive_id, slot_id) {
        Ok(_) => {}
        Err(BookingError::SlotFull | BookingError::SlotClosed) => return Ok(None),
        Err(e) => return Err(e),
    }
    diesel::update(registrations::table.find(candidate))
        .set((
            registrations::status.eq(RegistrationStatus::Booked.as_str()),
            registrations::slot_id.eq(Some(slot_id)),
            registrations::waitlisted_at.eq(None::<DateTime<Utc>>),
            registrations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok(Some(candidate))
}

/// Locks the slots `new_slot` and `old` (if any) in one order, so two people
/// swapping slots cannot deadlock.
pub(super) fn lock_slots(
    conn: &mut PgConnection,
    new_slot: Uuid,
    old: Option<Uuid>,
) -> QueryResult<()> {
    let mut ids = vec![new_slot];
    ids.extend(old);
    slots::table
        .filter(slots::id.eq_any(&ids))
        .order(slots::id.asc())
        .select(slots::id)
        .for_update()
        .load::<Uuid>(conn)?;
    Ok(())
}

/// Refuses a place on the waitlist when `cap` people already wait. Joining
/// the waitlist of one drive is serialised on an advisory lock, so the cap
/// holds under concurrent registrations.
pub fn waitlist_has_room(
    conn: &mut PgConnection,
    drive_id: Uuid,
    cap: u32,
) -> Result<(), BookingError> {
    if cap == u32::MAX {
        return Ok(());
    }
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('waitlist:' || $1::text, 0))")
        .bind::<diesel::sql_types::Uuid, _>(drive_id)
        .execute(conn)?;
    let waiting: i64 = registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .filter(registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
        .count()
        .get_result(conn)?;
    if waiting >= i64::from(cap) {
        return Err(BookingError::WaitlistFull);
    }
    Ok(())
}

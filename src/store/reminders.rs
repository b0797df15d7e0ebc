//! Who is reminded before a drive: the people holding a seat or waiting for
//! one, with the phone they gave when registering, their unit and their slot.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donors, registrations, slots, work_units};
use crate::domain::vocab::RegistrationStatus;

/// One person to remind.
#[derive(Clone, Debug, Queryable)]
pub struct ReminderRow {
    pub id: Uuid,
    pub status: RegistrationStatus,
    pub code: String,
    pub full_name: String,
    /// The phone given with this registration (never the donor record's:
    /// someone typing a colleague's NIP must not message the colleague).
    pub phone: Option<String>,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub slot_starts_at: Option<DateTime<Utc>>,
    pub slot_ends_at: Option<DateTime<Utc>>,
}

/// The drive's booked and waitlisted people (erased donors left out), by unit
/// name, then arrival time (the waitlist last), then name.
pub fn to_remind(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<ReminderRow>> {
    registrations::table
        .inner_join(donors::table)
        .left_join(work_units::table)
        .left_join(slots::table.on(registrations::slot_id.eq(slots::id.nullable())))
        .filter(registrations::drive_id.eq(drive_id))
        .filter(registrations::status.eq_any([
            RegistrationStatus::Booked.as_str(),
            RegistrationStatus::Waitlisted.as_str(),
        ]))
        .filter(donors::erased_at.is_null())
        .select((
            registrations::id,
            registrations::status,
            registrations::code,
            donors::full_name,
            registrations::phone,
            work_units::code.nullable(),
            work_units::name.nullable(),
            slots::starts_at.nullable(),
            slots::ends_at.nullable(),
        ))
        .order((
            work_units::name.asc().nulls_last(),
            work_units::code.asc().nulls_last(),
            slots::starts_at.asc().nulls_last(),
            registrations::waitlisted_at.asc().nulls_last(),
            donors::full_name.asc(),
            registrations::id.asc(),
        ))
        .load(conn)
}

/// The phone given with one registration, if any.
pub fn phone_of(conn: &mut PgConnection, registration_id: Uuid) -> QueryResult<Option<String>> {
    registrations::table
        .find(registration_id)
        .select(registrations::phone)
        .first(conn)
}

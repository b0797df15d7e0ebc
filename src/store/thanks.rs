//! What the donor's own page reads after the day: the latest screening of the
//! registration (PMI's group, Hb, blood pressure, a deferral), the donor's
//! donations across drives, and the unit the registration was made for.
//! Everything is reached from the registration the secret link found, never
//! from an id a visitor could type.

use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donations, drives, registrations, screenings, work_units};
use crate::domain::vocab::RegistrationStatus;
use crate::store::day_of::Screening;

/// One drive where the donor gave blood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastDonation {
    pub drive_id: Uuid,
    pub drive_title: String,
    pub drive_date: NaiveDate,
    pub partner: String,
    /// Full bags (a donation stopped before the bag was full gives none).
    pub bags: u32,
}

/// The registration's latest screening, if any.
pub fn latest_screening(
    conn: &mut PgConnection,
    registration_id: Uuid,
) -> QueryResult<Option<Screening>> {
    screenings::table
        .filter(screenings::registration_id.eq(registration_id))
        .order((screenings::recorded_at.desc(), screenings::id.desc()))
        .select(Screening::as_select())
        .first(conn)
        .optional()
}

/// The donor's registrations that ended in a donation, oldest drive first.
pub fn donations_of(conn: &mut PgConnection, donor_id: Uuid) -> QueryResult<Vec<PastDonation>> {
    let rows: Vec<(Uuid, String, NaiveDate, String, Option<String>)> = registrations::table
        .inner_join(drives::table)
        .left_join(donations::table.on(donations::registration_id.eq(registrations::id)))
        .filter(registrations::donor_id.eq(donor_id))
        .filter(registrations::status.eq(RegistrationStatus::Donated.as_str()))
        .order((drives::drive_date.asc(), drives::title.asc()))
        .select((
            drives::id,
            drives::title,
            drives::drive_date,
            drives::partner,
            donations::outcome.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(drive_id, drive_title, drive_date, partner, outcome)| PastDonation {
                drive_id,
                drive_title,
                drive_date,
                partner,
                bags: u32::from(outcome.as_deref() == Some("complete")),
            },
        )
        .collect())
}

/// The name of the unit the registration was made for.
pub fn unit_name(
    conn: &mut PgConnection,
    work_unit_id: Option<Uuid>,
) -> QueryResult<Option<String>> {
    let Some(id) = work_unit_id else {
        return Ok(None);
    };
    work_units::table
        .find(id)
        .select(work_units::name)
        .first(conn)
        .optional()
}

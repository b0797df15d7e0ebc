//! Loads what `domain::counts` needs for one drive: its registrations (with the
//! snapshot columns taken at registration, so counts survive erasure), the
//! donor's blood group, the donation outcome and the latest screening's
//! deferral reason; its slots and the work units.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donations, donors, drive_units, registrations, screenings, slots};
use crate::domain::counts::{CountRow, DriveCounts, SlotInfo, UnitInfo};
use crate::domain::identity::Sex;
use crate::domain::vocab::{BloodGroup, RegistrationStatus, Rhesus};
use crate::store::drives::Drive;
use crate::store::units::WorkUnit;

type RawRow = (
    Uuid,
    RegistrationStatus,
    Option<Uuid>,
    Option<Uuid>,
    Sex,
    i32,
    bool,
    BloodGroup,
    Rhesus,
    Option<String>,
);

/// The latest screening's deferral reason of every screened registration of the drive.
fn latest_deferral_reasons(
    conn: &mut PgConnection,
    drive_id: Uuid,
) -> QueryResult<HashMap<Uuid, Option<String>>> {
    let screened: Vec<(Uuid, Option<String>, DateTime<Utc>)> = screenings::table
        .inner_join(registrations::table)
        .filter(registrations::drive_id.eq(drive_id))
        .order((
            screenings::registration_id.asc(),
            screenings::recorded_at.desc(),
            screenings::id.desc(),
        ))
        .select((
            screenings::registration_id,
            screenings::deferral_reason,
            screenings::recorded_at,
        ))
        .load(conn)?;
    let mut latest = HashMap::new();
    for (registration, reason, _) in screened {
        latest.entry(registration).or_insert(reason);
    }
    Ok(latest)
}

/// The count rows of every registration of the drive (cancelled ones included).
pub fn count_rows(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<CountRow>> {
    let raw: Vec<RawRow> = registrations::table
        .inner_join(donors::table)
        .left_join(donations::table.on(donations::registration_id.eq(registrations::id)))
        .filter(registrations::drive_id.eq(drive_id))
        .select((
            registrations::id,
            registrations::status,
            registrations::slot_id,
            registrations::work_unit_id,
            registrations::sex,
            registrations::age_years,
            registrations::first_time,
            donors::blood_group,
            donors::rhesus,
            donations::outcome.nullable(),
        ))
        .load(conn)?;
    let reasons = latest_deferral_reasons(conn, drive_id)?;
    Ok(raw
        .into_iter()
        .map(
            |(id, status, slot_id, work_unit_id, sex, age, first_time, group, rhesus, outcome)| {
                CountRow {
                    status,
                    slot_id,
                    work_unit_id,
                    sex,
                    age_years: age,
                    first_time,
                    blood_group: group,
                    rhesus,
                    deferral_reason: reasons.get(&id).cloned().flatten(),
                    donation_incomplete: outcome.as_deref() == Some("incomplete"),
                }
            },
        )
        .collect())
}

/// Every number of the drive's dashboard and count exports.
pub fn drive_counts(conn: &mut PgConnection, drive: &Drive) -> QueryResult<DriveCounts> {
    let rows = count_rows(conn, drive.id)?;
    let slot_infos: Vec<SlotInfo> = slots::table
        .filter(slots::drive_id.eq(drive.id))
        .select((
            slots::id,
            slots::starts_at,
            slots::ends_at,
            slots::capacity,
            slots::closed,
        ))
        .load::<(Uuid, DateTime<Utc>, DateTime<Utc>, i32, bool)>(conn)?
        .into_iter()
        .map(|(id, starts_at, ends_at, capacity, closed)| SlotInfo {
            id,
            starts_at,
            ends_at,
            capacity,
            closed,
        })
        .collect();
    let invited: HashSet<Uuid> = drive_units::table
        .filter(drive_units::drive_id.eq(drive.id))
        .select(drive_units::work_unit_id)
        .load::<Uuid>(conn)?
        .into_iter()
        .collect();
    let listed = crate::store::staff_directory::counts_by_unit(conn)?;
    let units: Vec<UnitInfo> = WorkUnit::list(conn)?
        .into_iter()
        .map(|u| UnitInfo {
            invited: invited.contains(&u.id),
            headcount: crate::domain::counts::headcount(listed.get(&u.id).copied(), u.headcount),
            id: u.id,
            code: u.code,
            name: u.name,
        })
        .collect();
    let target = u32::try_from(drive.target_bags).unwrap_or(0);
    Ok(DriveCounts::compute(target, &rows, &slot_infos, &units))
}

//! Loads what `domain::counts` needs for one drive: its registrations (with the
//! snapshot columns taken at registration, so counts survive erasure), the
//! blood group (the latest one PMI tested at this registration's screenings,
//! else the donor's record and whether PMI ever tested it), the donation
//! outcome and the latest screening's deferral reason; its slots and the work
//! units.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donations, donors, drive_units, registrations, screenings, slots};
use crate::domain::counts::{CountRow, DriveCounts, SlotInfo, UnitInfo, counted_group};
use crate::domain::identity::Sex;
use crate::domain::tested_group::TestedGroup;
use crate::domain::vocab::{BloodGroup, RegistrationSource, RegistrationStatus, Rhesus};
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
    bool,
    Option<String>,
    RegistrationSource,
);

/// What the counts take from a registration's screenings.
#[derive(Default)]
struct Screened {
    /// The latest screening's deferral reason.
    deferral_reason: Option<String>,
    /// The group of the latest screening that recorded one.
    tested: Option<TestedGroup>,
}

/// The screenings of every screened registration of the drive, read newest first.
fn screened(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<HashMap<Uuid, Screened>> {
    type Line = (
        Uuid,
        Option<String>,
        Option<String>,
        Option<String>,
        DateTime<Utc>,
    );
    let lines: Vec<Line> = screenings::table
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
            screenings::blood_group,
            screenings::rhesus,
            screenings::recorded_at,
        ))
        .load(conn)?;
    let mut out: HashMap<Uuid, Screened> = HashMap::new();
    for (registration, reason, group, rhesus, _) in lines {
        let first = !out.contains_key(&registration);
        let entry = out.entry(registration).or_default();
        if first {
            entry.deferral_reason = reason;
        }
        if entry.tested.is_none() {
            entry.tested = tested_group(group.as_deref(), rhesus.as_deref());
        }
    }
    Ok(out)
}

fn tested_group(group: Option<&str>, rhesus: Option<&str>) -> Option<TestedGroup> {
    TestedGroup::from_parts(group?.parse().ok()?, rhesus?.parse().ok()?)
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
            donors::blood_group_tested_at.is_not_null(),
            donations::outcome.nullable(),
            registrations::source,
        ))
        .load(conn)?;
    let screened = screened(conn, drive_id)?;
    Ok(raw
        .into_iter()
        .map(|row| {
            let (id, status, slot_id, work_unit_id, sex, age_years, first_time) =
                (row.0, row.1, row.2, row.3, row.4, row.5, row.6);
            let (group, rhesus, record_tested, outcome) = (row.7, row.8, row.9, row.10);
            let screened = screened.get(&id);
            let tested = screened.and_then(|s| s.tested);
            let counted = counted_group(tested, group, rhesus, record_tested);
            CountRow {
                status,
                slot_id,
                work_unit_id,
                sex,
                age_years,
                first_time,
                blood_group: counted.group,
                rhesus: counted.rhesus,
                group_tested: counted.tested,
                deferral_reason: screened.and_then(|s| s.deferral_reason.clone()),
                donation_incomplete: outcome.as_deref() == Some("incomplete"),
                walk_in: row.11 == RegistrationSource::WalkIn,
            }
        })
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

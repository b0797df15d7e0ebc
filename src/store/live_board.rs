//! Loads the lobby board of one drive in two queries: the drive with its
//! registrations (status, unit, the snapshots taken at registration, the
//! donation's outcome), then the work units with their staff-list counts and
//! whether the drive invited them. `domain::counts` turns these into the same
//! units' lines as the dashboard, `domain::live_board` ranks them.
//!
//! The board is open on a TV all day and on many phones: it reads no donor,
//! no screening and no slot. So the blood groups and deferral reasons of the
//! counts it computes are not read (the board shows neither).

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Int4, Int8, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

use crate::domain::counts::{CountRow, DriveCounts, UnitInfo, headcount};
use crate::domain::identity::Sex;
use crate::domain::live_board::LiveBoard;
use crate::domain::vocab::{BloodGroup, DriveStatus, RegistrationStatus, Rhesus};

/// The drive as the board names it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardDrive {
    pub slug: String,
    pub title: String,
    pub drive_date: NaiveDate,
    pub time_zone: String,
    pub venue: String,
    pub partner: String,
    pub status: DriveStatus,
}

#[derive(QueryableByName)]
struct DriveLine {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    slug: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Date)]
    drive_date: NaiveDate,
    #[diesel(sql_type = Text)]
    time_zone: String,
    #[diesel(sql_type = Text)]
    venue: String,
    #[diesel(sql_type = Text)]
    partner: String,
    #[diesel(sql_type = Int4)]
    target_bags: i32,
    #[diesel(sql_type = Text)]
    drive_status: DriveStatus,
    #[diesel(sql_type = Nullable<Text>)]
    status: Option<RegistrationStatus>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    slot_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    work_unit_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    sex: Option<Sex>,
    #[diesel(sql_type = Nullable<Int4>)]
    age_years: Option<i32>,
    #[diesel(sql_type = Nullable<Bool>)]
    first_time: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    outcome: Option<String>,
}

#[derive(QueryableByName)]
struct UnitRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    code: String,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Int4>)]
    headcount: Option<i32>,
    #[diesel(sql_type = Int8)]
    listed: i64,
    #[diesel(sql_type = Bool)]
    invited: bool,
}

/// The drive and its registrations: one line per registration, or one line
/// with no registration when there is none.
const DRIVE_AND_REGISTRATIONS: &str = "\
SELECT d.id, d.slug, d.title, d.drive_date, d.time_zone, d.venue, d.partner, d.target_bags, \
       d.status AS drive_status, r.status, r.slot_id, r.work_unit_id, r.sex, r.age_years, \
       r.first_time, o.outcome \
FROM drives d \
LEFT JOIN registrations r ON r.drive_id = d.id \
LEFT JOIN donations o ON o.registration_id = r.id \
WHERE d.slug = $1";

/// Every work unit with its staff-list count and whether the drive invited it.
const UNITS: &str = "\
SELECT u.id, u.code, u.name, u.headcount, \
       (SELECT count(*) FROM staff_directory s WHERE s.work_unit_id = u.id) AS listed, \
       EXISTS (SELECT 1 FROM drive_units du WHERE du.drive_id = $1 AND du.work_unit_id = u.id) AS invited \
FROM work_units u";

/// The board of the drive `slug`; `None` when there is no such drive.
pub fn load(conn: &mut PgConnection, slug: &str) -> QueryResult<Option<(BoardDrive, LiveBoard)>> {
    // PostgreSQL text cannot hold NUL: such a slug names no drive.
    if slug.contains('\0') {
        return Ok(None);
    }
    let lines: Vec<DriveLine> = diesel::sql_query(DRIVE_AND_REGISTRATIONS)
        .bind::<Text, _>(slug)
        .load(conn)?;
    let Some(first) = lines.first() else {
        return Ok(None);
    };
    let drive_id = first.id;
    let target = u32::try_from(first.target_bags).unwrap_or(0);
    let drive = BoardDrive {
        slug: first.slug.clone(),
        title: first.title.clone(),
        drive_date: first.drive_date,
        time_zone: first.time_zone.clone(),
        venue: first.venue.clone(),
        partner: first.partner.clone(),
        status: first.drive_status,
    };
    let rows: Vec<CountRow> = lines.into_iter().filter_map(count_row).collect();
    let units: Vec<UnitInfo> = diesel::sql_query(UNITS)
        .bind::<SqlUuid, _>(drive_id)
        .load::<UnitRow>(conn)?
        .into_iter()
        .map(|u| UnitInfo {
            id: u.id,
            code: u.code,
            name: u.name,
            headcount: headcount(Some(u.listed), u.headcount),
            invited: u.invited,
        })
        .collect();
    let counts = DriveCounts::compute(target, &rows, &[], &units);
    Ok(Some((drive, LiveBoard::from_counts(&counts))))
}

/// A registration's line as the counts take it; `None` for the drive's line
/// without registrations.
fn count_row(line: DriveLine) -> Option<CountRow> {
    Some(CountRow {
        status: line.status?,
        slot_id: line.slot_id,
        work_unit_id: line.work_unit_id,
        sex: line.sex?,
        age_years: line.age_years?,
        first_time: line.first_time?,
        // Not read: the board shows no blood group, no deferral reason and
        // no walk-ins apart.
        walk_in: false,
        blood_group: BloodGroup::Unknown,
        rhesus: Rhesus::Unknown,
        group_tested: false,
        deferral_reason: None,
        donation_incomplete: line.outcome.as_deref() == Some("incomplete"),
    })
}

//! Drives and the work units invited to them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{drive_units, drives, work_units};
use crate::domain::vocab::{DriveStatus, RegistrationMode};
use crate::store::prepared::Prepared;
use crate::store::slots::Slot;
use crate::store::units::WorkUnit;

/// A unit invited to a drive: the code people choose, and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitedUnit {
    pub code: String,
    pub id: Uuid,
}

impl From<&WorkUnit> for InvitedUnit {
    fn from(unit: &WorkUnit) -> Self {
        InvitedUnit {
            code: unit.code.clone(),
            id: unit.id,
        }
    }
}

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = drives, check_for_backend(diesel::pg::Pg))]
pub struct Drive {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub drive_date: NaiveDate,
    pub time_zone: String,
    pub venue: String,
    pub partner: String,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    pub target_bags: i32,
    pub bag_volume_ml: i32,
    pub status: DriveStatus,
    pub eligibility_overrides: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub registration_mode: RegistrationMode,
    /// Whom people ask when the staff list does not know them (may be empty).
    pub contact_name: String,
    /// The contact's WhatsApp number, international digits (`62812…`), or empty.
    pub contact_whatsapp: String,
    /// The letterhead of the report: the office's name and address (empty: not set).
    pub office_name: String,
    pub office_address: String,
    /// The report's signatories: the committee's chair and the head of office,
    /// names and NIPs (18 digits), each empty when not set.
    pub chair_name: String,
    pub chair_nip: String,
    pub head_name: String,
    pub head_nip: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = drives)]
pub struct NewDrive<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub drive_date: NaiveDate,
    pub time_zone: &'a str,
    pub venue: &'a str,
    pub partner: &'a str,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    pub target_bags: i32,
    pub bag_volume_ml: i32,
    pub status: &'a str,
    pub registration_mode: &'a str,
}

/// What the public sees of a drive: its page, the list of drives, the headers
/// of the donor's pages. Read on its own for the drive page, the busiest page
/// of the app, so that page does not carry the report's letterhead or the
/// rule overrides it never shows.
#[derive(Clone, Debug, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = drives, check_for_backend(diesel::pg::Pg))]
pub struct PublicDrive {
    pub id: Uuid,
    pub slug: String,
    pub title: String,
    pub drive_date: NaiveDate,
    pub time_zone: String,
    pub venue: String,
    pub partner: String,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    pub target_bags: i32,
    pub status: DriveStatus,
}

/// A time zone as stored; an unknown name (which the forms never store) is WITA.
fn zone(time_zone: &str) -> chrono_tz::Tz {
    time_zone.parse().unwrap_or(chrono_tz::Asia::Makassar)
}

/// Whether people can register themselves at `now`: the drive is open and
/// `now` is inside its registration window.
fn open_at(
    status: DriveStatus,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    status == DriveStatus::Open && now >= opens && now < closes
}

impl PublicDrive {
    /// The drive's time zone (see `zone`).
    pub fn tz(&self) -> chrono_tz::Tz {
        zone(&self.time_zone)
    }

    /// Whether people can register themselves right now.
    pub fn registration_open_at(&self, now: DateTime<Utc>) -> bool {
        open_at(
            self.status,
            self.registration_opens_at,
            self.registration_closes_at,
            now,
        )
    }

    /// The drive with `slug` and its slots in time order, in one query.
    ///
    /// One row per slot, sorted here rather than by the database: measured
    /// with the demo drive, this costs PostgreSQL ~50 µs of CPU per page where
    /// a sorted `ARRAY(SELECT ROW(…))` beside every column of the drive cost
    /// ~70 µs (`BENCHMARKS.md`, issue 17).
    pub fn find_with_slots(
        conn: &mut PgConnection,
        slug: &str,
    ) -> QueryResult<(PublicDrive, Vec<Slot>)> {
        use crate::db::schema::slots;
        names_no_drive(slug)?;
        let rows: Vec<(PublicDrive, Option<Slot>)> = drives::table
            .left_join(slots::table)
            .filter(drives::slug.eq(slug))
            .select((PublicDrive::as_select(), Option::<Slot>::as_select()))
            .load(conn)?;
        let mut rows = rows.into_iter();
        let (drive, first) = rows.next().ok_or(diesel::result::Error::NotFound)?;
        let mut slots: Vec<Slot> = first.into_iter().chain(rows.filter_map(|r| r.1)).collect();
        slots.sort_by_key(|s| s.starts_at);
        Ok((drive, slots))
    }
}

impl Drive {
    /// The drive's time zone; an unknown name (which the forms never store) falls back to WITA.
    pub fn tz(&self) -> chrono_tz::Tz {
        zone(&self.time_zone)
    }

    /// Whether people can register themselves right now.
    pub fn registration_open_at(&self, now: DateTime<Utc>) -> bool {
        open_at(
            self.status,
            self.registration_opens_at,
            self.registration_closes_at,
            now,
        )
    }

    /// The part of the drive the public sees.
    pub fn public(&self) -> PublicDrive {
        PublicDrive {
            id: self.id,
            slug: self.slug.clone(),
            title: self.title.clone(),
            drive_date: self.drive_date,
            time_zone: self.time_zone.clone(),
            venue: self.venue.clone(),
            partner: self.partner.clone(),
            registration_opens_at: self.registration_opens_at,
            registration_closes_at: self.registration_closes_at,
            target_bags: self.target_bags,
            status: self.status,
        }
    }

    pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Drive> {
        drives::table
            .find(id)
            .select(Drive::as_select())
            .first(conn)
    }

    pub fn find_by_slug(conn: &mut PgConnection, slug: &str) -> QueryResult<Drive> {
        names_no_drive(slug)?;
        drives::table
            .filter(drives::slug.eq(slug))
            .select(Drive::as_select())
            .first(conn)
    }

    /// Drives people can see: open ones, soonest first.
    pub fn list_public(conn: &mut PgConnection) -> QueryResult<Vec<Drive>> {
        drives::table
            .filter(drives::status.eq(DriveStatus::Open.as_str()))
            .order((drives::drive_date.asc(), drives::title.asc()))
            .select(Drive::as_select())
            .load(conn)
    }

    pub fn count(conn: &mut PgConnection) -> QueryResult<i64> {
        drives::table.count().get_result(conn)
    }

    pub fn insert(conn: &mut PgConnection, new: &NewDrive<'_>) -> QueryResult<Drive> {
        diesel::insert_into(drives::table)
            .values(new)
            .returning(Drive::as_returning())
            .get_result(conn)
    }

    /// The work units invited to this drive, by name.
    pub fn units(&self, conn: &mut PgConnection) -> QueryResult<Vec<WorkUnit>> {
        drive_units::table
            .inner_join(work_units::table)
            .filter(drive_units::drive_id.eq(self.id))
            .order(work_units::name.asc())
            .select(WorkUnit::as_select())
            .load(conn)
    }

    /// The drive with `slug` and the units invited to it, in one query: what
    /// a registration needs before its transaction.
    pub fn find_by_slug_with_units(
        conn: &mut PgConnection,
        slug: &str,
    ) -> QueryResult<(Drive, Vec<InvitedUnit>)> {
        use diesel::dsl::sql;
        use diesel::sql_types::{Array, Text};
        names_no_drive(slug)?;
        let (drive, codes, ids): (Drive, Vec<String>, Vec<Uuid>) = Prepared(
            drives::table
                .filter(drives::slug.eq(slug))
                .select((
                    Drive::as_select(),
                    sql::<Array<Text>>(
                        "ARRAY(SELECT w.code FROM drive_units du JOIN work_units w \
                         ON w.id = du.work_unit_id WHERE du.drive_id = drives.id ORDER BY w.id)",
                    ),
                    sql::<Array<diesel::sql_types::Uuid>>(
                        "ARRAY(SELECT du.work_unit_id FROM drive_units du \
                         WHERE du.drive_id = drives.id ORDER BY du.work_unit_id)",
                    ),
                ))
                .limit(1),
        )
        .get_result(conn)?;
        let units = codes
            .into_iter()
            .zip(ids)
            .map(|(code, id)| InvitedUnit { code, id })
            .collect();
        Ok((drive, units))
    }

    /// Invites `unit_ids` to the drive (already invited ones are left alone).
    pub fn invite_units(&self, conn: &mut PgConnection, unit_ids: &[Uuid]) -> QueryResult<usize> {
        let rows: Vec<_> = unit_ids
            .iter()
            .map(|unit| {
                (
                    drive_units::drive_id.eq(self.id),
                    drive_units::work_unit_id.eq(*unit),
                )
            })
            .collect();
        diesel::insert_into(drive_units::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(conn)
    }
}

/// PostgreSQL text cannot hold NUL: such a slug names no drive (and must not
/// be a 500).
fn names_no_drive(slug: &str) -> QueryResult<()> {
    if slug.contains('\0') {
        return Err(diesel::result::Error::NotFound);
    }
    Ok(())
}

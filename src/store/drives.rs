//! Drives and the work units invited to them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{drive_units, drives, work_units};
use crate::domain::vocab::{DriveStatus, RegistrationMode};
use crate::store::units::WorkUnit;

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

impl Drive {
    /// The drive's time zone; an unknown name (which the forms never store) falls back to WITA.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::Asia::Makassar)
    }

    /// Whether people can register themselves right now.
    pub fn registration_open_at(&self, now: DateTime<Utc>) -> bool {
        self.status == DriveStatus::Open
            && now >= self.registration_opens_at
            && now < self.registration_closes_at
    }

    pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Drive> {
        drives::table
            .find(id)
            .select(Drive::as_select())
            .first(conn)
    }

    pub fn find_by_slug(conn: &mut PgConnection, slug: &str) -> QueryResult<Drive> {
        // PostgreSQL text cannot hold NUL: such a slug names no drive (and must not be a 500).
        if slug.contains('\0') {
            return Err(diesel::result::Error::NotFound);
        }
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

    /// Codes of the invited units, for checking a registration's unit.
    pub fn unit_codes(&self, conn: &mut PgConnection) -> QueryResult<Vec<String>> {
        drive_units::table
            .inner_join(work_units::table)
            .filter(drive_units::drive_id.eq(self.id))
            .select(work_units::code)
            .load(conn)
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

//! The full donor list of a drive (personal data: every export of it is audited
//! by the caller). Read in one ordered query, row by row, so a list of 100 000
//! registrations can be streamed out without being held in memory.

use chrono::{DateTime, Utc};
use diesel::pg::PgRowByRowLoadingMode;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donations, donors, registrations, slots, work_units};
use crate::domain::identity::Sex;
use crate::domain::vocab::{BloodGroup, EmployeeType, RegistrationStatus, Rhesus};

/// One registration with its donor, as listed in the export.
#[derive(Debug, Clone, Queryable)]
pub struct DonorListRow {
    pub code: String,
    pub status: RegistrationStatus,
    pub slot_starts_at: Option<DateTime<Utc>>,
    pub full_name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub employee_type: EmployeeType,
    pub sex: Sex,
    pub age_years: i32,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub blood_group: BloodGroup,
    pub rhesus: Rhesus,
    pub first_time: bool,
    pub registered_at: DateTime<Utc>,
    pub bag_number: Option<String>,
    pub erased_at: Option<DateTime<Utc>>,
    pub donor_id: Uuid,
}

/// How many registrations the drive has (every status), for the audit line of an export.
pub fn registration_count(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<i64> {
    registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .count()
        .get_result(conn)
}

/// Every registration of the drive, by slot time (waitlist last), then name.
pub fn donor_list(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<DonorListRow>> {
    let mut all = Vec::new();
    for_each_donor_batch(conn, drive_id, 1000, |rows| {
        all.extend_from_slice(rows);
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(all)
}

/// Hands the drive's registrations to `each` in batches of at most `batch_size`,
/// in the order of [`donor_list`], from one query read row by row (libpq's
/// single-row mode): memory stays at one batch whatever the drive's size. An
/// error from `each` stops the reading (the rest of the result is discarded).
/// Returns how many rows were handed over.
pub fn for_each_donor_batch<E>(
    conn: &mut PgConnection,
    drive_id: Uuid,
    batch_size: usize,
    each: impl FnMut(&[DonorListRow]) -> Result<(), E>,
) -> Result<usize, E>
where
    E: From<diesel::result::Error>,
{
    let rows = registrations::table
        .inner_join(donors::table)
        .left_join(slots::table.on(registrations::slot_id.eq(slots::id.nullable())))
        .left_join(work_units::table.on(registrations::work_unit_id.eq(work_units::id.nullable())))
        .left_join(donations::table.on(donations::registration_id.eq(registrations::id)))
        .filter(registrations::drive_id.eq(drive_id))
        .order((
            slots::starts_at.asc().nulls_last(),
            donors::full_name.asc(),
            registrations::code.asc(),
        ))
        .select((
            registrations::code,
            registrations::status,
            slots::starts_at.nullable(),
            donors::full_name,
            donors::nip,
            donors::nik,
            donors::employee_type,
            registrations::sex,
            registrations::age_years,
            work_units::code.nullable(),
            work_units::name.nullable(),
            donors::phone,
            donors::email,
            donors::blood_group,
            donors::rhesus,
            registrations::first_time,
            registrations::created_at,
            donations::bag_number.nullable(),
            donors::erased_at,
            registrations::donor_id,
        ))
        .load_iter::<DonorListRow, PgRowByRowLoadingMode>(conn)?;
    in_batches(rows, batch_size, each)
}

/// Hands `rows` to `each` in batches of `batch_size` (at least 1), the last
/// one shorter; how many rows there were.
fn in_batches<T, E>(
    rows: impl Iterator<Item = QueryResult<T>>,
    batch_size: usize,
    mut each: impl FnMut(&[T]) -> Result<(), E>,
) -> Result<usize, E>
where
    E: From<diesel::result::Error>,
{
    let batch_size = batch_size.max(1);
    let mut batch = Vec::with_capacity(batch_size);
    let mut total = 0;
    for row in rows {
        batch.push(row?);
        if batch.len() == batch_size {
            each(&batch)?;
            total += batch.len();
            batch.clear();
        }
    }
    if !batch.is_empty() {
        each(&batch)?;
        total += batch.len();
    }
    Ok(total)
}

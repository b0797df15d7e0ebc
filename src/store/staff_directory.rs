//! The imported staff list (`staff_directory`): replaced whole, or one unit's
//! part of it, in one transaction.

use std::collections::HashMap;

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{staff_directory, work_units};
use crate::domain::audit_action::AuditAction;
use crate::import::StaffRow;
use crate::store::audit::{self, Actor, AuditEntry};

#[derive(Insertable)]
#[diesel(table_name = staff_directory)]
struct NewEntry<'a> {
    nip: Option<&'a str>,
    nik: Option<&'a str>,
    full_name: &'a str,
    work_unit_id: Uuid,
    email: Option<&'a str>,
    phone: Option<&'a str>,
}

/// Unit codes and ids.
pub fn unit_ids(conn: &mut PgConnection) -> QueryResult<HashMap<String, Uuid>> {
    Ok(work_units::table
        .select((work_units::code, work_units::id))
        .load::<(String, Uuid)>(conn)?
        .into_iter()
        .collect())
}

/// Replaces the list (or, with `only_unit`, that unit's entries) by `rows`.
/// The rows were checked; the database's constraints stand behind the checks
/// (a NIP listed under another unit refuses the whole import).
pub fn replace(
    conn: &mut PgConnection,
    rows: &[StaffRow],
    only_unit: Option<&str>,
    actor: Actor,
) -> QueryResult<usize> {
    conn.transaction(|conn| {
        let units = unit_ids(conn)?;
        match only_unit.and_then(|code| units.get(code)) {
            Some(id) => {
                diesel::delete(staff_directory::table.filter(staff_directory::work_unit_id.eq(id)))
                    .execute(conn)?
            }
            None => diesel::delete(staff_directory::table).execute(conn)?,
        };
        let entries: Vec<NewEntry<'_>> = rows
            .iter()
            .filter_map(|r| {
                Some(NewEntry {
                    nip: (r.nip.len() != 16).then_some(r.nip.as_str()),
                    nik: (r.nip.len() == 16).then_some(r.nip.as_str()),
                    full_name: &r.full_name,
                    work_unit_id: *units.get(&r.unit_code)?,
                    email: r.email.as_deref(),
                    phone: r.phone.as_deref(),
                })
            })
            .collect();
        let mut inserted = 0;
        // PostgreSQL takes at most 65535 parameters per statement.
        for chunk in entries.chunks(5000) {
            inserted += diesel::insert_into(staff_directory::table)
                .values(chunk)
                .execute(conn)?;
        }
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: AuditAction::StaffListImport,
                entity_type: "staff_directory",
                entity_id: None,
                drive_id: None,
                details: serde_json::json!({ "rows": inserted, "unit": only_unit }),
                ip: None,
            },
        )?;
        Ok(inserted)
    })
}

pub fn count(conn: &mut PgConnection) -> QueryResult<i64> {
    staff_directory::table.count().get_result(conn)
}

/// How many listed staff each unit has.
pub fn counts_by_unit(conn: &mut PgConnection) -> QueryResult<HashMap<Uuid, i64>> {
    Ok(staff_directory::table
        .group_by(staff_directory::work_unit_id)
        .select((staff_directory::work_unit_id, diesel::dsl::count_star()))
        .load::<(Uuid, i64)>(conn)?
        .into_iter()
        .collect())
}

/// Someone on the staff list of a unit invited to a drive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedStaff {
    pub full_name: String,
    pub unit_code: String,
    pub unit_name: String,
}

/// The entry for this NIP (18 digits) or NIK (16) on the list of one of the
/// drive's invited units, if any.
pub fn find_listed(
    conn: &mut PgConnection,
    drive_id: Uuid,
    id_digits: &str,
) -> QueryResult<Option<ListedStaff>> {
    use crate::db::schema::drive_units;
    if id_digits.is_empty() || !id_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let invited = drive_units::table
        .filter(drive_units::drive_id.eq(drive_id))
        .select(drive_units::work_unit_id);
    let mut query = staff_directory::table
        .inner_join(work_units::table)
        .filter(staff_directory::work_unit_id.eq_any(invited))
        .select((
            staff_directory::full_name,
            work_units::code,
            work_units::name,
        ))
        .into_boxed();
    query = if id_digits.len() == 18 {
        query.filter(staff_directory::nip.eq(id_digits))
    } else {
        query.filter(staff_directory::nik.eq(id_digits))
    };
    Ok(query
        .first::<(String, String, String)>(conn)
        .optional()?
        .map(|(full_name, unit_code, unit_name)| ListedStaff {
            full_name,
            unit_code,
            unit_name,
        }))
}

/// Someone on an invited unit's list with no registration for the drive.
#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct NotRegistered {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub unit_code: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub unit_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub id_number: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub full_name: String,
}

/// The listed staff of the drive's invited units who have not registered
/// (a cancelled or rejected registration counts as none), by unit then name.
pub fn not_registered(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<NotRegistered>> {
    diesel::sql_query(
        "SELECT u.code AS unit_code, u.name AS unit_name,
                coalesce(s.nip, s.nik) AS id_number, s.full_name
         FROM staff_directory s
         JOIN work_units u ON u.id = s.work_unit_id
         JOIN drive_units du ON du.work_unit_id = s.work_unit_id AND du.drive_id = $1
         WHERE NOT EXISTS (
             SELECT 1 FROM registrations r JOIN donors d ON d.id = r.donor_id
             WHERE r.drive_id = $1 AND r.status NOT IN ('cancelled', 'rejected')
               AND (d.nip = s.nip OR d.nik = s.nik))
         ORDER BY u.name, s.full_name",
    )
    .bind::<diesel::sql_types::Uuid, _>(drive_id)
    .load(conn)
}

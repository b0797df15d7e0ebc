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
    nip: &'a str,
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
                    nip: &r.nip,
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

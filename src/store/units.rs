//! Work units: the Kanwil's divisions, immigration offices, prisons and others.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::work_units;
use crate::domain::vocab::UnitKind;

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = work_units, check_for_backend(diesel::pg::Pg))]
pub struct WorkUnit {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<Uuid>,
    pub headcount: Option<i32>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = work_units)]
pub struct NewWorkUnit<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_id: Option<Uuid>,
    pub headcount: Option<i32>,
}

impl WorkUnit {
    /// Inserts the unit, or updates name, kind, parent and headcount of the one with its code.
    pub fn upsert(conn: &mut PgConnection, new: &NewWorkUnit<'_>) -> QueryResult<WorkUnit> {
        diesel::insert_into(work_units::table)
            .values(new)
            .on_conflict(work_units::code)
            .do_update()
            .set((
                work_units::name.eq(new.name),
                work_units::kind.eq(new.kind),
                work_units::parent_id.eq(new.parent_id),
                work_units::headcount.eq(new.headcount),
            ))
            .returning(WorkUnit::as_returning())
            .get_result(conn)
    }

    pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<WorkUnit>> {
        work_units::table
            .order(work_units::name.asc())
            .select(WorkUnit::as_select())
            .load(conn)
    }

    pub fn find_by_code(conn: &mut PgConnection, code: &str) -> QueryResult<WorkUnit> {
        work_units::table
            .filter(work_units::code.eq(code))
            .select(WorkUnit::as_select())
            .first(conn)
    }
}

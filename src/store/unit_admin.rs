//! Organizers' changes to work units: add one, edit one (code, name, kind,
//! parent, headcount), audited. A parent may not be the unit itself or one
//! of its descendants.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::db::schema::work_units;
use crate::domain::audit_action::AuditAction;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::units::WorkUnit;

/// What the unit form sets.
#[derive(Debug, Clone, Insertable, AsChangeset)]
#[diesel(table_name = work_units, treat_none_as_null = true)]
pub struct UnitFields {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<Uuid>,
    pub headcount: Option<i32>,
}

#[derive(Debug, thiserror::Error)]
pub enum UnitAdminError {
    #[error("the code is taken")]
    CodeTaken,
    #[error("the parent would make a loop")]
    ParentLoop,
    #[error("no such parent unit")]
    UnknownParent,
    #[error(transparent)]
    Database(#[from] DieselError),
}

fn taken(e: DieselError) -> UnitAdminError {
    match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            UnitAdminError::CodeTaken
        }
        other => other.into(),
    }
}

pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<WorkUnit> {
    work_units::table
        .find(id)
        .select(WorkUnit::as_select())
        .first(conn)
}

/// Refuses a parent that is the unit itself or below it.
fn check_parent(
    conn: &mut PgConnection,
    unit: Option<Uuid>,
    parent: Option<Uuid>,
) -> Result<(), UnitAdminError> {
    let mut next = parent;
    let mut steps = 0;
    while let Some(id) = next {
        if Some(id) == unit {
            return Err(UnitAdminError::ParentLoop);
        }
        let found: Option<Option<Uuid>> = work_units::table
            .find(id)
            .select(work_units::parent_id)
            .first(conn)
            .optional()?;
        let Some(up) = found else {
            return Err(UnitAdminError::UnknownParent);
        };
        next = up;
        steps += 1;
        if steps > 1000 {
            return Err(UnitAdminError::ParentLoop);
        }
    }
    Ok(())
}

pub fn create(
    conn: &mut PgConnection,
    fields: &UnitFields,
    actor: Actor,
    ip: Option<&str>,
) -> Result<WorkUnit, UnitAdminError> {
    conn.transaction(|conn| {
        check_parent(conn, None, fields.parent_id)?;
        let unit = diesel::insert_into(work_units::table)
            .values(fields)
            .returning(WorkUnit::as_returning())
            .get_result(conn)
            .map_err(taken)?;
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: AuditAction::UnitCreate,
                entity_type: "work_unit",
                entity_id: Some(unit.id),
                drive_id: None,
                details: serde_json::json!({ "code": unit.code }),
                ip,
            },
        )?;
        Ok(unit)
    })
}

pub fn update(
    conn: &mut PgConnection,
    id: Uuid,
    fields: &UnitFields,
    actor: Actor,
    ip: Option<&str>,
) -> Result<WorkUnit, UnitAdminError> {
    conn.transaction(|conn| {
        check_parent(conn, Some(id), fields.parent_id)?;
        let unit = diesel::update(work_units::table.find(id))
            .set(fields)
            .returning(WorkUnit::as_returning())
            .get_result(conn)
            .map_err(taken)?;
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: AuditAction::UnitUpdate,
                entity_type: "work_unit",
                entity_id: Some(unit.id),
                drive_id: None,
                details: serde_json::json!({ "code": unit.code }),
                ip,
            },
        )?;
        Ok(unit)
    })
}

//! PMI's official figures of a drive (`drive_pmi_figures`): one line per
//! drive, replaced when an organizer corrects it, each save audited.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::drive_pmi_figures;
use crate::domain::audit_action::AuditAction;
use crate::domain::pmi_figures::{GroupFigures, PmiFigures};
use crate::store::audit::{self, Actor, AuditEntry};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = drive_pmi_figures, check_for_backend(diesel::pg::Pg))]
struct Stored {
    bags_total: i32,
    group_a: Option<i32>,
    group_b: Option<i32>,
    group_ab: Option<i32>,
    group_o: Option<i32>,
    rh_negative: Option<i32>,
    recorded_at: DateTime<Utc>,
}

/// PMI's figures as stored, and when they were last saved.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedFigures {
    pub figures: PmiFigures,
    pub recorded_at: DateTime<Utc>,
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn db(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The drive's figures, if an organizer has typed them.
pub fn find(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Option<SavedFigures>> {
    let stored: Option<Stored> = drive_pmi_figures::table
        .find(drive_id)
        .select(Stored::as_select())
        .first(conn)
        .optional()?;
    Ok(stored.map(|s| {
        let groups = match (s.group_a, s.group_b, s.group_ab, s.group_o) {
            (Some(a), Some(b), Some(ab), Some(o)) => Some(GroupFigures {
                a: count(a),
                b: count(b),
                ab: count(ab),
                o: count(o),
            }),
            _ => None,
        };
        SavedFigures {
            figures: PmiFigures {
                bags_total: count(s.bags_total),
                groups,
                rh_negative: s.rh_negative.map(count),
            },
            recorded_at: s.recorded_at,
        }
    }))
}

/// Saves the drive's figures (replacing earlier ones) with its audit line, in
/// one transaction.
pub fn save(
    conn: &mut PgConnection,
    drive_id: Uuid,
    figures: &PmiFigures,
    by: Uuid,
    ip: Option<&str>,
) -> QueryResult<()> {
    let g = figures.groups;
    let values = (
        drive_pmi_figures::drive_id.eq(drive_id),
        drive_pmi_figures::bags_total.eq(db(figures.bags_total)),
        drive_pmi_figures::group_a.eq(g.map(|g| db(g.a))),
        drive_pmi_figures::group_b.eq(g.map(|g| db(g.b))),
        drive_pmi_figures::group_ab.eq(g.map(|g| db(g.ab))),
        drive_pmi_figures::group_o.eq(g.map(|g| db(g.o))),
        drive_pmi_figures::rh_negative.eq(figures.rh_negative.map(db)),
        drive_pmi_figures::recorded_by.eq(by),
        drive_pmi_figures::recorded_at.eq(diesel::dsl::now),
    );
    conn.transaction(|conn| {
        diesel::insert_into(drive_pmi_figures::table)
            .values(values)
            .on_conflict(drive_pmi_figures::drive_id)
            .do_update()
            .set(values)
            .execute(conn)?;
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(by),
                action: AuditAction::DrivePmiFigures,
                entity_type: "drive",
                entity_id: Some(drive_id),
                drive_id: Some(drive_id),
                details: serde_json::json!({
                    "bags_total": figures.bags_total,
                    "groups": g.map(|g| [g.a, g.b, g.ab, g.o]),
                    "rh_negative": figures.rh_negative,
                }),
                ip,
            },
        )
    })
}

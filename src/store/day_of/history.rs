//! What a registration's page reads back: its screenings, its donation and the
//! audit lines about it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::records::{Donation, Screening};
use crate::db::schema::{audit_log, donations, screenings, staff_users};

/// A registration's screenings, newest first.
pub fn screenings_for(conn: &mut PgConnection, id: Uuid) -> QueryResult<Vec<(Screening, String)>> {
    screenings::table
        .inner_join(staff_users::table)
        .filter(screenings::registration_id.eq(id))
        .order(screenings::recorded_at.desc())
        .select((Screening::as_select(), staff_users::display_name))
        .load(conn)
}

/// A registration's donation, if recorded.
pub fn donation_for(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<(Donation, String)>> {
    donations::table
        .inner_join(staff_users::table)
        .filter(donations::registration_id.eq(id))
        .select((Donation::as_select(), staff_users::display_name))
        .first(conn)
        .optional()
}

/// One line of a registration's history.
#[derive(Clone, Debug, Queryable)]
pub struct HistoryLine {
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor_kind: String,
    pub actor_name: Option<String>,
    pub details: serde_json::Value,
}

/// The audit lines about a registration, oldest first.
pub fn history(conn: &mut PgConnection, id: Uuid) -> QueryResult<Vec<HistoryLine>> {
    audit_log::table
        .left_join(staff_users::table)
        .filter(audit_log::entity_type.eq("registration"))
        .filter(audit_log::entity_id.eq(id))
        .order(audit_log::id.asc())
        .select((
            audit_log::at,
            audit_log::action,
            audit_log::actor_kind,
            staff_users::display_name.nullable(),
            audit_log::details,
        ))
        .load(conn)
}

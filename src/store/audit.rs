//! The append-only audit log (the table refuses updates and deletes by trigger).

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::audit_log;
pub use crate::domain::audit_action::AuditAction;

/// Who did something.
#[derive(Clone, Copy, Debug)]
pub enum Actor {
    Staff(Uuid),
    Donor,
    Api,
    System,
}

impl Actor {
    fn kind(self) -> &'static str {
        match self {
            Actor::Staff(_) => "staff",
            Actor::Donor => "donor",
            Actor::Api => "api",
            Actor::System => "system",
        }
    }

    fn user_id(self) -> Option<Uuid> {
        match self {
            Actor::Staff(id) => Some(id),
            _ => None,
        }
    }
}

/// One line of the log. `details` holds ids, codes, statuses, counts, action
/// names and enumerated values: never passwords or tokens, and never health
/// answers, free text typed about a person or search terms — the log is
/// append-only, so erasing a donor could not clear them.
#[derive(Debug)]
pub struct AuditEntry<'a> {
    pub actor: Actor,
    pub action: AuditAction,
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    pub drive_id: Option<Uuid>,
    pub details: serde_json::Value,
    pub ip: Option<&'a str>,
}

pub fn record(conn: &mut PgConnection, entry: &AuditEntry<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor_user_id.eq(entry.actor.user_id()),
            audit_log::actor_kind.eq(entry.actor.kind()),
            audit_log::action.eq(entry.action.as_str()),
            audit_log::entity_type.eq(entry.entity_type),
            audit_log::entity_id.eq(entry.entity_id),
            audit_log::drive_id.eq(entry.drive_id),
            audit_log::details.eq(&entry.details),
            audit_log::ip.eq(entry.ip),
        ))
        .execute(conn)
        .map(|_| ())
}

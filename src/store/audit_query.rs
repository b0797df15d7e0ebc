//! Reading the audit log: filtered, newest first, a page at a time.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{audit_log, staff_users};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg))]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_kind: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub drive_id: Option<Uuid>,
    pub details: serde_json::Value,
    pub ip: Option<String>,
}

/// A line of the log with the username of the staff member who acted.
#[derive(Clone, Debug)]
pub struct AuditLine {
    pub record: AuditRecord,
    pub actor_username: Option<String>,
}

/// What to show; every field narrows the list.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// An action, or its beginning (`user.` matches every user change).
    pub action: Option<String>,
    /// The username of the staff member who acted.
    pub actor: Option<String>,
    pub entity_type: Option<String>,
    /// From this moment (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this moment (exclusive).
    pub until: Option<DateTime<Utc>>,
}

/// Escapes LIKE wildcards so the input matches literally.
fn like_prefix(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Up to `limit` lines after skipping `offset`, newest first.
pub fn page(
    conn: &mut PgConnection,
    filter: &AuditFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<AuditLine>> {
    let mut query = audit_log::table
        .left_join(staff_users::table)
        .select((AuditRecord::as_select(), staff_users::username.nullable()))
        .into_boxed();
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.like(like_prefix(action)));
    }
    if let Some(actor) = &filter.actor {
        query = query.filter(staff_users::username.eq(actor.trim().to_lowercase()));
    }
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_log::entity_type.eq(entity_type.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::at.ge(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::at.lt(until));
    }
    let rows: Vec<(AuditRecord, Option<String>)> = query
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .offset(offset)
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(record, actor_username)| AuditLine {
            record,
            actor_username,
        })
        .collect())
}

/// The entity types present in the log, for the filter's choices.
pub fn entity_types(conn: &mut PgConnection) -> QueryResult<Vec<String>> {
    audit_log::table
        .select(audit_log::entity_type)
        .distinct()
        .order(audit_log::entity_type.asc())
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_taken_literally() {
        assert_eq!(like_prefix("user."), "user.%");
        assert_eq!(like_prefix("a_b%c\\"), "a\\_b\\%c\\\\%");
    }
}

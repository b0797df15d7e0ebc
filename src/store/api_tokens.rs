//! API tokens for integrations (counts and rosters as JSON): made by organizers,
//! shown once, stored as SHA-256 hashes, revocable.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::session::TOUCH_INTERVAL;
use crate::db::schema::{api_tokens, staff_users};
use crate::domain::audit_action::AuditAction;
use crate::store::audit::{self, Actor, AuditEntry};

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = api_tokens, check_for_backend(diesel::pg::Pg))]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token with the username of the organizer who made it.
#[derive(Clone, Debug)]
pub struct ApiTokenListing {
    pub token: ApiToken,
    pub created_by_username: String,
}

impl ApiToken {
    /// Stores a new token (its hash only) and logs it, in one transaction.
    pub fn create(
        conn: &mut PgConnection,
        name: &str,
        token_hash: &[u8],
        created_by: Uuid,
        ip: Option<&str>,
    ) -> QueryResult<ApiToken> {
        conn.transaction(|conn| {
            let token = diesel::insert_into(api_tokens::table)
                .values((
                    api_tokens::name.eq(name),
                    api_tokens::token_hash.eq(token_hash),
                    api_tokens::created_by.eq(created_by),
                ))
                .returning(ApiToken::as_returning())
                .get_result(conn)?;
            audit::record(
                conn,
                &AuditEntry {
                    actor: Actor::Staff(created_by),
                    action: AuditAction::ApiTokenCreate,
                    entity_type: "api_token",
                    entity_id: Some(token.id),
                    drive_id: None,
                    details: serde_json::json!({ "name": name }),
                    ip,
                },
            )?;
            Ok(token)
        })
    }

    /// Every token, newest first.
    pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<ApiTokenListing>> {
        let rows: Vec<(ApiToken, String)> = api_tokens::table
            .inner_join(staff_users::table)
            .order(api_tokens::created_at.desc())
            .select((ApiToken::as_select(), staff_users::username))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(token, created_by_username)| ApiTokenListing {
                token,
                created_by_username,
            })
            .collect())
    }

    /// Revokes a token and logs it; `false` when it was unknown or already revoked.
    pub fn revoke(
        conn: &mut PgConnection,
        id: Uuid,
        by: Uuid,
        now: DateTime<Utc>,
        ip: Option<&str>,
    ) -> QueryResult<bool> {
        conn.transaction(|conn| {
            let name: Option<String> = diesel::update(
                api_tokens::table
                    .find(id)
                    .filter(api_tokens::revoked_at.is_null()),
            )
            .set(api_tokens::revoked_at.eq(now))
            .returning(api_tokens::name)
            .get_result(conn)
            .optional()?;
            let Some(name) = name else {
                return Ok(false);
            };
            audit::record(
                conn,
                &AuditEntry {
                    actor: Actor::Staff(by),
                    action: AuditAction::ApiTokenRevoke,
                    entity_type: "api_token",
                    entity_id: Some(id),
                    drive_id: None,
                    details: serde_json::json!({ "name": name }),
                    ip,
                },
            )?;
            Ok(true)
        })
    }

    /// The unrevoked token with this hash; notes its use at most once a minute.
    pub fn find_live(
        conn: &mut PgConnection,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> QueryResult<Option<ApiToken>> {
        let token = api_tokens::table
            .filter(api_tokens::token_hash.eq(token_hash))
            .filter(api_tokens::revoked_at.is_null())
            .select(ApiToken::as_select())
            .first(conn)
            .optional()?;
        if let Some(t) = &token
            && t.last_used_at
                .is_none_or(|last| now - last >= TOUCH_INTERVAL)
        {
            diesel::update(api_tokens::table.find(t.id))
                .set(api_tokens::last_used_at.eq(now))
                .execute(conn)?;
        }
        Ok(token)
    }
}

//! Staff sessions: random tokens stored as SHA-256 hashes, revocable, with idle
//! and absolute timeouts (the rules are in `auth::session`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::session::{self, IdleTimeouts, TOUCH_INTERVAL};
use crate::db::schema::{staff_sessions, staff_users};
use crate::store::staff::StaffUser;

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = staff_sessions, check_for_backend(diesel::pg::Pg))]
pub struct StaffSession {
    pub id: Uuid,
    pub user_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = staff_sessions)]
pub struct NewStaffSession<'a> {
    pub token_hash: &'a [u8],
    pub user_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

impl StaffSession {
    /// Starts a session for `user_id` signed in at `now`.
    pub fn start(
        conn: &mut PgConnection,
        token_hash: &[u8],
        user_id: Uuid,
        now: DateTime<Utc>,
        ip: Option<&str>,
        user_agent: Option<&str>,
    ) -> QueryResult<StaffSession> {
        let user_agent = user_agent.map(|ua| truncate(ua, 500));
        diesel::insert_into(staff_sessions::table)
            .values(&NewStaffSession {
                token_hash,
                user_id,
                created_at: now,
                last_seen_at: now,
                expires_at: session::expires_at(now),
                ip,
                user_agent: user_agent.as_deref(),
            })
            .returning(StaffSession::as_returning())
            .get_result(conn)
    }

    /// The live session with this token and its (active) user, idle for no
    /// longer than the user's role allows; marks it seen when the last mark is
    /// older than a minute.
    pub fn find_live(
        conn: &mut PgConnection,
        token_hash: &[u8],
        now: DateTime<Utc>,
        idle: &IdleTimeouts,
    ) -> QueryResult<Option<(StaffSession, StaffUser)>> {
        let found = staff_sessions::table
            .inner_join(staff_users::table)
            .filter(staff_sessions::token_hash.eq(token_hash))
            .filter(staff_sessions::revoked_at.is_null())
            .filter(staff_sessions::expires_at.gt(now))
            .filter(staff_sessions::last_seen_at.gt(now - idle.longest()))
            .filter(staff_users::active.eq(true))
            .select((StaffSession::as_select(), StaffUser::as_select()))
            .first::<(StaffSession, StaffUser)>(conn)
            .optional()?
            .filter(|(s, user)| {
                session::is_live(s.expires_at, s.last_seen_at, now, idle.for_role(user.role))
            });
        if let Some((s, _)) = &found
            && session::needs_touch(s.last_seen_at, now)
        {
            diesel::update(
                staff_sessions::table
                    .find(s.id)
                    .filter(staff_sessions::last_seen_at.le(now - TOUCH_INTERVAL)),
            )
            .set(staff_sessions::last_seen_at.eq(now))
            .execute(conn)?;
        }
        Ok(found)
    }

    /// Ends the session with this token; returns its user when it was live.
    pub fn revoke_by_token(
        conn: &mut PgConnection,
        token_hash: &[u8],
        now: DateTime<Utc>,
    ) -> QueryResult<Option<Uuid>> {
        diesel::update(
            staff_sessions::table
                .filter(staff_sessions::token_hash.eq(token_hash))
                .filter(staff_sessions::revoked_at.is_null()),
        )
        .set(staff_sessions::revoked_at.eq(now))
        .returning(staff_sessions::user_id)
        .get_result(conn)
        .optional()
    }

    /// Ends every session of a user (disabled, or a new password).
    pub fn revoke_all_for_user(
        conn: &mut PgConnection,
        user_id: Uuid,
        now: DateTime<Utc>,
    ) -> QueryResult<usize> {
        diesel::update(
            staff_sessions::table
                .filter(staff_sessions::user_id.eq(user_id))
                .filter(staff_sessions::revoked_at.is_null()),
        )
        .set(staff_sessions::revoked_at.eq(now))
        .execute(conn)
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

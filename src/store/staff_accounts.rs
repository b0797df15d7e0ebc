//! Managing staff accounts: create, change role, disable or enable, set a new
//! password. Each change is one transaction with its audit line; changes that
//! would lock everyone out (no active organizer left) are refused, and disabling
//! an account or changing its password ends its sessions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::db::schema::staff_users;
use crate::domain::audit_action::AuditAction;
use crate::domain::vocab::Role;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::sessions::StaffSession;
use crate::store::staff::{NewStaffUser, StaffUser};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("no such staff account")]
    NotFound,
    #[error("the username is taken")]
    UsernameTaken,
    #[error("the last active organizer cannot be disabled or demoted")]
    LastOrganizer,
    #[error(transparent)]
    Database(DieselError),
}

impl From<DieselError> for AccountError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => AccountError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                AccountError::UsernameTaken
            }
            other => AccountError::Database(other),
        }
    }
}

impl AccountError {
    /// Message-catalogue key for the person who asked for the change.
    pub fn message_key(&self) -> &'static str {
        match self {
            AccountError::NotFound => "users-error-not-found",
            AccountError::UsernameTaken => "users-error-taken",
            AccountError::LastOrganizer => "users-error-last-organizer",
            AccountError::Database(_) => "users-error-failed",
        }
    }
}

/// Who asked for a change, for the audit log.
#[derive(Clone, Copy, Debug)]
pub struct ChangedBy<'a> {
    pub actor: Actor,
    pub ip: Option<&'a str>,
}

fn log(
    conn: &mut PgConnection,
    by: ChangedBy<'_>,
    action: AuditAction,
    user: &StaffUser,
    details: serde_json::Value,
) -> QueryResult<()> {
    let mut details = details;
    details["username"] = serde_json::Value::from(user.username.clone());
    audit::record(
        conn,
        &AuditEntry {
            actor: by.actor,
            action,
            entity_type: "staff_user",
            entity_id: Some(user.id),
            drive_id: None,
            details,
            ip: by.ip,
        },
    )
}

/// Serialises account changes while checking that an active organizer remains.
fn lock_accounts(conn: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("LOCK TABLE staff_users IN SHARE ROW EXCLUSIVE MODE").execute(conn)?;
    Ok(())
}

fn active_organizers(conn: &mut PgConnection) -> QueryResult<i64> {
    staff_users::table
        .filter(staff_users::role.eq(Role::Organizer.as_str()))
        .filter(staff_users::active.eq(true))
        .count()
        .get_result(conn)
}

/// Every account: active ones first, then by username.
pub fn list(conn: &mut PgConnection) -> QueryResult<Vec<StaffUser>> {
    staff_users::table
        .order((staff_users::active.desc(), staff_users::username.asc()))
        .select(StaffUser::as_select())
        .load(conn)
}

pub fn find(conn: &mut PgConnection, id: Uuid) -> Result<StaffUser, AccountError> {
    Ok(staff_users::table
        .find(id)
        .select(StaffUser::as_select())
        .first(conn)?)
}

pub fn create(
    conn: &mut PgConnection,
    new: &NewStaffUser<'_>,
    by: ChangedBy<'_>,
) -> Result<StaffUser, AccountError> {
    conn.transaction(|conn| {
        let user = StaffUser::insert(conn, new)?;
        log(
            conn,
            by,
            AuditAction::UserCreate,
            &user,
            serde_json::json!({ "role": user.role.as_str() }),
        )?;
        Ok(user)
    })
}

pub fn set_role(
    conn: &mut PgConnection,
    id: Uuid,
    role: Role,
    by: ChangedBy<'_>,
) -> Result<StaffUser, AccountError> {
    conn.transaction(|conn| {
        lock_accounts(conn)?;
        let before = find(conn, id)?;
        if before.role == role {
            return Ok(before);
        }
        let user = diesel::update(staff_users::table.find(id))
            .set(staff_users::role.eq(role.as_str()))
            .returning(StaffUser::as_returning())
            .get_result(conn)?;
        if active_organizers(conn)? == 0 {
            return Err(AccountError::LastOrganizer);
        }
        log(
            conn,
            by,
            AuditAction::UserChangeRole,
            &user,
            serde_json::json!({ "from": before.role.as_str(), "to": role.as_str() }),
        )?;
        Ok(user)
    })
}

/// Disables (ending its sessions) or enables an account.
pub fn set_active(
    conn: &mut PgConnection,
    id: Uuid,
    active: bool,
    by: ChangedBy<'_>,
    now: DateTime<Utc>,
) -> Result<StaffUser, AccountError> {
    conn.transaction(|conn| {
        lock_accounts(conn)?;
        let before = find(conn, id)?;
        if before.active == active {
            return Ok(before);
        }
        let user = diesel::update(staff_users::table.find(id))
            .set(staff_users::active.eq(active))
            .returning(StaffUser::as_returning())
            .get_result(conn)?;
        let sessions_ended = if active {
            0
        } else {
            if active_organizers(conn)? == 0 {
                return Err(AccountError::LastOrganizer);
            }
            StaffSession::revoke_all_for_user(conn, id, now)?
        };
        log(
            conn,
            by,
            if active {
                AuditAction::UserEnable
            } else {
                AuditAction::UserDisable
            },
            &user,
            serde_json::json!({ "sessions_ended": sessions_ended }),
        )?;
        Ok(user)
    })
}

/// Stores a new password hash and ends every session of the account.
pub fn set_password(
    conn: &mut PgConnection,
    id: Uuid,
    password_hash: &str,
    by: ChangedBy<'_>,
    now: DateTime<Utc>,
) -> Result<StaffUser, AccountError> {
    conn.transaction(|conn| {
        let user = diesel::update(staff_users::table.find(id))
            .set((
                staff_users::password_hash.eq(password_hash),
                staff_users::password_changed_at.eq(now),
            ))
            .returning(StaffUser::as_returning())
            .get_result(conn)?;
        let sessions_ended = StaffSession::revoke_all_for_user(conn, id, now)?;
        log(
            conn,
            by,
            AuditAction::UserResetPassword,
            &user,
            serde_json::json!({ "sessions_ended": sessions_ended }),
        )?;
        Ok(user)
    })
}

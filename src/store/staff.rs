//! Staff users and the one-time links that bootstrap the first organizer.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{setup_tokens, staff_users};
use crate::domain::vocab::Role;

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = staff_users, check_for_backend(diesel::pg::Pg))]
pub struct StaffUser {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
    pub password_changed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = staff_users)]
pub struct NewStaffUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
}

impl StaffUser {
    pub fn count(conn: &mut PgConnection) -> QueryResult<i64> {
        staff_users::table.count().get_result(conn)
    }

    pub fn insert(conn: &mut PgConnection, new: &NewStaffUser<'_>) -> QueryResult<StaffUser> {
        diesel::insert_into(staff_users::table)
            .values(new)
            .returning(StaffUser::as_returning())
            .get_result(conn)
    }

    /// Usernames are stored lowercase (the schema insists), so lookups lowercase the input.
    pub fn find_by_username(conn: &mut PgConnection, username: &str) -> QueryResult<StaffUser> {
        staff_users::table
            .filter(staff_users::username.eq(username.trim().to_lowercase()))
            .select(StaffUser::as_select())
            .first(conn)
    }
}

/// How long a first-organizer link stays valid.
pub const SETUP_LINK_LIFETIME: Duration = Duration::hours(24);

/// Stores a new setup link (its hash only) and retires older unused ones.
pub fn create_setup_token(
    conn: &mut PgConnection,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> QueryResult<()> {
    conn.transaction(|conn| {
        diesel::update(setup_tokens::table.filter(setup_tokens::used_at.is_null()))
            .set(setup_tokens::expires_at.eq(now))
            .execute(conn)?;
        diesel::insert_into(setup_tokens::table)
            .values((
                setup_tokens::token_hash.eq(token_hash),
                setup_tokens::created_at.eq(now),
                setup_tokens::expires_at.eq(now + SETUP_LINK_LIFETIME),
            ))
            .execute(conn)?;
        Ok(())
    })
}

/// Whether a setup link can still be used: unused, unexpired, and no staff account yet.
pub fn setup_token_usable(
    conn: &mut PgConnection,
    token_hash: &[u8],
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let usable: i64 = setup_tokens::table
        .filter(setup_tokens::token_hash.eq(token_hash))
        .filter(setup_tokens::used_at.is_null())
        .filter(setup_tokens::expires_at.gt(now))
        .count()
        .get_result(conn)?;
    Ok(usable == 1 && StaffUser::count(conn)? == 0)
}

#[derive(Debug, PartialEq, Eq)]
pub enum SetupOutcome {
    Created(Uuid),
    LinkUnusable,
}

/// Spends the setup link and creates the first organizer, in one transaction, so
/// two people racing with the same link cannot both get an account.
pub fn create_first_organizer(
    conn: &mut PgConnection,
    token_hash: &[u8],
    new: &NewStaffUser<'_>,
    now: DateTime<Utc>,
) -> QueryResult<SetupOutcome> {
    conn.transaction(|conn| {
        let spent = diesel::update(
            setup_tokens::table
                .filter(setup_tokens::token_hash.eq(token_hash))
                .filter(setup_tokens::used_at.is_null())
                .filter(setup_tokens::expires_at.gt(now)),
        )
        .set(setup_tokens::used_at.eq(now))
        .execute(conn)?;
        // Serialise against any other account creation while we check for "first".
        diesel::sql_query("LOCK TABLE staff_users IN SHARE ROW EXCLUSIVE MODE").execute(conn)?;
        if spent != 1 || StaffUser::count(conn)? != 0 {
            return Ok(SetupOutcome::LinkUnusable);
        }
        let user = StaffUser::insert(conn, new)?;
        Ok(SetupOutcome::Created(user.id))
    })
}

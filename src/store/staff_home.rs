//! What the staff landing pages list.

use diesel::prelude::*;

use crate::db::schema::drives;
use crate::store::drives::Drive;

/// Every drive, newest date first (organizers see drafts and past drives too).
pub fn all_drives(conn: &mut PgConnection) -> QueryResult<Vec<Drive>> {
    drives::table
        .order((drives::drive_date.desc(), drives::title.asc()))
        .select(Drive::as_select())
        .load(conn)
}

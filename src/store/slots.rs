//! Time slots of a drive, with their capacity and the seats taken.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::slots;

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = slots, check_for_backend(diesel::pg::Pg))]
pub struct Slot {
    pub id: Uuid,
    pub drive_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub booked: i32,
    pub closed: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = slots)]
pub struct NewSlot {
    pub drive_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
}

impl Slot {
    pub fn seats_left(&self) -> i32 {
        if self.closed {
            0
        } else {
            (self.capacity - self.booked).max(0)
        }
    }

    /// The drive's slots in time order.
    pub fn for_drive(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<Vec<Slot>> {
        slots::table
            .filter(slots::drive_id.eq(drive_id))
            .order(slots::starts_at.asc())
            .select(Slot::as_select())
            .load(conn)
    }

    /// The slots of several drives at once, in time order.
    pub fn for_drives(conn: &mut PgConnection, drive_ids: &[Uuid]) -> QueryResult<Vec<Slot>> {
        slots::table
            .filter(slots::drive_id.eq_any(drive_ids))
            .order(slots::starts_at.asc())
            .select(Slot::as_select())
            .load(conn)
    }

    pub fn insert_many(conn: &mut PgConnection, new: &[NewSlot]) -> QueryResult<Vec<Slot>> {
        diesel::insert_into(slots::table)
            .values(new)
            .returning(Slot::as_returning())
            .get_results(conn)
    }
}

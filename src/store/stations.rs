//! The stations' queues and live counts, and the calls that keep two
//! coordinators at one station from calling the same person. Who waits where
//! is `domain::stations::waiting_at` written as SQL: booked people of the
//! slots running or to come wait at reception; checked-in people wait for screening
//! until a screening accepts them, then for the bed.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use uuid::Uuid;

use crate::domain::stations::{CALL_EXPIRES, RECEPTION_LATE_GRACE, Station};

/// One person in a station's queue.
#[derive(Debug, Clone, QueryableByName)]
pub struct QueueEntry {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub code: String,
    #[diesel(sql_type = Text)]
    pub full_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub unit_name: Option<String>,
    #[diesel(sql_type = Text)]
    pub source: String,
    /// Since when they wait here: the slot's start at reception, the check-in
    /// for screening, the accepting screening for the bed.
    #[diesel(sql_type = Timestamptz)]
    pub since: DateTime<Utc>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub called_by: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub called_by_name: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub called_at: Option<DateTime<Utc>>,
}

impl QueueEntry {
    /// Called by someone other than `me`, recently enough to leave them be.
    pub fn called_by_other(&self, me: Uuid, now: DateTime<Utc>) -> bool {
        match (self.called_by, self.called_at) {
            (Some(by), Some(at)) => by != me && now - at < CALL_EXPIRES,
            _ => false,
        }
    }
}

/// The latest screening of each registration (its decision and time), as a
/// literal so every query below is one `&'static str` built at compile time.
macro_rules! latest_screening {
    () => {
        "LEFT JOIN LATERAL (
            SELECT s.final_decision, s.recorded_at FROM screenings s
             WHERE s.registration_id = r.id
             ORDER BY s.recorded_at DESC, s.id DESC LIMIT 1) ls ON true"
    };
}

/// A station's queue: what it waits since, what it joins, who waits there.
/// Binds: $1 drive, $2 station, $3 reception's grace cut-off, $4 limit.
macro_rules! queue_sql {
    ($since:expr, $joins:expr, $waiting:expr) => {
        concat!(
            "SELECT r.id, r.code, d.full_name, u.name AS unit_name, r.source, ",
            $since,
            " AS since, c.called_by, su.display_name AS called_by_name, c.called_at
               FROM registrations r
               JOIN donors d ON d.id = r.donor_id
               LEFT JOIN work_units u ON u.id = r.work_unit_id ",
            $joins,
            " LEFT JOIN station_calls c ON c.registration_id = r.id AND c.station = $2
               LEFT JOIN staff_users su ON su.id = c.called_by
              WHERE r.drive_id = $1 AND ",
            $waiting,
            " ORDER BY since, d.full_name, r.id
              LIMIT $4"
        )
    };
}

const RECEPTION_QUEUE: &str = queue_sql!(
    "sl.starts_at",
    "JOIN slots sl ON sl.id = r.slot_id",
    "r.status = 'booked' AND sl.ends_at > $3"
);
const SCREENING_QUEUE: &str = queue_sql!(
    "r.checked_in_at",
    latest_screening!(),
    "r.status = 'checked_in' AND r.checked_in_at IS NOT NULL \
     AND ls.final_decision IS DISTINCT FROM 'accept'"
);
const DONATION_QUEUE: &str = queue_sql!(
    "ls.recorded_at",
    latest_screening!(),
    "r.status = 'checked_in' AND ls.final_decision = 'accept'"
);

/// Who waits at `station`, oldest first, at most `limit` of them.
pub fn queue(
    conn: &mut PgConnection,
    drive_id: Uuid,
    station: Station,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<QueueEntry>> {
    let sql = match station {
        Station::Reception => RECEPTION_QUEUE,
        Station::Screening => SCREENING_QUEUE,
        Station::Donation => DONATION_QUEUE,
    };
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(drive_id)
        .bind::<Text, _>(station.as_str())
        .bind::<Timestamptz, _>(now - RECEPTION_LATE_GRACE)
        .bind::<BigInt, _>(limit)
        .load(conn)
}

/// The drive's day in numbers, as every station shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, QueryableByName)]
pub struct StationCounts {
    /// Booked in a slot, not yet arrived.
    #[diesel(sql_type = BigInt)]
    pub expected: i64,
    /// Checked in, or further (deferred, donated).
    #[diesel(sql_type = BigInt)]
    pub arrived: i64,
    #[diesel(sql_type = BigInt)]
    pub waiting_screening: i64,
    #[diesel(sql_type = BigInt)]
    pub waiting_donation: i64,
    /// People screened at least once.
    #[diesel(sql_type = BigInt)]
    pub screened: i64,
    #[diesel(sql_type = BigInt)]
    pub deferred: i64,
    /// Complete bags.
    #[diesel(sql_type = BigInt)]
    pub bags: i64,
}

/// The live counts of a drive, in one query.
pub fn counts(conn: &mut PgConnection, drive_id: Uuid) -> QueryResult<StationCounts> {
    diesel::sql_query(concat!(
        "SELECT
           count(*) FILTER (WHERE r.status = 'booked' AND r.slot_id IS NOT NULL) AS expected,
           count(*) FILTER (WHERE r.status IN ('checked_in', 'deferred', 'donated')) AS arrived,
           count(*) FILTER (WHERE r.status = 'checked_in'
                              AND ls.final_decision IS DISTINCT FROM 'accept') AS waiting_screening,
           count(*) FILTER (WHERE r.status = 'checked_in' AND ls.final_decision = 'accept')
             AS waiting_donation,
           count(*) FILTER (WHERE ls.final_decision IS NOT NULL) AS screened,
           count(*) FILTER (WHERE r.status = 'deferred') AS deferred,
           (SELECT count(*) FROM donations dn
             WHERE dn.drive_id = $1 AND dn.outcome = 'complete') AS bags
         FROM registrations r ",
        latest_screening!(),
        " WHERE r.drive_id = $1"
    ))
    .bind::<SqlUuid, _>(drive_id)
    .get_result(conn)
}

/// Calls `id` to `station` for `me`, whoever called them before (a
/// coordinator picking a name from the queue).
pub fn call(conn: &mut PgConnection, id: Uuid, station: Station, me: Uuid) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO station_calls (registration_id, station, called_by, called_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (registration_id, station)
         DO UPDATE SET called_by = EXCLUDED.called_by, called_at = EXCLUDED.called_at",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(station.as_str())
    .bind::<SqlUuid, _>(me)
    .execute(conn)?;
    Ok(())
}

/// Calls `id` for `me` unless another coordinator called them less than
/// [`CALL_EXPIRES`] ago; one statement, so two coordinators racing for the
/// same person cannot both win.
fn try_call(conn: &mut PgConnection, id: Uuid, station: Station, me: Uuid) -> QueryResult<bool> {
    let taken = diesel::sql_query(
        "INSERT INTO station_calls (registration_id, station, called_by, called_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (registration_id, station)
         DO UPDATE SET called_by = EXCLUDED.called_by, called_at = EXCLUDED.called_at
          WHERE station_calls.called_by = EXCLUDED.called_by
             OR station_calls.called_at < now() - make_interval(mins => $4)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(station.as_str())
    .bind::<SqlUuid, _>(me)
    .bind::<diesel::sql_types::Integer, _>(CALL_EXPIRES.num_minutes() as i32)
    .execute(conn)?;
    Ok(taken == 1)
}

/// The person `me` should see next at `station`, from its queue `waiting`
/// (oldest first): the one they already called if still waiting, else the
/// oldest nobody else has called (now called for `me`, and marked so in
/// `waiting`). `None` when the queue is empty or everyone in it is being seen
/// by a colleague.
pub fn call_next(
    conn: &mut PgConnection,
    waiting: &mut [QueueEntry],
    station: Station,
    me: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<Uuid>> {
    if let Some(mine) = waiting.iter().find(|e| e.called_by == Some(me)) {
        return Ok(Some(mine.id));
    }
    for entry in waiting.iter_mut() {
        if entry.called_by_other(me, now) {
            continue;
        }
        if try_call(conn, entry.id, station, me)? {
            entry.called_by = Some(me);
            entry.called_at = Some(now);
            return Ok(Some(entry.id));
        }
    }
    Ok(None)
}

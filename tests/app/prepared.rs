//! The hot path's statements: prepared once per connection, the limits'
//! counting never making anything else's commit skip the disk, and the
//! one-query reads giving what the separate reads gave.

use chrono::Utc;
use diesel::prelude::*;
use diesel::sql_types::Text;

use blood_drive::auth::stranger_limits::{Limit, Scope};
use blood_drive::store::drives::{Drive, InvitedUnit, NewDrive, PublicDrive};
use blood_drive::store::seats::take_seat;
use blood_drive::store::slots::Slot;
use blood_drive::store::stranger_limits::{self, Charge};
use blood_drive::store::units::WorkUnit;

use crate::helpers::fresh_database;

#[derive(QueryableByName)]
struct Statement {
    #[diesel(sql_type = Text)]
    statement: String,
}

fn prepared_statements(conn: &mut PgConnection) -> Vec<String> {
    diesel::sql_query("SELECT statement FROM pg_prepared_statements")
        .load::<Statement>(conn)
        .expect("prepared statements")
        .into_iter()
        .map(|s| s.statement)
        .collect()
}

fn synchronous_commit(conn: &mut PgConnection) -> String {
    #[derive(QueryableByName)]
    struct Setting {
        #[diesel(sql_type = Text)]
        synchronous_commit: String,
    }
    diesel::sql_query("SHOW synchronous_commit")
        .get_result::<Setting>(conn)
        .expect("setting")
        .synchronous_commit
}

fn demo(conn: &mut PgConnection) -> String {
    blood_drive::db::run_migrations(conn).expect("migrate");
    blood_drive::seed::seed_demo(conn, Utc::now())
        .expect("seed")
        .drive_slug
}

fn per_minute(max: u32) -> Vec<Limit> {
    vec![
        Limit {
            max,
            window: chrono::Duration::minutes(1),
        },
        Limit {
            max: 1000,
            window: chrono::Duration::hours(1),
        },
    ]
}

#[test]
fn the_limits_and_the_seat_are_prepared_once_per_connection() {
    let mut conn = PgConnection::establish(&fresh_database()).expect("connect");
    let slug = demo(&mut conn);
    let (drive, slots) = PublicDrive::find_with_slots(&mut conn, &slug).expect("drive");
    for _ in 0..3 {
        PublicDrive::find_with_slots(&mut conn, &slug).expect("drive page");
        stranger_limits::charge(
            &mut conn,
            Scope::Post,
            "10.0.0.1",
            &per_minute(100),
            Utc::now(),
        )
        .expect("charge");
        conn.transaction(|conn| {
            take_seat(conn, drive.id, slots[0].id).map(|_| ())?;
            Err::<(), _>(blood_drive::store::seats::BookingError::SlotFull)
        })
        .expect_err("rolled back");
    }
    let prepared = prepared_statements(&mut conn);
    let count = |needle: &str| prepared.iter().filter(|s| s.contains(needle)).count();
    assert_eq!(count("INSERT INTO stranger_hits"), 1, "{prepared:#?}");
    assert_eq!(count("UPDATE \"slots\" SET \"booked\""), 1, "{prepared:#?}");
    assert_eq!(count("LEFT OUTER JOIN \"slots\""), 1, "{prepared:#?}");
}

#[test]
fn counting_a_stranger_never_makes_another_commit_skip_the_disk() {
    let mut conn = PgConnection::establish(&fresh_database()).expect("connect");
    demo(&mut conn);
    // The test cluster runs without waiting for its disk; the app's runs as
    // PostgreSQL ships, waiting.
    diesel::sql_query("SET synchronous_commit TO on")
        .execute(&mut conn)
        .expect("as shipped");
    let now = Utc::now();
    // On its own: the count's own commit does not wait, and the setting is
    // gone with it.
    for n in 1..=3 {
        let charge =
            stranger_limits::charge(&mut conn, Scope::Register, "10.0.0.2", &per_minute(2), now)
                .expect("charge");
        assert_eq!(charge == Charge::Go, n <= 2, "charge {n}");
        assert_eq!(synchronous_commit(&mut conn), "on", "after charge {n}");
    }
    // Inside a transaction: the transaction's commit stays synchronous.
    conn.transaction(|conn| {
        stranger_limits::charge(conn, Scope::Post, "10.0.0.3", &per_minute(5), now)?;
        assert_eq!(synchronous_commit(conn), "on", "inside the transaction");
        Ok::<_, diesel::result::Error>(())
    })
    .expect("transaction");
    // Two limits on one window: one row, the stricter decides.
    let same_window = vec![
        Limit {
            max: 1,
            window: chrono::Duration::minutes(1),
        },
        Limit {
            max: 5,
            window: chrono::Duration::minutes(1),
        },
    ];
    let first = stranger_limits::charge(&mut conn, Scope::Post, "10.0.0.4", &same_window, now);
    let second = stranger_limits::charge(&mut conn, Scope::Post, "10.0.0.4", &same_window, now);
    assert_eq!(first.expect("first"), Charge::Go);
    assert!(matches!(second.expect("second"), Charge::Wait(_)));
}

#[test]
fn the_one_query_reads_give_what_the_separate_reads_gave() {
    let mut conn = PgConnection::establish(&fresh_database()).expect("connect");
    let slug = demo(&mut conn);
    let drive = Drive::find_by_slug(&mut conn, &slug).expect("drive");

    let (public, slots) = PublicDrive::find_with_slots(&mut conn, &slug).expect("slots");
    assert_eq!(public, drive.public());
    let separate = Slot::for_drive(&mut conn, drive.id).expect("separate");
    assert!(!separate.is_empty());
    assert_eq!(
        format!("{slots:?}"),
        format!("{separate:?}"),
        "same slots, same order"
    );

    let (with_units, units) = Drive::find_by_slug_with_units(&mut conn, &slug).expect("units");
    assert_eq!(with_units.id, drive.id);
    let mut separate: Vec<InvitedUnit> = drive
        .units(&mut conn)
        .expect("units")
        .iter()
        .map(InvitedUnit::from)
        .collect();
    let mut units = units;
    separate.sort_by(|a, b| a.code.cmp(&b.code));
    units.sort_by(|a, b| a.code.cmp(&b.code));
    assert!(!units.is_empty());
    assert_eq!(units, separate);
    // Every code names its own unit.
    for unit in &units {
        let stored = WorkUnit::find_by_code(&mut conn, &unit.code).expect("unit");
        assert_eq!(stored.id, unit.id, "{}", unit.code);
    }

    // A drive without slots yet is still found, with none.
    let empty = Drive::insert(
        &mut conn,
        &NewDrive {
            slug: "no-slots-yet",
            title: "Belum ada sesi",
            drive_date: drive.drive_date,
            time_zone: &drive.time_zone,
            venue: &drive.venue,
            partner: &drive.partner,
            registration_opens_at: drive.registration_opens_at,
            registration_closes_at: drive.registration_closes_at,
            target_bags: 10,
            bag_volume_ml: 350,
            status: "open",
            registration_mode: drive.registration_mode.as_str(),
        },
    )
    .expect("empty drive");
    let (found, none) = PublicDrive::find_with_slots(&mut conn, "no-slots-yet").expect("empty");
    assert_eq!(found, empty.public());
    assert!(none.is_empty());

    // No such drive, or a slug PostgreSQL cannot even hold: not found.
    for slug in ["no-such-drive", "bad\0slug"] {
        assert!(matches!(
            PublicDrive::find_with_slots(&mut conn, slug),
            Err(diesel::result::Error::NotFound)
        ));
        assert!(matches!(
            Drive::find_by_slug_with_units(&mut conn, slug),
            Err(diesel::result::Error::NotFound)
        ));
    }
}

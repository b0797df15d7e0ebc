//! Backup and restore with PostgreSQL's own tools, as the README documents:
//! a full drive survives a pg_dump / pg_restore round trip.

use std::process::Command;

use blood_drive::db::embedded::find_bindir;
use blood_drive::store::invariants::check_all;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::fixtures::{nip, register, slot_ids, valid_fields};
use crate::helpers::{empty_database, scratch_dir, seed_demo, spawn_app};

#[derive(QueryableByName, Debug, PartialEq)]
struct Counts {
    #[diesel(sql_type = BigInt)]
    registrations: i64,
    #[diesel(sql_type = BigInt)]
    donors: i64,
    #[diesel(sql_type = BigInt)]
    booked: i64,
    #[diesel(sql_type = BigInt)]
    audit: i64,
    #[diesel(sql_type = BigInt)]
    staff: i64,
}

fn counts(conn: &mut PgConnection) -> Counts {
    diesel::sql_query(
        "SELECT (SELECT count(*) FROM registrations) AS registrations, \
                (SELECT count(*) FROM donors) AS donors, \
                (SELECT coalesce(sum(booked), 0)::bigint FROM slots) AS booked, \
                (SELECT count(*) FROM audit_log) AS audit, \
                (SELECT count(*) FROM staff_users) AS staff",
    )
    .get_result(conn)
    .expect("counts")
}

#[tokio::test]
async fn a_full_drive_survives_pg_dump_and_pg_restore() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    for i in 0..5 {
        register(
            &app,
            &slug,
            &valid_fields(&nip(i), &slots[i as usize % 3].to_string()),
        )
        .await;
    }
    let mut source = app.conn();
    let before = counts(&mut source);
    assert_eq!(before.registrations, 5);

    let bindir = find_bindir().expect("PostgreSQL binaries");
    let dump = scratch_dir("backup").join("drive.dump");
    let out = Command::new(bindir.join("pg_dump"))
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(&app.database_url)
        .output()
        .expect("pg_dump");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let target_url = empty_database();
    let out = Command::new(bindir.join("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&target_url)
        .arg(&dump)
        .output()
        .expect("pg_restore");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut restored = PgConnection::establish(&target_url).expect("restored db");
    assert_eq!(counts(&mut restored), before);
    assert_eq!(check_all(&mut restored).expect("check"), vec![]);
    // The restored database is a working one: migrations see themselves applied.
    assert!(
        blood_drive::db::run_migrations(&mut restored)
            .expect("migrate")
            .is_empty()
    );
}

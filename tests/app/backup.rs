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

/// Runs the `blood-drive` binary with `env` (and nothing of the test's own
/// database settings); returns success and what it printed.
fn blood_drive(args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_blood-drive"));
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("DATA_DIR")
        .env("RUST_LOG", "warn");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("blood-drive");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

async fn drive_with_registrations(n: u32) -> crate::helpers::TestApp {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    for i in 0..n {
        register(
            &app,
            &slug,
            &valid_fields(&nip(100 + i), &slots[i as usize % 3].to_string()),
        )
        .await;
    }
    app
}

#[tokio::test]
async fn backup_and_restore_commands_round_trip_a_drive_and_check_passes() {
    let app = drive_with_registrations(4).await;
    let before = counts(&mut app.conn());
    let dump = scratch_dir("backup-command").join("drive.dump");
    let dump_arg = dump.to_string_lossy().to_string();

    let (ok, said) = blood_drive(
        &["backup", "--out", &dump_arg],
        &[("DATABASE_URL", &app.database_url)],
    );
    assert!(ok, "{said}");
    assert!(said.contains("4 registrations"), "{said}");
    let (ok, said) = blood_drive(
        &["backup", "--out", &dump_arg],
        &[("DATABASE_URL", &app.database_url)],
    );
    assert!(
        !ok && said.contains("--force"),
        "an existing file is kept: {said}"
    );

    let target = empty_database();
    let (ok, said) = blood_drive(&["restore", &dump_arg], &[("DATABASE_URL", &target)]);
    assert!(ok, "{said}");
    assert!(said.contains("all invariants hold"), "{said}");
    let (ok, said) = blood_drive(&["check"], &[("DATABASE_URL", &target)]);
    assert!(ok, "{said}");
    assert_eq!(
        counts(&mut PgConnection::establish(&target).expect("db")),
        before
    );
}

#[tokio::test]
async fn restore_refuses_a_database_with_data_unless_forced() {
    let app = drive_with_registrations(2).await;
    let dump = scratch_dir("backup-force").join("drive.dump");
    let dump_arg = dump.to_string_lossy().to_string();
    let (ok, said) = blood_drive(
        &["backup", "--out", &dump_arg],
        &[("DATABASE_URL", &app.database_url)],
    );
    assert!(ok, "{said}");

    // Another drive's database, with one more registration than the backup.
    let other = drive_with_registrations(3).await;
    let (ok, said) = blood_drive(
        &["restore", &dump_arg],
        &[("DATABASE_URL", &other.database_url)],
    );
    assert!(!ok, "{said}");
    assert!(
        said.contains("not empty") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(
        counts(&mut other.conn()).registrations,
        3,
        "nothing touched"
    );

    // Not a backup at all: refused before anything is dropped.
    let junk = scratch_dir("backup-junk").join("junk.dump");
    std::fs::write(&junk, b"=HYPERLINK(\"http://x\")").expect("junk");
    let (ok, said) = blood_drive(
        &["restore", "--force", &junk.to_string_lossy()],
        &[("DATABASE_URL", &other.database_url)],
    );
    assert!(!ok, "{said}");
    assert_eq!(
        counts(&mut other.conn()).registrations,
        3,
        "nothing dropped"
    );

    let (ok, said) = blood_drive(
        &["restore", "--force", &dump_arg],
        &[("DATABASE_URL", &other.database_url)],
    );
    assert!(ok, "{said}");
    assert_eq!(counts(&mut other.conn()).registrations, 2);
}

#[tokio::test]
async fn the_commands_work_on_the_embedded_cluster() {
    let app = drive_with_registrations(3).await;
    let dir = scratch_dir("backup-embedded");
    let dump = dir.join("drive.dump");
    let dump_arg = dump.to_string_lossy().to_string();
    let (ok, said) = blood_drive(
        &["backup", "--out", &dump_arg],
        &[("DATABASE_URL", &app.database_url)],
    );
    assert!(ok, "{said}");

    // A fresh DATA_DIR: the command starts the embedded cluster, restores, stops it.
    let data = dir.join("data");
    let data_arg = data.to_string_lossy().to_string();
    let (ok, said) = blood_drive(&["restore", &dump_arg], &[("DATA_DIR", &data_arg)]);
    assert!(ok, "{said}");
    let (ok, said) = blood_drive(&["check"], &[("DATA_DIR", &data_arg)]);
    assert!(ok, "{said}");
    let again = dir.join("again.dump");
    let (ok, said) = blood_drive(
        &["backup", "--out", &again.to_string_lossy()],
        &[("DATA_DIR", &data_arg)],
    );
    assert!(ok, "{said}");
    assert!(said.contains("3 registrations"), "{said}");
}

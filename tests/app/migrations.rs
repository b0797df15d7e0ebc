//! Every migration goes down and comes back up.

use blood_drive::db;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::helpers::fresh_database;

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn table_count(conn: &mut PgConnection) -> i64 {
    diesel::sql_query(
        "SELECT count(*) AS n FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .get_result::<Count>(conn)
    .expect("count")
    .n
}

#[test]
fn migrations_revert_completely_and_apply_again() {
    let url = fresh_database();
    let mut conn = PgConnection::establish(&url).expect("connect");
    let before = table_count(&mut conn);
    assert!(before >= 13, "core tables exist: {before}");
    let reverted = db::revert_all_migrations(&mut conn).expect("down");
    assert!(reverted >= 1);
    assert_eq!(table_count(&mut conn), 0, "down.sql leaves nothing behind");
    let applied = db::run_migrations(&mut conn).expect("up");
    assert_eq!(applied.len(), reverted);
    assert_eq!(table_count(&mut conn), before);
}

/// A database from before 2026-11-30-000001, holding what the app wrote then:
/// the migration moves walk-in reasons to their registration (unless the donor
/// was erased) and scrubs answers, free text and search terms from the audit
/// log, leaving flags in their place.
#[test]
fn old_audit_lines_lose_answers_free_text_and_search_terms() {
    use blood_drive::db::schema::{audit_log, registrations};
    use diesel::connection::SimpleConnection;
    use diesel_migrations::MigrationHarness;

    let url = fresh_database();
    let mut conn = PgConnection::establish(&url).expect("connect");
    loop {
        let version = conn
            .revert_last_migration(db::MIGRATIONS)
            .expect("down")
            .to_string();
        if version.replace('-', "").starts_with("20261130000001") {
            break;
        }
    }
    conn.batch_execute(
        "INSERT INTO drives (id, slug, title, drive_date, time_zone, venue, partner,
             registration_opens_at, registration_closes_at, target_bags, bag_volume_ml, status)
         VALUES ('d0000000-0000-0000-0000-000000000001', 'old-drive', 'Donor', '2027-01-17',
             'Asia/Makassar', 'Aula', 'PMI', now(), now() + interval '1 day', 60, 350, 'open');
         INSERT INTO slots (id, drive_id, starts_at, ends_at, capacity)
         VALUES ('50000000-0000-0000-0000-000000000001', 'd0000000-0000-0000-0000-000000000001',
             '2027-01-17 00:00+00', '2027-01-17 00:30+00', 0);
         INSERT INTO donors (id, nip, employee_type, full_name, sex, birth_date) VALUES
             ('a0000000-0000-0000-0000-000000000001', '198503122010011002', 'pns', 'Yohanes',
              'male', '1985-03-12');
         INSERT INTO donors (id, employee_type, full_name, sex, erased_at) VALUES
             ('a0000000-0000-0000-0000-000000000002', 'pns', '', 'female', now());
         INSERT INTO registrations (id, drive_id, donor_id, slot_id, status, over_capacity,
             prescreen_verdict, code, manage_token_hash, source, sex, age_years, first_time)
         VALUES
             ('e0000000-0000-0000-0000-000000000001', 'd0000000-0000-0000-0000-000000000001',
              'a0000000-0000-0000-0000-000000000001', '50000000-0000-0000-0000-000000000001',
              'checked_in', true, 'eligible', 'AAAAAAA1', decode(repeat('ab', 32), 'hex'),
              'walk_in', 'male', 41, false),
             ('e0000000-0000-0000-0000-000000000002', 'd0000000-0000-0000-0000-000000000001',
              'a0000000-0000-0000-0000-000000000002', '50000000-0000-0000-0000-000000000001',
              'checked_in', true, 'eligible', 'AAAAAAA2', decode(repeat('cd', 32), 'hex'),
              'walk_in', 'female', 38, true);
         INSERT INTO audit_log (actor_kind, action, entity_type, entity_id, details) VALUES
             ('system', 'registration.walk_in', 'registration',
              'e0000000-0000-0000-0000-000000000001',
              '{\"code\": \"AAAAAAA1\", \"over_capacity\": true,
                \"over_capacity_reason\": \"Kepala kantor minta\"}'),
             ('system', 'registration.walk_in', 'registration',
              'e0000000-0000-0000-0000-000000000002',
              '{\"code\": \"AAAAAAA2\", \"over_capacity\": true,
                \"over_capacity_reason\": \"Rahasia pendonor terhapus\"}'),
             ('system', 'registration.check_in', 'registration',
              'e0000000-0000-0000-0000-000000000001',
              '{\"code\": \"AAAAAAA1\", \"from_status\": \"booked\",
                \"day_of\": {\"fever_last_7_days\": false, \"medication_last_3_days\": true,
                             \"slept_under_4_hours\": false}}'),
             ('system', 'screening.record', 'registration',
              'e0000000-0000-0000-0000-000000000001',
              '{\"code\": \"AAAAAAA1\", \"suggested\": \"accept\", \"decision\": \"defer\",
                \"override_reason\": \"Pusing setelah puasa\", \"deferral_reason\": \"other\"}'),
             ('system', 'screening.record', 'registration',
              'e0000000-0000-0000-0000-000000000001',
              '{\"code\": \"AAAAAAA1\", \"suggested\": \"accept\", \"decision\": \"accept\",
                \"override_reason\": null}'),
             ('system', 'roster.export', 'drive', 'd0000000-0000-0000-0000-000000000001',
              '{\"format\": \"csv\", \"rows\": 1, \"q\": \"Yohanes\"}'),
             ('system', 'roster.export', 'drive', 'd0000000-0000-0000-0000-000000000001',
              '{\"format\": \"csv\", \"rows\": 2, \"q\": \"  \"}');",
    )
    .expect("the old data");

    db::run_migrations(&mut conn).expect("up");

    let details: Vec<serde_json::Value> = audit_log::table
        .order(audit_log::id.asc())
        .select(audit_log::details)
        .load(&mut conn)
        .expect("audit");
    assert_eq!(
        details,
        vec![
            serde_json::json!({ "code": "AAAAAAA1", "over_capacity": true }),
            serde_json::json!({ "code": "AAAAAAA2", "over_capacity": true }),
            serde_json::json!({ "code": "AAAAAAA1", "from_status": "booked" }),
            serde_json::json!({ "code": "AAAAAAA1", "suggested": "accept", "decision": "defer",
                                "overridden": true, "deferral_reason": "other" }),
            serde_json::json!({ "code": "AAAAAAA1", "suggested": "accept", "decision": "accept",
                                "overridden": false }),
            serde_json::json!({ "format": "csv", "rows": 1, "searched": true }),
            serde_json::json!({ "format": "csv", "rows": 2, "searched": false }),
        ]
    );
    let reasons: Vec<Option<String>> = registrations::table
        .order(registrations::code.asc())
        .select(registrations::over_capacity_reason)
        .load(&mut conn)
        .expect("reasons");
    assert_eq!(
        reasons,
        vec![Some("Kepala kantor minta".to_owned()), None],
        "moved to the registration, unless its donor was erased"
    );
    // The log is append-only again.
    assert!(
        conn.batch_execute("UPDATE audit_log SET details = '{}'")
            .is_err()
    );
}

/// Registrations (id, status), screenings and donations, in a stable order.
fn records(
    conn: &mut PgConnection,
) -> (Vec<(uuid::Uuid, String)>, Vec<uuid::Uuid>, Vec<uuid::Uuid>) {
    use blood_drive::db::schema::{donations, registrations, screenings};
    (
        registrations::table
            .order(registrations::id)
            .select((registrations::id, registrations::status))
            .load(conn)
            .expect("registrations"),
        screenings::table
            .order(screenings::id)
            .select(screenings::id)
            .load(conn)
            .expect("screenings"),
        donations::table
            .order(donations::id)
            .select(donations::id)
            .load(conn)
            .expect("donations"),
    )
}

/// `tests/fixtures/first_release.sql` is a pg_dump of a database made by the
/// first release's schema and filled with a drive's data (made once by
/// `tests/fixtures/make_first_release.sh`). Today's migrations take it over
/// with every registration, screening and donation kept, and `check` passes.
#[test]
fn a_first_release_database_upgrades_with_every_record_kept() {
    use blood_drive::db::schema::{audit_log, drives, registrations};
    let url = crate::helpers::empty_database();
    let bindir = blood_drive::db::embedded::find_bindir().expect("PostgreSQL binaries");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/first_release.sql"
    );
    let out = std::process::Command::new(bindir.join("psql"))
        .args(["-q", "-X", "-v", "ON_ERROR_STOP=1", "-f", fixture, "-d"])
        .arg(&url)
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut conn = PgConnection::establish(&url).expect("connection");
    let before = records(&mut conn);
    assert_eq!((before.0.len(), before.1.len(), before.2.len()), (8, 4, 2));
    let applied = db::run_migrations(&mut conn).expect("today's migrations");
    assert!(
        !applied.is_empty(),
        "the first release's database is behind"
    );
    assert_eq!(
        records(&mut conn),
        before,
        "every record kept, statuses unchanged"
    );
    assert_eq!(
        blood_drive::store::invariants::check_all(&mut conn).expect("check"),
        vec![]
    );

    // What the later migrations promised for old data holds too.
    let mode: String = drives::table
        .select(drives::registration_mode)
        .first(&mut conn)
        .expect("drive");
    assert_eq!(
        mode, "open",
        "a drive of the first release stays open to all"
    );
    let reason: Option<String> = registrations::table
        .filter(registrations::code.eq("G7H8J9K0"))
        .select(registrations::over_capacity_reason)
        .first(&mut conn)
        .expect("walk-in");
    assert_eq!(
        reason.as_deref(),
        Some("Pegawai honorer datang bersama rombongan"),
        "the walk-in's reason moved out of the audit log"
    );
    let details: Vec<serde_json::Value> = audit_log::table
        .select(audit_log::details)
        .load(&mut conn)
        .expect("audit");
    assert!(
        details.iter().all(|d| d.get("day_of").is_none()
            && d.get("override_reason").is_none()
            && d.get("over_capacity_reason").is_none()),
        "no health answers or free text left in the audit log: {details:?}"
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_blood-drive"))
        .arg("check")
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("blood-drive check");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

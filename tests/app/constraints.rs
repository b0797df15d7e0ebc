//! The schema protects the data on its own: each rule violated on purpose.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::helpers::fresh_database;

fn conn() -> PgConnection {
    PgConnection::establish(&fresh_database()).expect("connect")
}

fn exec(conn: &mut PgConnection, sql: &str) -> QueryResult<usize> {
    diesel::sql_query(sql).execute(conn)
}

fn ok(conn: &mut PgConnection, sql: &str) {
    exec(conn, sql).unwrap_or_else(|e| panic!("{sql}\n-> {e}"));
}

fn refused(conn: &mut PgConnection, sql: &str) -> (DatabaseErrorKind, String) {
    match exec(conn, sql) {
        Err(Error::DatabaseError(kind, info)) => (
            kind,
            info.constraint_name().unwrap_or(info.message()).to_owned(),
        ),
        other => panic!("expected a refusal for {sql}, got {other:?}"),
    }
}

const DRIVE: &str = "11111111-1111-1111-1111-111111111111";
const SLOT: &str = "22222222-2222-2222-2222-222222222222";
const DONOR: &str = "33333333-3333-3333-3333-333333333333";
const STAFF: &str = "44444444-4444-4444-4444-444444444444";

/// A drive, a slot of capacity 2, a donor and a staff user.
fn fixture(conn: &mut PgConnection) {
    ok(
        conn,
        &format!(
            "INSERT INTO drives (id, slug, title, drive_date, time_zone, venue, partner, registration_opens_at, \
         registration_closes_at, target_bags, bag_volume_ml, status) VALUES ('{DRIVE}', 'hbi-77', 'Donor', \
         '2027-01-17', 'Asia/Makassar', 'Aula', 'PMI', now(), now() + interval '1 day', 60, 350, 'open')"
        ),
    );
    ok(
        conn,
        &format!(
            "INSERT INTO slots (id, drive_id, starts_at, ends_at, capacity) VALUES ('{SLOT}', '{DRIVE}', \
         '2027-01-17 00:00+00', '2027-01-17 00:30+00', 2)"
        ),
    );
    ok(
        conn,
        &format!(
            "INSERT INTO donors (id, nip, employee_type, full_name, sex, birth_date) VALUES ('{DONOR}', \
         '198503122010011002', 'pns', 'Yohanes', 'male', '1985-03-12')"
        ),
    );
    ok(
        conn,
        &format!(
            "INSERT INTO staff_users (id, username, display_name, role, password_hash) VALUES ('{STAFF}', \
         'pmi', 'PMI', 'pmi', '$argon2id$v=19$x')"
        ),
    );
}

fn registration(id: &str, donor: &str, status: &str, code: &str, hash_byte: u8) -> String {
    let slot = if status == "waitlisted" {
        "NULL".to_owned()
    } else {
        format!("'{SLOT}'")
    };
    let waitlisted = if status == "waitlisted" {
        "now()"
    } else {
        "NULL"
    };
    let cancelled = if status == "cancelled" {
        "now()"
    } else {
        "NULL"
    };
    format!(
        "INSERT INTO registrations (id, drive_id, donor_id, slot_id, status, waitlisted_at, cancelled_at, \
         prescreen_verdict, code, manage_token_hash, source, sex, age_years, first_time) VALUES ('{id}', \
         '{DRIVE}', '{donor}', {slot}, '{status}', {waitlisted}, {cancelled}, 'eligible', '{code}', \
         decode(repeat('{hash_byte:02x}', 32), 'hex'), 'self', 'male', 41, true)"
    )
}

#[test]
fn nip_and_nik_are_unique_and_well_formed() {
    let mut c = conn();
    fixture(&mut c);
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO donors (nip, employee_type, full_name, sex, birth_date) VALUES \
         ('198503122010011002', 'pns', 'Kembar', 'male', '1985-03-12')",
    );
    assert_eq!(kind, DatabaseErrorKind::UniqueViolation);
    ok(
        &mut c,
        "INSERT INTO donors (nik, employee_type, full_name, sex, birth_date) VALUES \
         ('5371015203900001', 'non_asn', 'Maria', 'female', '1990-03-12')",
    );
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO donors (nik, employee_type, full_name, sex, birth_date) VALUES \
         ('5371015203900001', 'non_asn', 'Maria 2', 'female', '1990-03-12')",
    );
    assert_eq!(kind, DatabaseErrorKind::UniqueViolation);
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO donors (nip, employee_type, full_name, sex, birth_date) VALUES \
         ('12345', 'pns', 'Pendek', 'male', '1985-03-12')",
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO donors (employee_type, full_name, sex, birth_date) VALUES \
         ('pns', 'Tanpa Nomor', 'male', '1985-03-12')",
    );
    assert_eq!(
        kind,
        DatabaseErrorKind::CheckViolation,
        "NIP or NIK required"
    );
}

#[test]
fn one_active_registration_per_donor_per_drive() {
    let mut c = conn();
    fixture(&mut c);
    ok(
        &mut c,
        &registration(
            "a0000000-0000-0000-0000-000000000001",
            DONOR,
            "cancelled",
            "AAAAAAA1",
            1,
        ),
    );
    ok(
        &mut c,
        &registration(
            "a0000000-0000-0000-0000-000000000002",
            DONOR,
            "booked",
            "AAAAAAA2",
            2,
        ),
    );
    let (kind, name) = refused(
        &mut c,
        &registration(
            "a0000000-0000-0000-0000-000000000003",
            DONOR,
            "waitlisted",
            "AAAAAAA3",
            3,
        ),
    );
    assert_eq!(kind, DatabaseErrorKind::UniqueViolation);
    assert_eq!(name, "registrations_one_active_per_drive");
}

#[test]
fn a_slot_never_holds_more_than_its_capacity() {
    let mut c = conn();
    fixture(&mut c);
    ok(
        &mut c,
        &format!("UPDATE slots SET booked = 2 WHERE id = '{SLOT}'"),
    );
    let (kind, _) = refused(
        &mut c,
        &format!("UPDATE slots SET booked = 3 WHERE id = '{SLOT}'"),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
    let (kind, _) = refused(
        &mut c,
        &format!("UPDATE slots SET capacity = 1 WHERE id = '{SLOT}'"),
    );
    assert_eq!(
        kind,
        DatabaseErrorKind::CheckViolation,
        "capacity never below bookings"
    );
    let (kind, _) = refused(
        &mut c,
        &format!("UPDATE slots SET booked = -1 WHERE id = '{SLOT}'"),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
}

#[test]
fn bag_numbers_are_unique_within_a_drive() {
    let mut c = conn();
    fixture(&mut c);
    ok(
        &mut c,
        "INSERT INTO donors (id, nik, employee_type, full_name, sex, birth_date) VALUES \
        ('55555555-5555-5555-5555-555555555555', '5371011203850002', 'non_asn', 'Dua', 'male', '1985-03-12')",
    );
    ok(
        &mut c,
        &registration(
            "b0000000-0000-0000-0000-000000000001",
            DONOR,
            "donated",
            "BBBBBBB1",
            4,
        ),
    );
    ok(
        &mut c,
        &registration(
            "b0000000-0000-0000-0000-000000000002",
            "55555555-5555-5555-5555-555555555555",
            "donated",
            "BBBBBBB2",
            5,
        ),
    );
    let donation = |reg: &str| {
        format!(
            "INSERT INTO donations (registration_id, drive_id, bag_number, volume_ml, outcome, recorded_by) \
         VALUES ('{reg}', '{DRIVE}', 'KPG-0001', 350, 'complete', '{STAFF}')"
        )
    };
    ok(&mut c, &donation("b0000000-0000-0000-0000-000000000001"));
    let (kind, _) = refused(&mut c, &donation("b0000000-0000-0000-0000-000000000002"));
    assert_eq!(kind, DatabaseErrorKind::UniqueViolation);
}

#[test]
fn statuses_and_blood_groups_are_constrained() {
    let mut c = conn();
    fixture(&mut c);
    let (kind, _) = refused(
        &mut c,
        &registration(
            "c0000000-0000-0000-0000-000000000001",
            DONOR,
            "maybe",
            "CCCCCCC1",
            6,
        ),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
    let (kind, _) = refused(
        &mut c,
        &format!("UPDATE donors SET blood_group = 'C' WHERE id = '{DONOR}'"),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
    let (kind, _) = refused(
        &mut c,
        &format!("UPDATE drives SET status = 'paused' WHERE id = '{DRIVE}'"),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
    let (kind, _) = refused(
        &mut c,
        &format!("UPDATE drives SET bag_volume_ml = 500 WHERE id = '{DRIVE}'"),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
    // A booked registration must have a slot; a waitlisted one must not.
    let (kind, _) = refused(
        &mut c,
        &registration(
            "c0000000-0000-0000-0000-000000000002",
            DONOR,
            "booked",
            "CCCCCCC2",
            7,
        )
        .replace(&format!("'{SLOT}', 'booked'"), "NULL, 'booked'"),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
}

#[test]
fn foreign_keys_hold_everywhere() {
    let mut c = conn();
    fixture(&mut c);
    let (kind, _) = refused(
        &mut c,
        &registration(
            "d0000000-0000-0000-0000-000000000001",
            "99999999-9999-9999-9999-999999999999",
            "booked",
            "DDDDDDD1",
            8,
        ),
    );
    assert_eq!(kind, DatabaseErrorKind::ForeignKeyViolation);
    // A slot of another drive cannot be booked.
    ok(
        &mut c,
        "INSERT INTO drives (id, slug, title, drive_date, time_zone, venue, partner, registration_opens_at, \
         registration_closes_at, target_bags, bag_volume_ml) VALUES ('66666666-6666-6666-6666-666666666666', \
         'other', 'Other', '2027-02-01', 'Asia/Makassar', 'X', 'PMI', now(), now() + interval '1 day', 10, 350)",
    );
    let other_drive = registration(
        "d0000000-0000-0000-0000-000000000002",
        DONOR,
        "booked",
        "DDDDDDD2",
        9,
    )
    .replace(
        &format!("'{DRIVE}', '{DONOR}'"),
        &format!("'66666666-6666-6666-6666-666666666666', '{DONOR}'"),
    );
    let (kind, _) = refused(&mut c, &other_drive);
    assert_eq!(kind, DatabaseErrorKind::ForeignKeyViolation);
    let (kind, _) = refused(
        &mut c,
        &format!(
            "INSERT INTO screenings (registration_id, weight_kg, hb_g_dl, systolic, diastolic, pulse, temperature_c, \
         suggested_decision, final_decision, recorded_by) VALUES ('99999999-9999-9999-9999-999999999999', 60, 13, \
         120, 80, 70, 36.8, 'accept', 'accept', '{STAFF}')"
        ),
    );
    assert_eq!(kind, DatabaseErrorKind::ForeignKeyViolation);
}

#[test]
fn screening_overrides_need_a_reason_and_deferrals_a_category() {
    let mut c = conn();
    fixture(&mut c);
    ok(
        &mut c,
        &registration(
            "e0000000-0000-0000-0000-000000000001",
            DONOR,
            "checked_in",
            "EEEEEEE1",
            10,
        ),
    );
    let screening = |suggested: &str, final_: &str, extra_cols: &str, extra_vals: &str| {
        format!(
            "INSERT INTO screenings (registration_id, weight_kg, hb_g_dl, systolic, diastolic, pulse, temperature_c, \
         suggested_decision, final_decision, recorded_by{extra_cols}) VALUES ('e0000000-0000-0000-0000-000000000001', \
         60, 13, 120, 80, 70, 36.8, '{suggested}', '{final_}', '{STAFF}'{extra_vals})"
        )
    };
    let (kind, _) = refused(
        &mut c,
        &screening("accept", "defer", ", deferral_reason", ", 'other'"),
    );
    assert_eq!(
        kind,
        DatabaseErrorKind::CheckViolation,
        "override without reason"
    );
    let (kind, _) = refused(&mut c, &screening("defer", "defer", "", ""));
    assert_eq!(
        kind,
        DatabaseErrorKind::CheckViolation,
        "deferral without category"
    );
    let (kind, _) = refused(
        &mut c,
        &screening("accept", "accept", "", "").replace("60, 13,", "60, 125,"),
    );
    assert_eq!(kind, DatabaseErrorKind::CheckViolation, "Hb 125 is a typo");
    ok(
        &mut c,
        &screening(
            "accept",
            "defer",
            ", deferral_reason, override_reason",
            ", 'other', 'pucat'",
        ),
    );
}

#[test]
fn the_audit_log_is_append_only() {
    let mut c = conn();
    ok(
        &mut c,
        "INSERT INTO audit_log (actor_kind, action, entity_type) VALUES ('system', 'drive.create', 'drive')",
    );
    assert!(exec(&mut c, "UPDATE audit_log SET action = 'drive.delete'").is_err());
    assert!(exec(&mut c, "DELETE FROM audit_log").is_err());
    assert!(exec(&mut c, "TRUNCATE audit_log").is_err());
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO audit_log (actor_kind, action, entity_type) VALUES ('staff', 'user.login', 'staff_user')",
    );
    assert_eq!(
        kind,
        DatabaseErrorKind::CheckViolation,
        "staff actions name the user"
    );
}

#[test]
fn usernames_are_unique_whatever_the_case() {
    let mut c = conn();
    fixture(&mut c);
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO staff_users (username, display_name, role, password_hash) VALUES \
         ('PMI', 'x', 'pmi', '$argon2id$v=19$x')",
    );
    // Uppercase is refused by the format check before uniqueness is even asked.
    assert_eq!(kind, DatabaseErrorKind::CheckViolation);
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO staff_users (username, display_name, role, password_hash) VALUES \
         ('pmi', 'x', 'pmi', '$argon2id$v=19$x')",
    );
    assert_eq!(kind, DatabaseErrorKind::UniqueViolation);
    let (kind, _) = refused(
        &mut c,
        "INSERT INTO staff_users (username, display_name, role, password_hash) VALUES \
         ('plain', 'x', 'pmi', 'hunter2')",
    );
    assert_eq!(
        kind,
        DatabaseErrorKind::CheckViolation,
        "only argon2id hashes are stored"
    );
}

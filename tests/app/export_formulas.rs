//! Exports cannot carry formulas (OWASP "CSV injection"): a donor or unit named
//! `=HYPERLINK(...)` reaches every CSV as text starting with `'`, and every
//! XLSX as a string cell, never a formula.

use std::io::Cursor;

use blood_drive::db::schema::{donors, work_units};
use blood_drive::domain::vocab::Role;
use diesel::prelude::*;

use crate::expect::assert_status;
use crate::fixtures::{nip, register, slot_ids, valid_fields};
use crate::helpers::{TestApp, scratch_dir, seed_demo, spawn_app};

/// Sent through the registration form as it is.
const HYPERLINK: &str = "=HYPERLINK(\"http://x.example\",\"klik\")";
/// The form tidies a leading tab away, so these are written straight into the
/// database: it is the export that is under test.
const STORED: [&str; 4] = [
    "+62 812 jahat",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
];

/// The demo drive with one donor per hostile name; returns the drive's slug.
async fn drive_with_hostile_names(app: &TestApp) -> String {
    let slug = seed_demo(app);
    let slots = slot_ids(app);
    let mut fields = valid_fields(&nip(1), &slots[0].to_string());
    for (key, value) in &mut fields {
        if *key == "full_name" {
            *value = HYPERLINK.to_owned();
        }
    }
    register(app, &slug, &fields).await;
    for (i, name) in STORED.iter().enumerate() {
        let serial = i as u32 + 2;
        register(
            app,
            &slug,
            &valid_fields(&nip(serial), &slots[i % slots.len()].to_string()),
        )
        .await;
        diesel::update(donors::table.filter(donors::nip.eq(nip(serial))))
            .set(donors::full_name.eq(*name))
            .execute(&mut app.conn())
            .expect("hostile name");
    }
    let stored: Vec<String> = donors::table
        .select(donors::full_name)
        .load(&mut app.conn())
        .expect("names");
    assert!(
        stored.iter().any(|n| n == HYPERLINK),
        "the form keeps the name as typed: {stored:?}"
    );
    slug
}

fn all_names() -> Vec<&'static str> {
    std::iter::once(HYPERLINK).chain(STORED).collect()
}

/// The records of a CSV that starts with a byte-order mark.
fn records(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    csv::Reader::from_reader(body)
        .records()
        .map(|r| r.expect("record"))
        .collect()
}

/// Every hostile name is in `column` of some record, as `'` + the name.
fn assert_quoted(what: &str, records: &[csv::StringRecord], column: usize) {
    for name in all_names() {
        let quoted = format!("'{name}");
        assert!(
            records.iter().any(|r| r[column] == quoted),
            "{what}: no cell {quoted:?} in column {column}: {:?}",
            records.iter().map(|r| &r[column]).collect::<Vec<_>>()
        );
    }
    for r in records {
        assert!(
            !r[column].starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{what}: {:?} would run as a formula",
            &r[column]
        );
    }
}

#[tokio::test]
async fn donor_exports_keep_formula_names_as_text() {
    let app = spawn_app().await;
    let slug = drive_with_hostile_names(&app).await;
    let (organizer, _) = app.login_as(Role::Organizer).await;

    let res = organizer
        .get(&format!("/admin/drives/{slug}/exports/donors.csv"))
        .await;
    assert_status(&res, 200);
    let rows = records(&res.bytes().await.expect("csv"));
    assert_quoted("donors.csv", &rows, 3);

    let res = organizer
        .get(&format!("/admin/drives/{slug}/exports/donors.xlsx"))
        .await;
    assert_status(&res, 200);
    let bytes = res.bytes().await.expect("xlsx");
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("sheet");
    let formulas = book.worksheet_formula(&sheet).expect("formulas");
    for name in all_names() {
        let (row, _) = range
            .rows()
            .enumerate()
            .find(|(_, r)| r.get(3) == Some(&Data::String(name.to_owned())))
            .unwrap_or_else(|| panic!("donors.xlsx: no string cell {name:?}"));
        let formula = formulas.get_value((row as u32, 3));
        assert!(
            formula.is_none_or(|f| f.is_empty()),
            "donors.xlsx: {name:?} is a formula {formula:?}"
        );
    }
    assert_eq!(
        formulas.used_cells().count(),
        0,
        "donors.xlsx holds no formula at all"
    );
}

#[tokio::test]
async fn the_pmi_roster_csv_keeps_formula_names_as_text() {
    let app = spawn_app().await;
    let slug = drive_with_hostile_names(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let res = pmi.get(&format!("/pmi/drives/{slug}/roster.csv")).await;
    assert_status(&res, 200);
    let rows = records(&res.bytes().await.expect("csv"));
    assert_quoted("roster.csv", &rows, 2);
}

#[tokio::test]
async fn count_and_command_line_exports_keep_formulas_as_text() {
    let app = spawn_app().await;
    let slug = drive_with_hostile_names(&app).await;
    // A unit's name is typed by an organizer: it is a label in counts.csv.
    diesel::update(work_units::table.filter(work_units::code.eq("KANIM-KUPANG")))
        .set(work_units::name.eq(HYPERLINK))
        .execute(&mut app.conn())
        .expect("unit name");
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let res = organizer
        .get(&format!("/admin/drives/{slug}/exports/counts.csv"))
        .await;
    assert_status(&res, 200);
    let rows = records(&res.bytes().await.expect("csv"));
    let quoted = format!("'{HYPERLINK}");
    assert!(
        rows.iter().any(|r| &r[0] == "units" && r[2] == quoted),
        "counts.csv: the unit's label is text"
    );
    assert!(
        rows.iter().all(|r| !r[2].starts_with('=')),
        "counts.csv: no label is a formula"
    );

    let out = scratch_dir(&format!("export-{}", uuid::Uuid::new_v4().simple())).join("roster.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_blood-drive"))
        .args(["export", "roster", "--drive", &slug, "--format", "csv"])
        .arg("--out")
        .arg(&out)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .status()
        .expect("running blood-drive export");
    assert!(status.success());
    let rows = records(&std::fs::read(&out).expect("roster.csv"));
    assert_quoted("export roster --format csv", &rows, 3);
}

//! Counts of a full drive against a hand-computed fixture: the same numbers in
//! the store, on the dashboard, in counts.csv and cell by cell in counts.xlsx.

use std::collections::BTreeMap;
use std::io::Cursor;

use blood_drive::domain::vocab::Role;
use blood_drive::i18n::Lang;

use crate::expect::{assert_says_in, assert_status, assert_status_for, says};
use crate::fixtures::{RECORDED_SLUG, recorded_drive};
use crate::helpers::{TestApp, spawn_app};

/// The hand-computed numbers: (table, row, column, value as in the CSV).
fn expected() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    vec![
        ("summary", "target", "value", "10"),
        ("summary", "donated", "value", "5"),
        ("summary", "percent_of_target", "value", "50.0"),
        ("summary", "volume_ml", "value", "1750"),
        ("summary", "registered", "value", "13"),
        ("summary", "booked", "value", "1"),
        ("summary", "waitlisted", "value", "1"),
        ("summary", "cancelled", "value", "1"),
        ("summary", "checked_in", "value", "10"),
        ("summary", "deferred", "value", "3"),
        ("summary", "no_show", "value", "1"),
        ("summary", "donation_incomplete", "value", "1"),
        ("blood_groups", "A", "rh_positive", "3"),
        ("blood_groups", "A", "rh_negative", "0"),
        ("blood_groups", "A", "bags", "3"),
        ("blood_groups", "B", "bags", "0"),
        ("blood_groups", "AB", "bags", "0"),
        ("blood_groups", "O", "rh_positive", "1"),
        ("blood_groups", "O", "rh_negative", "1"),
        ("blood_groups", "O", "bags", "2"),
        ("blood_groups", "unknown", "bags", "0"),
        ("blood_groups", "total", "rh_positive", "4"),
        ("blood_groups", "total", "rh_negative", "1"),
        ("blood_groups", "total", "bags", "5"),
        // No bag's group was tested by PMI: every known group is the donor's word.
        ("blood_groups", "A", "declared_only", "3"),
        ("blood_groups", "O", "declared_only", "2"),
        ("blood_groups", "unknown", "declared_only", "0"),
        ("blood_groups", "total", "declared_only", "5"),
        ("statuses", "booked", "count", "1"),
        ("statuses", "waitlisted", "count", "1"),
        ("statuses", "cancelled", "count", "1"),
        ("statuses", "checked_in", "count", "1"),
        ("statuses", "donated", "count", "6"),
        ("statuses", "deferred", "count", "3"),
        ("statuses", "no_show", "count", "1"),
        ("deferrals", "blood_pressure", "count", "1"),
        ("deferrals", "low_hb", "count", "1"),
        ("deferrals", "unrecorded", "count", "1"),
        ("units", "ALPHA", "headcount", "20"),
        ("units", "ALPHA", "registered", "7"),
        ("units", "ALPHA", "donated", "3"),
        ("units", "ALPHA", "participation", "35.0"),
        ("units", "BETA", "registered", "5"),
        ("units", "BETA", "donated", "2"),
        ("units", "BETA", "participation", ""),
        ("units", "GAMMA", "registered", "1"),
        ("units", "GAMMA", "donated", "0"),
        ("units", "GAMMA", "participation", "20.0"),
        ("slots", "08:00", "capacity", "4"),
        ("slots", "08:00", "booked", "4"),
        ("slots", "08:00", "checked_in", "4"),
        ("slots", "08:00", "donated", "3"),
        ("slots", "08:30", "capacity", "6"),
        ("slots", "08:30", "booked", "6"),
        ("slots", "08:30", "checked_in", "5"),
        ("slots", "08:30", "donated", "1"),
        ("slots", "09:00", "capacity", "2"),
        ("slots", "09:00", "booked", "2"),
        ("slots", "09:00", "checked_in", "1"),
        ("slots", "09:00", "donated", "1"),
        ("sex", "male", "registered", "8"),
        ("sex", "male", "donated", "3"),
        ("sex", "female", "registered", "5"),
        ("sex", "female", "donated", "2"),
        ("age_bands", "17-24", "registered", "3"),
        ("age_bands", "17-24", "donated", "2"),
        ("age_bands", "25-34", "registered", "3"),
        ("age_bands", "25-34", "donated", "1"),
        ("age_bands", "35-44", "registered", "2"),
        ("age_bands", "35-44", "donated", "0"),
        ("age_bands", "45-54", "registered", "2"),
        ("age_bands", "45-54", "donated", "1"),
        ("age_bands", "55-65", "registered", "3"),
        ("age_bands", "55-65", "donated", "1"),
        ("history", "first_time", "registered", "5"),
        ("history", "first_time", "donated", "2"),
        ("history", "repeat", "registered", "8"),
        ("history", "repeat", "donated", "3"),
    ]
}

/// `table/row/column` -> value, from a counts CSV (which must start with a BOM).
pub fn parse_counts_csv(bytes: &[u8]) -> Vec<(String, String, String, String, String)> {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the CSV starts with a UTF-8 byte-order mark");
    let mut reader = csv::Reader::from_reader(body);
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["table", "item", "label", "measure", "value"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            (
                r[0].to_owned(),
                r[1].to_owned(),
                r[2].to_owned(),
                r[3].to_owned(),
                r[4].to_owned(),
            )
        })
        .collect()
}

fn csv_map(lines: &[(String, String, String, String, String)]) -> BTreeMap<String, String> {
    lines
        .iter()
        .map(|(t, i, _, m, v)| (format!("{t}/{i}/{m}"), v.clone()))
        .collect()
}

/// Every `data-k="..."` cell of a page and its text.
fn page_numbers(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let marker = "data-k=\"";
    let mut rest = html;
    while let Some(start) = rest.find(marker) {
        rest = &rest[start + marker.len()..];
        let end = rest.find('"').expect("attribute end");
        let key = rest[..end].to_owned();
        let text_start = rest.find('>').expect("tag end") + 1;
        let text_end = text_start + rest[text_start..].find('<').expect("text end");
        out.insert(key, rest[text_start..text_end].to_owned());
        rest = &rest[text_end..];
    }
    out
}

/// A page number written in English (`1,750`, `50.0%`, `—`) in the CSV's form.
fn as_plain(shown: &str) -> String {
    if shown == "—" {
        return String::new();
    }
    shown.replace([',', '%'], "")
}

async fn organizer_in_english(app: &TestApp) -> TestApp {
    let (browser, _) = app.login_as(Role::Organizer).await;
    browser.get("/lang/en?next=/").await;
    browser
}

#[tokio::test]
async fn the_store_counts_the_fixture_as_computed_by_hand() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let mut conn = app.conn();
    let drive = blood_drive::store::drives::Drive::find_by_slug(&mut conn, RECORDED_SLUG)
        .expect("fixture drive");
    let counts = blood_drive::store::counts::drive_counts(&mut conn, &drive).expect("counts");
    let t = blood_drive::i18n::I18n::new(blood_drive::i18n::Lang::En);
    let tables = blood_drive::export::count_tables(&t, &drive, &counts);
    for (table, row, column, value) in expected() {
        let cell = tables
            .iter()
            .find(|x| x.key == table)
            .and_then(|x| x.cell(row, column))
            .unwrap_or_else(|| panic!("no cell {table}/{row}/{column}"));
        assert_eq!(cell.plain(), value, "{table}/{row}/{column}");
    }
    assert_eq!(counts.bags_total(), counts.donated);
}

#[tokio::test]
async fn dashboard_csv_and_xlsx_show_the_same_hand_computed_numbers() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let browser = organizer_in_english(&app).await;

    // counts.csv: the hand-computed numbers.
    let res = browser
        .get(&format!("/admin/drives/{RECORDED_SLUG}/exports/counts.csv"))
        .await;
    assert_status(&res, 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let csv_lines = parse_counts_csv(&res.bytes().await.expect("csv"));
    let csv = csv_map(&csv_lines);
    for (table, row, column, value) in expected() {
        assert_eq!(
            csv.get(&format!("{table}/{row}/{column}"))
                .map(String::as_str),
            Some(value),
            "counts.csv {table}/{row}/{column}"
        );
    }

    // The dashboard: every number of the CSV, and nothing else.
    let (status, html) = browser
        .get_text(&format!("/admin/drives/{RECORDED_SLUG}/dashboard"))
        .await;
    assert_eq!(status, 200);
    let page = page_numbers(&html);
    for (key, value) in &csv {
        if key.starts_with("summary/")
            && ["drive", "date", "venue", "partner"]
                .iter()
                .any(|k| key == &format!("summary/{k}/value"))
        {
            continue;
        }
        if key.starts_with("units/") && key.ends_with("/code")
            || key.ends_with("/headcount") && value.is_empty()
        {
            continue;
        }
        let shown = page
            .get(key)
            .unwrap_or_else(|| panic!("the dashboard lacks {key}"));
        assert_eq!(&as_plain(shown), value, "dashboard {key}");
    }
    assert_eq!(page.get("headline/donated").map(String::as_str), Some("5"));
    assert_eq!(page.get("headline/target").map(String::as_str), Some("10"));
    assert_eq!(
        page.get("headline/percent").map(String::as_str),
        Some("50.0%")
    );
    assert_eq!(
        page.get("headline/checked_in").map(String::as_str),
        Some("10")
    );
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(!html.contains("style=\""), "no style attributes (CSP)");
    assert!(!html.contains("<script"), "no script");

    // The one-page report: its numbers are the CSV's too.
    let (status, report) = browser
        .get_text(&format!("/admin/drives/{RECORDED_SLUG}/report"))
        .await;
    assert_eq!(status, 200);
    let report = page_numbers(&report);
    for key in [
        "summary/donated/value",
        "summary/target/value",
        "blood_groups/A/rh_positive",
        "blood_groups/total/bags",
        "deferrals/low_hb/count",
        "units/ALPHA/participation",
    ] {
        assert_eq!(
            report.get(key).map(|s| as_plain(s)),
            csv.get(key).cloned(),
            "report {key}"
        );
    }

    // counts.xlsx: cell by cell against the CSV.
    let res = browser
        .get(&format!(
            "/admin/drives/{RECORDED_SLUG}/exports/counts.xlsx"
        ))
        .await;
    assert_status(&res, 200);
    let bytes = res.bytes().await.expect("xlsx").to_vec();
    compare_xlsx_with_csv(&bytes, &csv_lines);
}

/// A table read back from the CSV: its key, and its rows as (item, label,
/// values in column order).
type CsvTable = (String, Vec<(String, String, Vec<String>)>);

/// The CSV lines grouped into tables, rows in order.
fn csv_tables(lines: &[(String, String, String, String, String)]) -> Vec<CsvTable> {
    let mut tables: Vec<CsvTable> = Vec::new();
    let mut last_item = String::new();
    for (table, item, label, _, value) in lines {
        if tables.last().is_none_or(|(t, _)| t != table) {
            tables.push((table.clone(), Vec::new()));
            last_item.clear();
        }
        let rows = &mut tables.last_mut().expect("table").1;
        if rows.is_empty() || &last_item != item {
            rows.push((item.clone(), label.clone(), Vec::new()));
            last_item = item.clone();
        }
        rows.last_mut().expect("row").2.push(value.clone());
    }
    tables
}

fn cell_text(cell: Option<&calamine::Data>) -> String {
    use calamine::Data;
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => i.to_string(),
        // Dates are date cells; the CSV writes them as ISO dates.
        Some(Data::DateTime(d)) => crate::exports_xlsx::excel_date_time(d.as_f64())
            .format("%Y-%m-%d")
            .to_string(),
        Some(other) => panic!("unexpected cell {other:?}"),
    }
}

/// Whether the XLSX value `xlsx` is the CSV's `csv`; a percentage cell holds
/// the fraction (0.5 shown as 50.0%), the CSV the percent.
fn same_value(xlsx: &str, csv: &str, item: &str, measure: &str) -> bool {
    let scale = if item == "percent_of_target" || measure == "participation" {
        100.0
    } else {
        1.0
    };
    match (xlsx.parse::<f64>(), csv.parse::<f64>()) {
        (Ok(a), Ok(b)) => (a * scale - b).abs() < 1e-9,
        _ => xlsx == csv,
    }
}

/// The measures (column keys) of each CSV table, in column order.
fn measures(lines: &[(String, String, String, String, String)], table: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let first_item = lines.iter().find(|l| l.0 == table).map(|l| l.1.clone());
    for l in lines
        .iter()
        .filter(|l| l.0 == table && Some(&l.1) == first_item.as_ref())
    {
        out.push(l.3.clone());
    }
    out
}

/// Compares the rows of `table` with the sheet from `first_row` on.
fn compare_rows(
    range: &calamine::Range<calamine::Data>,
    table: &CsvTable,
    measures: &[String],
    first_row: u32,
) -> usize {
    let (key, rows) = table;
    let mut compared = 0;
    for (r, (item, label, values)) in rows.iter().enumerate() {
        let row = first_row + r as u32;
        assert_eq!(
            cell_text(range.get_value((row, 0))),
            *label,
            "{key} row {r} label"
        );
        for (c, value) in values.iter().enumerate() {
            let got = cell_text(range.get_value((row, c as u32 + 1)));
            assert!(
                same_value(&got, value, item, &measures[c]),
                "{key} row {label:?} column {}: xlsx {got:?}, csv {value:?}",
                c + 1
            );
            compared += 1;
        }
    }
    compared
}

/// counts.xlsx holds every number of counts.csv: the summary sheet holds the
/// summary, bags by blood group and participation by unit (under a title);
/// every table but the summary has a sheet of its own too, from row 2.
pub fn compare_xlsx_with_csv(bytes: &[u8], lines: &[(String, String, String, String, String)]) {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    let names = book.sheet_names();
    let tables = csv_tables(lines);
    assert_eq!(
        names.len(),
        tables.len(),
        "the summary sheet, then one sheet per other table: {names:?}"
    );
    assert_eq!(tables[0].0, "summary");
    let mut compared = 0;
    for (i, table) in tables.iter().enumerate().skip(1) {
        let range = book.worksheet_range(&names[i]).expect("sheet");
        compared += compare_rows(&range, table, &measures(lines, &table.0), 1);
    }
    let mut on_summary = 0;
    let summary = book.worksheet_range(&names[0]).expect("summary sheet");
    let mut from = 0;
    for key in ["summary", "blood_groups", "units"] {
        let table = tables.iter().find(|t| t.0 == key).expect("table");
        let first_label = &table.1[0].1;
        let row = (from..summary.height() as u32)
            .find(|r| cell_text(summary.get_value((*r, 0))) == *first_label)
            .unwrap_or_else(|| panic!("the summary sheet holds {key}"));
        on_summary += compare_rows(&summary, table, &measures(lines, key), row);
        from = row + table.1.len() as u32;
    }
    let on_summary_expected = lines
        .iter()
        .filter(|l| ["summary", "blood_groups", "units"].contains(&l.0.as_str()))
        .count();
    let summary_lines = lines.iter().filter(|l| l.0 == "summary").count();
    assert_eq!(
        on_summary, on_summary_expected,
        "the summary sheet's numbers"
    );
    assert_eq!(
        compared + summary_lines,
        lines.len(),
        "every CSV number has its XLSX cell"
    );
}

#[tokio::test]
async fn the_donor_list_is_an_audited_attachment_that_is_never_cached() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    recorded_drive(&app);
    let browser = organizer_in_english(&app).await;
    let res = browser
        .get(&format!("/admin/drives/{RECORDED_SLUG}/exports/donors.csv"))
        .await;
    assert_status(&res, 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"fixture-drive-donors.csv\""
    );
    let bytes = res.bytes().await.expect("csv");
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    let mut reader = csv::Reader::from_reader(body);
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "Registration code");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 14, "every registration, cancelled ones too");
    assert!(
        rows.iter()
            .any(|r| &r[3] == "Donor 1" && &r[17] == "BAG-001")
    );

    let xlsx = browser
        .get(&format!(
            "/admin/drives/{RECORDED_SLUG}/exports/donors.xlsx"
        ))
        .await;
    assert_status(&xlsx, 200);
    assert_eq!(xlsx.headers()["cache-control"], "no-store");

    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let audited = diesel::sql_query(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'export.donors' AND actor_kind = 'staff'",
    )
    .get_result::<N>(&mut app.conn())
    .expect("audit count")
    .n;
    assert_eq!(audited, 2, "each download of personal data is audited");
}

#[tokio::test]
async fn exports_of_an_unknown_drive_are_not_found() {
    let app = spawn_app().await;
    let browser = organizer_in_english(&app).await;
    for path in [
        "/admin/drives/no-such-drive/dashboard",
        "/admin/drives/no-such-drive/exports/counts.csv",
        "/admin/drives/no-such-drive/exports/donors.xlsx",
    ] {
        assert_status_for(&browser.get(path).await, 404, format_args!("{path}"));
    }
}

#[tokio::test]
async fn the_export_command_writes_the_same_counts_as_the_web() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let dir = crate::helpers::scratch_dir(&format!("export-{}", uuid::Uuid::new_v4().simple()));
    for format in ["csv", "xlsx"] {
        let out = dir.join(format!("counts.{format}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_blood-drive"))
            .args([
                "export",
                "counts",
                "--drive",
                RECORDED_SLUG,
                "--format",
                format,
                "--lang",
                "en",
            ])
            .arg("--out")
            .arg(&out)
            .env("DATABASE_URL", &app.database_url)
            .env("RUST_LOG", "warn")
            .status()
            .expect("running blood-drive export");
        assert!(status.success(), "export counts --format {format}");
    }
    let lines = parse_counts_csv(&std::fs::read(dir.join("counts.csv")).expect("csv file"));
    let csv = csv_map(&lines);
    for (table, row, column, value) in expected() {
        assert_eq!(
            csv.get(&format!("{table}/{row}/{column}"))
                .map(String::as_str),
            Some(value),
            "{table}/{row}/{column}"
        );
    }
    compare_xlsx_with_csv(
        &std::fs::read(dir.join("counts.xlsx")).expect("xlsx"),
        &lines,
    );

    let roster = dir.join("roster.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_blood-drive"))
        .args([
            "export",
            "roster",
            "--drive",
            RECORDED_SLUG,
            "--format",
            "csv",
            "--out",
        ])
        .arg(&roster)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .status()
        .expect("running blood-drive export roster");
    assert!(status.success());
    let text = std::fs::read_to_string(&roster).expect("roster");
    assert_eq!(text.lines().count(), 15, "a header and 14 registrations");
    assert!(says(&text, "org-col-reg-code"), "Indonesian by default");
}

#[tokio::test]
async fn erasing_a_donor_leaves_the_counts_and_no_personal_field() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let ids = recorded_drive(&app);
    let browser = organizer_in_english(&app).await;
    let counts_before = browser
        .get(&format!("/admin/drives/{RECORDED_SLUG}/exports/counts.csv"))
        .await
        .bytes()
        .await
        .expect("csv");

    #[derive(diesel::QueryableByName)]
    struct Donor {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        donor_id: uuid::Uuid,
    }
    let donor = |registration: uuid::Uuid| {
        diesel::sql_query(format!(
            "SELECT donor_id FROM registrations WHERE id = '{registration}'"
        ))
        .get_result::<Donor>(&mut app.conn())
        .expect("donor")
        .donor_id
    };
    // A donor who gave a bag, and one deferred after two screenings.
    let erased = [donor(ids[0]), donor(ids[4])];

    // Without the confirmation nothing happens.
    let res = browser
        .post_with_csrf(
            &format!("/admin/donors/{}/erase", erased[0]),
            &[("drive", RECORDED_SLUG)],
        )
        .await;
    assert_status(&res, 422);
    assert_says_in(
        &res.text().await.expect("body"),
        Lang::En,
        "org-erase-confirm-missing",
    );

    for id in erased {
        let res = browser
            .post_with_csrf(
                &format!("/admin/donors/{id}/erase"),
                &[("drive", RECORDED_SLUG), ("confirm", "yes")],
            )
            .await;
        assert_status(&res, 303);
    }

    let counts_after = browser
        .get(&format!("/admin/drives/{RECORDED_SLUG}/exports/counts.csv"))
        .await
        .bytes()
        .await
        .expect("csv");
    assert_eq!(counts_before, counts_after, "anonymous counts unchanged");

    #[derive(diesel::QueryableByName)]
    struct Left {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let list = erased
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(",");
    let left = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM donors WHERE id IN ({list}) AND (
             erased_at IS NULL OR nip IS NOT NULL OR nik IS NOT NULL OR phone IS NOT NULL
             OR email IS NOT NULL OR birth_date IS NOT NULL OR full_name <> ''
             OR weight_kg IS NOT NULL OR last_donation_date IS NOT NULL)"
    ))
    .get_result::<Left>(&mut app.conn())
    .expect("check")
    .n;
    assert_eq!(left, 0, "no personal field left");
    let answers = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM registrations WHERE donor_id IN ({list})
           AND (answers <> '{{}}'::jsonb OR prescreen_reasons <> '[]'::jsonb)"
    ))
    .get_result::<Left>(&mut app.conn())
    .expect("check")
    .n;
    assert_eq!(answers, 0, "no health answers left");
    let audited =
        diesel::sql_query("SELECT count(*) AS n FROM audit_log WHERE action = 'donor.erase'")
            .get_result::<Left>(&mut app.conn())
            .expect("audit")
            .n;
    assert_eq!(audited, 2);

    let (_, page) = browser
        .get_text(&format!("/admin/drives/{RECORDED_SLUG}/donors"))
        .await;
    assert_says_in(&page, Lang::En, "org-erased");
    assert!(!page.contains(">Donor 1<"));
}

#[tokio::test]
async fn the_staff_list_gives_each_unit_its_headcount() {
    let app = spawn_app().await;
    recorded_drive(&app);
    // BETA has no typed headcount; its imported list has ten people.
    for n in 1..=10 {
        app.execute(&format!(
            "INSERT INTO staff_directory (nip, full_name, work_unit_id)
             SELECT '{}', 'Staff {n}', id FROM work_units WHERE code = 'BETA'",
            crate::fixtures::nip(500 + n)
        ));
    }
    let browser = organizer_in_english(&app).await;
    let res = browser
        .get(&format!("/admin/drives/{RECORDED_SLUG}/exports/counts.csv"))
        .await;
    assert_status(&res, 200);
    let csv = csv_map(&parse_counts_csv(&res.bytes().await.expect("csv")));
    assert_eq!(csv["units/BETA/headcount"], "10");
    assert_eq!(
        csv["units/BETA/participation"], "50.0",
        "5 registered of 10 listed"
    );
    assert_eq!(
        csv["units/ALPHA/headcount"], "20",
        "a unit without a list keeps its typed headcount"
    );
}

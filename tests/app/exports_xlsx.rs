//! The spreadsheets a secretary sends, read back with a real reader
//! (calamine) and, for what calamine does not expose (number formats, frozen
//! panes, autofilters), from the XML inside the XLSX zip.

use std::io::{Cursor, Read};

use blood_drive::domain::vocab::Role;
use blood_drive::i18n::{I18n, Lang};
use calamine::{Data, Reader, Xlsx};
use chrono::{Duration, NaiveDate, Utc};

use crate::fixtures::{RECORDED_SLUG, recorded_drive};
use crate::helpers::{TestApp, spawn_app};

async fn download(browser: &TestApp, file: &str) -> Vec<u8> {
    let res = browser
        .get(&format!("/admin/drives/{RECORDED_SLUG}/exports/{file}"))
        .await;
    assert_eq!(res.status().as_u16(), 200, "{file}");
    res.bytes().await.expect("file").to_vec()
}

/// A file inside the XLSX zip, as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the zip"))
        .read_to_string(&mut text)
        .expect("XML");
    text
}

fn string(s: &str) -> Data {
    Data::String(s.to_owned())
}

/// The row whose first cell is `label`.
fn row_of(range: &calamine::Range<Data>, label: &str) -> u32 {
    (0..range.height() as u32)
        .find(|r| range.get_value((*r, 0)) == Some(&string(label)))
        .unwrap_or_else(|| panic!("no row {label:?}"))
}

/// The column whose header (first row) is `label`.
fn column_of(range: &calamine::Range<Data>, label: &str) -> u32 {
    (0..range.width() as u32)
        .find(|c| range.get_value((0, *c)) == Some(&string(label)))
        .unwrap_or_else(|| panic!("no column {label:?}"))
}

/// An Excel serial date-time (days since 1899-12-30) as a local date-time.
pub fn excel_date_time(serial: f64) -> chrono::NaiveDateTime {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("epoch");
    epoch + Duration::milliseconds((serial * 86_400_000.0).round() as i64)
}

fn date_of(cell: Option<&Data>) -> chrono::NaiveDateTime {
    match cell {
        Some(Data::DateTime(d)) => excel_date_time(d.as_f64()),
        other => panic!("expected a date cell, found {other:?}"),
    }
}

async fn organizer(app: &TestApp, lang: Lang) -> TestApp {
    let (browser, _) = app.login_as(Role::Organizer).await;
    browser.get(&format!("/lang/{}?next=/", lang.code())).await;
    browser
}

#[tokio::test]
async fn counts_xlsx_opens_on_a_summary_sheet_a_secretary_can_send() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let sheets = [
        (
            Lang::Id,
            [
                "Ringkasan",
                "Golongan darah",
                "Status pendaftaran",
                "Penundaan",
                "Unit kerja",
                "Sesi",
                "Jenis kelamin",
                "Kelompok usia",
                "Pendonor baru & ulang",
            ],
        ),
        (
            Lang::En,
            [
                "Summary",
                "Blood groups",
                "Registration status",
                "Deferrals",
                "Work units",
                "Time slots",
                "Sex",
                "Age bands",
                "First-time & repeat",
            ],
        ),
    ];
    for (lang, names) in sheets {
        let t = I18n::new(lang);
        let browser = organizer(&app, lang).await;
        let before = Utc::now();
        let bytes = download(&browser, "counts.xlsx").await;
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("an XLSX file");

        // Short names chosen per language, none cut mid-word.
        assert_eq!(book.sheet_names(), names.map(String::from).to_vec());

        let summary = book.worksheet_range(names[0]).expect("summary sheet");
        assert_eq!(summary.get_value((0, 0)), Some(&string(&t.t("xlsx-title"))));
        assert_eq!(summary.get_value((1, 0)), Some(&string("Fixture drive")));
        // "Data as of" in the drive's zone (WITA, UTC+8), as a date-time cell.
        assert_eq!(
            summary.get_value((2, 0)),
            Some(&string(
                &t.ta("xlsx-data-as-of", &[("zone", "WITA".to_owned())])
            ))
        );
        let as_of = date_of(summary.get_value((2, 1)));
        let local_now = (before + Duration::hours(8)).naive_utc();
        assert!(
            (as_of - local_now).num_minutes().abs() <= 2,
            "data as of {as_of}, now {local_now} in WITA"
        );
        // The drive's date is a date cell; percentages are numbers (fractions).
        let date = row_of(&summary, &t.t("org-sum-date"));
        assert_eq!(
            date_of(summary.get_value((date, 1))).date(),
            NaiveDate::from_ymd_opt(2027, 1, 17).expect("date")
        );
        let percent = row_of(&summary, &t.t("org-sum-percent-of-target"));
        assert_eq!(summary.get_value((percent, 1)), Some(&Data::Float(0.5)));
        // Walk-ins: none at this drive, and said so.
        let walk_ins = row_of(&summary, &t.t("org-sum-walk-ins"));
        assert_eq!(summary.get_value((walk_ins, 1)), Some(&Data::Float(0.0)));
        // Participation by unit, on the summary sheet too.
        let alpha = row_of(&summary, "Alpha Unit");
        assert_eq!(summary.get_value((alpha, 5)), Some(&Data::Float(0.35)));
        assert_eq!(
            summary.get_value((row_of(&summary, &t.t("org-table-units")), 0)),
            Some(&string(&t.t("org-table-units")))
        );

        // Number formats: percentages show as percent, dates as dates.
        let styles = part(&bytes, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"0.0%\""), "a percent format");
        let date_format = match lang {
            Lang::Id => "dd/mm/yyyy",
            Lang::En => "yyyy-mm-dd",
        };
        assert!(styles.contains(&format!("formatCode=\"{date_format}\"")));
        // The table sheets keep their header row in view.
        let units = part(&bytes, "xl/worksheets/sheet5.xml");
        assert!(
            units.contains("state=\"frozen\""),
            "frozen header on Unit kerja"
        );
    }
}

#[tokio::test]
async fn donors_xlsx_speaks_the_readers_language_with_a_frozen_filtered_header() {
    let app = spawn_app().await;
    recorded_drive(&app);
    for (lang, unknown, positive, status_key) in [
        (Lang::Id, "tidak diketahui", "positif", "org-status-donated"),
        (Lang::En, "unknown", "positive", "org-status-donated"),
    ] {
        let t = I18n::new(lang);
        let browser = organizer(&app, lang).await;
        let bytes = download(&browser, "donors.xlsx").await;
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).expect("an XLSX file");
        assert_eq!(book.sheet_names(), [t.t("xlsx-sheet-donors")]);
        let sheet = book
            .worksheet_range(&t.t("xlsx-sheet-donors"))
            .expect("sheet");
        assert_eq!(sheet.height(), 15, "a header and 14 registrations");
        let name = column_of(&sheet, &t.t("org-col-full-name"));
        let row = |n: u32| {
            (1..sheet.height() as u32)
                .find(|r| sheet.get_value((*r, name)) == Some(&string(&format!("Donor {n}"))))
                .expect("donor row")
        };
        let cell = |r: u32, col: &str| sheet.get_value((r, column_of(&sheet, &t.t(col)))).cloned();
        // Donor 1 gave a bag: A positive, a civil servant.
        let first = row(1);
        assert_eq!(
            cell(first, "org-col-status"),
            Some(string(&t.t(status_key)))
        );
        assert_eq!(cell(first, "org-col-blood-group"), Some(string("A")));
        assert_eq!(cell(first, "org-col-rhesus"), Some(string(positive)));
        assert_eq!(cell(first, "org-col-employee-type"), Some(string("PNS")));
        // Donor 10 never said a group.
        let tenth = row(10);
        assert_eq!(cell(tenth, "org-col-blood-group"), Some(string(unknown)));
        assert_eq!(cell(tenth, "org-col-rhesus"), Some(string(unknown)));
        // Times are date-time cells in the drive's zone: slot 1 is 08.00 WITA.
        let slot = date_of(cell(first, "org-col-slot").as_ref());
        assert_eq!(
            slot.format("%Y-%m-%d %H:%M").to_string(),
            "2027-01-17 08:00"
        );
        date_of(cell(first, "org-col-registered-at").as_ref());

        let xml = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains(
                "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            ),
            "a frozen header row"
        );
        assert!(
            xml.contains("<autoFilter ref=\"A1:S15\"/>"),
            "an autofilter"
        );
    }
}

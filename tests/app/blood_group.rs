//! The blood group as PMI finds it: a tested group wins over the donor's word
//! in every count (store, dashboard, report, counts.csv, counts.xlsx), the
//! bags of a group only the donor declared are counted apart, walk-ins give a
//! group or not, the donor's record takes PMI's result without the audit log
//! keeping it, and the card says when PMI found another group.

use std::collections::BTreeMap;
use std::io::Cursor;

use blood_drive::db::schema::{audit_log, donors, registrations, screenings};
use blood_drive::domain::counts::{BloodGroupLine, DriveCounts};
use blood_drive::domain::vocab::{BloodGroup, Role};
use blood_drive::i18n::Lang;
use blood_drive::store::drives::Drive;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_field_error, assert_says, assert_says_in, assert_status, says};
use crate::fixtures::{
    booked_donor, check_in, donate, nip, registration_in, screen_accepted, slot_ids, walk_in,
};
use crate::helpers::{TestApp, seed_demo, spawn_app};

fn counts(app: &TestApp, slug: &str) -> DriveCounts {
    let mut conn = app.conn();
    let drive = Drive::find_by_slug(&mut conn, slug).expect("drive");
    blood_drive::store::counts::drive_counts(&mut conn, &drive).expect("counts")
}

fn line(counts: &DriveCounts, group: BloodGroup) -> BloodGroupLine {
    *counts
        .by_blood_group
        .iter()
        .find(|l| l.group == group)
        .expect("every group has its line")
}

/// A booked donor (declared O+ on the registration form), checked in,
/// screened with `tested` as PMI's group (`""`: not tested), and donated.
async fn donated(app: &TestApp, pmi: &TestApp, slug: &str, serial: u32, tested: &str) -> Uuid {
    let (id, code) = booked_donor(app, slug, serial).await;
    assert_status(&check_in(pmi, slug, &code).await, 303);
    assert_status(&screen_accepted(pmi, id, 0, tested).await, 303);
    assert_status(&donate(pmi, id, &format!("BG-{serial:04}")).await, 303);
    id
}

/// Every `data-k="..."` number of a page and its text.
fn numbers_on(html: &str) -> BTreeMap<String, String> {
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

/// `table/item/measure` -> value, from counts.csv.
fn csv_numbers(bytes: &[u8]) -> BTreeMap<String, String> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    let mut reader = csv::Reader::from_reader(body);
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["table", "item", "label", "measure", "value"],
        "the documented columns, unchanged"
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            (format!("{}/{}/{}", &r[0], &r[1], &r[3]), r[4].to_owned())
        })
        .collect()
}

/// The "bags by blood group" sheet of counts.xlsx: row label -> header -> value.
fn xlsx_groups(bytes: &[u8]) -> BTreeMap<String, BTreeMap<String, f64>> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    let range = book
        .worksheet_range("Blood groups")
        .expect("a sheet of bags by blood group");
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .expect("header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    rows.map(|row| {
        let values = headers
            .iter()
            .zip(row)
            .skip(1)
            .filter_map(|(h, c)| match c {
                Data::Float(f) => Some((h.clone(), *f)),
                Data::Int(i) => Some((h.clone(), *i as f64)),
                _ => None,
            })
            .collect();
        (row[0].to_string(), values)
    })
    .collect()
}

#[tokio::test]
async fn a_tested_group_overrides_the_declared_one_in_every_count() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    // Both declared O+ when they registered; PMI finds A− in the first.
    donated(&app, &pmi, &slug, 31, "A-").await;
    donated(&app, &pmi, &slug, 32, "").await;

    // The store.
    let c = counts(&app, &slug);
    assert_eq!(c.donated, 2);
    let (a, o) = (line(&c, BloodGroup::A), line(&c, BloodGroup::O));
    assert_eq!((a.negative, a.positive, a.declared_only), (1, 0, 0));
    assert_eq!((o.positive, o.negative, o.declared_only), (1, 0, 1));
    assert_eq!(c.bags_declared_only, 1, "only the untested O+ bag");
    assert_eq!(c.bags_total(), 2);

    let (organizer, _) = app.login_as(Role::Organizer).await;
    organizer.get("/lang/en?next=/").await;
    let expected = [
        ("blood_groups/A/rh_negative", "1"),
        ("blood_groups/A/declared_only", "0"),
        ("blood_groups/O/rh_positive", "1"),
        ("blood_groups/O/rh_negative", "0"),
        ("blood_groups/O/declared_only", "1"),
        ("blood_groups/O/bags", "1"),
        ("blood_groups/total/bags", "2"),
        ("blood_groups/total/declared_only", "1"),
    ];

    // The dashboard, and the one-page report.
    for page in ["dashboard", "report"] {
        let (status, html) = organizer
            .get_text(&format!("/admin/drives/{slug}/{page}"))
            .await;
        assert_eq!(status, 200, "{page}");
        let numbers = numbers_on(&html);
        for (key, value) in expected {
            assert_eq!(
                numbers.get(key).map(String::as_str),
                Some(value),
                "{page} {key}"
            );
        }
        assert_says_in(&html, Lang::En, "org-col-declared-only");
        assert_says_in(&html, Lang::En, "org-declared-only-note");
    }

    // counts.csv: the same numbers, as new lines of the documented shape.
    let res = organizer
        .get(&format!("/admin/drives/{slug}/exports/counts.csv"))
        .await;
    assert_status(&res, 200);
    let csv = csv_numbers(&res.bytes().await.expect("csv"));
    for (key, value) in expected {
        assert_eq!(
            csv.get(key).map(String::as_str),
            Some(value),
            "counts.csv {key}"
        );
    }

    // counts.xlsx, read back.
    let res = organizer
        .get(&format!("/admin/drives/{slug}/exports/counts.xlsx"))
        .await;
    assert_status(&res, 200);
    let sheet = xlsx_groups(&res.bytes().await.expect("xlsx"));
    let cell = |row: &str, column: &str| {
        sheet
            .get(row)
            .and_then(|r| r.get(column))
            .copied()
            .unwrap_or_else(|| panic!("no XLSX cell {row}/{column}: {sheet:?}"))
    };
    assert_eq!(cell("A", "Rhesus −"), 1.0);
    assert_eq!(cell("A", "Of which: group declared only"), 0.0);
    assert_eq!(cell("O", "Rhesus +"), 1.0);
    assert_eq!(cell("O", "Of which: group declared only"), 1.0);
    assert_eq!(cell("Total", "Bags"), 2.0);
    assert_eq!(cell("Total", "Of which: group declared only"), 1.0);
}

#[tokio::test]
async fn the_donor_record_takes_the_tested_group_and_the_audit_line_holds_none() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let id = donated(&app, &pmi, &slug, 33, "B-").await;

    let (group, rhesus, tested_at): (String, String, Option<DateTime<Utc>>) = donors::table
        .filter(donors::nip.eq(nip(33)))
        .select((
            donors::blood_group,
            donors::rhesus,
            donors::blood_group_tested_at,
        ))
        .first(&mut app.conn())
        .expect("donor");
    assert_eq!((group.as_str(), rhesus.as_str()), ("B", "negative"));
    assert!(tested_at.is_some(), "PMI's test is dated");
    let kept: (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = screenings::table
        .filter(screenings::registration_id.eq(id))
        .select((
            screenings::blood_group,
            screenings::rhesus,
            screenings::declared_blood_group,
            screenings::declared_rhesus,
        ))
        .first(&mut app.conn())
        .expect("screening");
    assert_eq!(
        kept,
        (
            Some("B".into()),
            Some("negative".into()),
            Some("O".into()),
            Some("positive".into())
        ),
        "the screening keeps what was tested and what the record said"
    );

    let details: serde_json::Value = audit_log::table
        .filter(audit_log::action.eq("screening.record"))
        .filter(audit_log::entity_id.eq(id))
        .select(audit_log::details)
        .first(&mut app.conn())
        .expect("audit line");
    assert_eq!(details["group_tested"], true);
    assert_eq!(details["group_changed"], true);
    let text = details.to_string();
    for group in ["\"B\"", "\"O\"", "B-", "B−", "O+", "negative", "positive"] {
        assert!(
            !text.contains(group),
            "the audit line holds {group}: {text}"
        );
    }
}

#[tokio::test]
async fn the_card_says_when_pmi_found_another_group() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (id, code) = booked_donor(&app, &slug, 34).await;
    assert_status(&check_in(&pmi, &slug, &code).await, 303);
    let (_, html) = pmi.get_text(&format!("/pmi/registrations/{id}")).await;
    assert!(html.contains("O+"), "the group the donor declared");
    assert_says(&html, "blood-group-source-declared");
    assert!(!says(&html, "blood-group-differs"));

    assert_status(&screen_accepted(&pmi, id, 0, "A+").await, 303);
    let (status, html) = pmi.get_text(&format!("/pmi/registrations/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("PMI: A+ — berbeda dari data pendonor (O+)"),
        "said plainly on the card"
    );
    assert_says(&html, "blood-group-source-tested");
    assert_says(&html, "blood-group-screened");

    // Same group as declared: confirmed, no difference to report.
    let (same, same_code) = booked_donor(&app, &slug, 35).await;
    assert_status(&check_in(&pmi, &slug, &same_code).await, 303);
    assert_status(&screen_accepted(&pmi, same, 0, "O+").await, 303);
    let (_, html) = pmi.get_text(&format!("/pmi/registrations/{same}")).await;
    assert_says(&html, "blood-group-source-tested");
    assert!(!says(&html, "blood-group-differs"));

    // The roster shows the current group, marked where PMI tested it.
    let (status, roster) = pmi.get_text(&format!("/pmi/drives/{slug}/roster")).await;
    assert_eq!(status, 200);
    assert!(
        roster.contains("A+ <small>(PMI)</small>"),
        "the tested group"
    );
}

#[tokio::test]
async fn a_walk_in_without_a_group_counts_as_unknown_until_pmi_tests_it() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[2];
    let (pmi, _) = app.login_as(Role::Pmi).await;

    let res = walk_in(&pmi, &slug, &nip(36), slot, "").await;
    assert_status(&res, 303);
    let tested_later = registration_in(&res);
    let res = walk_in(&pmi, &slug, &nip(37), slot, "").await;
    assert_status(&res, 303);
    let never_tested = registration_in(&res);

    let (_, card) = pmi
        .get_text(&format!("/pmi/registrations/{tested_later}"))
        .await;
    assert_says(&card, "blood-group-unknown");
    let rows = |app: &TestApp| {
        let mut conn = app.conn();
        let drive = Drive::find_by_slug(&mut conn, &slug).expect("drive");
        blood_drive::store::counts::count_rows(&mut conn, drive.id).expect("rows")
    };
    assert!(
        rows(&app)
            .iter()
            .all(|r| r.blood_group == BloodGroup::Unknown && !r.group_tested),
        "unknown until tested"
    );

    assert_status(&screen_accepted(&pmi, tested_later, 0, "O-").await, 303);
    assert_status(&donate(&pmi, tested_later, "WALK-1").await, 303);
    assert_status(&screen_accepted(&pmi, never_tested, 0, "").await, 303);
    assert_status(&donate(&pmi, never_tested, "WALK-2").await, 303);

    let c = counts(&app, &slug);
    assert_eq!(line(&c, BloodGroup::O).negative, 1, "the tested group");
    assert_eq!(
        line(&c, BloodGroup::Unknown).total(),
        1,
        "never tested, never given"
    );
    assert_eq!(
        c.bags_declared_only, 0,
        "an unknown group is not a declared one"
    );
}

#[tokio::test]
async fn a_walk_in_group_fills_an_unknown_record_but_never_overwrites_a_known_one() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[2];
    let (pmi, _) = app.login_as(Role::Pmi).await;
    // Donors of earlier drives: one whose record knows A+, one who never said.
    for (serial, group, rhesus) in [(38, "A", "positive"), (39, "unknown", "unknown")] {
        app.execute(&format!(
            "INSERT INTO donors (nip, employee_type, full_name, sex, birth_date, blood_group, rhesus)
             VALUES ('{}', 'pns', 'Donor {serial}', 'male', '1985-03-12', '{group}', '{rhesus}')",
            nip(serial)
        ));
    }
    let group_of = |serial: u32| -> (String, String, Option<DateTime<Utc>>) {
        donors::table
            .filter(donors::nip.eq(nip(serial)))
            .select((
                donors::blood_group,
                donors::rhesus,
                donors::blood_group_tested_at,
            ))
            .first(&mut app.conn())
            .expect("donor")
    };

    // A new donor: the group given is their record's, declared.
    let res = walk_in(&pmi, &slug, &nip(40), slot, "b pos").await;
    assert_status(&res, 303);
    let new_donor = registration_in(&res);
    assert_eq!(group_of(40), ("B".into(), "positive".into(), None));
    // A known group stays; an unknown one is filled in.
    assert_status(&walk_in(&pmi, &slug, &nip(38), slot, "O-").await, 303);
    assert_eq!(group_of(38), ("A".into(), "positive".into(), None));
    assert_status(&walk_in(&pmi, &slug, &nip(39), slot, "AB-").await, 303);
    assert_eq!(group_of(39), ("AB".into(), "negative".into(), None));

    let details: Vec<serde_json::Value> = audit_log::table
        .filter(audit_log::action.eq("registration.walk_in"))
        .select(audit_log::details)
        .load(&mut app.conn())
        .expect("audit lines");
    assert_eq!(details.len(), 3);
    for d in &details {
        assert_eq!(d["group_given"], true);
        let text = d.to_string();
        assert!(
            !text.contains("positive") && !text.contains("negative") && !text.contains("\"B\""),
            "no group in the audit line: {text}"
        );
    }

    // Given, never tested: a declared-only bag.
    assert_status(&screen_accepted(&pmi, new_donor, 0, "").await, 303);
    assert_status(&donate(&pmi, new_donor, "WALK-3").await, 303);
    let c = counts(&app, &slug);
    let b = line(&c, BloodGroup::B);
    assert_eq!((b.positive, b.declared_only), (1, 1));
    assert_eq!(c.bags_declared_only, 1);
}

#[tokio::test]
async fn a_walk_in_group_that_is_no_group_keeps_the_form_and_writes_nothing() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[2];
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (status, form) = pmi.get_text(&format!("/pmi/drives/{slug}/walk-in")).await;
    assert_eq!(status, 200);
    assert_says(&form, "pmi-walk-in-group-unknown");
    assert!(
        form.contains("<option value=\"O-\">O−</option>"),
        "the 8 choices"
    );

    let res = walk_in(&pmi, &slug, &nip(41), slot, "C+").await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_field_error(&html, "blood_group");
    assert_says(&html, "pmi-walk-in-group-invalid");
    assert!(
        html.contains("value=\"Maria Goreti\""),
        "what was typed is kept"
    );
    let written: i64 = registrations::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(written, 0, "nothing half-written");

    // In English too.
    pmi.get("/lang/en?next=/").await;
    let res = walk_in(&pmi, &slug, &nip(41), slot, "A").await;
    assert_status(&res, 422);
    assert_says_in(
        &res.text().await.expect("body"),
        Lang::En,
        "pmi-walk-in-group-invalid",
    );
}

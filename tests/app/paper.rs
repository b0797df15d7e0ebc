//! Paper that flows back in: the printed roster is the day's paper form (one
//! sheet per slot with people), and a slot's sheet typed back in is recorded
//! in one submit, all or nothing.

use blood_drive::db::schema::{audit_log, donations, donors, registrations, screenings};
use blood_drive::domain::vocab::Role;
use blood_drive::web::pmi::paper::WALK_IN_ROWS;
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_says, assert_status, assert_status_for, html_escape};
use crate::fixtures::{booked_donor, nip, register, slot_ids, status_of, valid_fields};
use crate::helpers::{TestApp, seed_demo, spawn_app};

/// What the sheet showed of a person only booked.
const BOOKED: &str = "booked:0:0";

fn audit_count(app: &TestApp, action: &str, id: Uuid) -> i64 {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::entity_id.eq(id))
        .count()
        .get_result(&mut app.conn())
        .expect("audit count")
}

fn screening_count(app: &TestApp) -> i64 {
    screenings::table
        .count()
        .get_result(&mut app.conn())
        .expect("screenings")
}

/// A registration row's fields: `r.<id>.<column>`.
fn row(id: Uuid, columns: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![(format!("r.{id}.seen"), BOOKED.to_owned())];
    for (column, value) in columns {
        out.push((format!("r.{id}.{column}"), (*value).to_owned()));
    }
    out
}

const GOOD_VITALS: [(&str, &str); 6] = [
    ("present", "1"),
    ("weight_kg", "62"),
    ("hb_g_dl", "13,5"),
    ("bp", "120/80"),
    ("pulse", "72"),
    ("temperature_c", "36.8"),
];

fn with(
    base: &[(&'static str, &'static str)],
    more: &[(&'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    let mut all = base.to_vec();
    all.extend_from_slice(more);
    all
}

async fn post_sheet(
    coordinator: &TestApp,
    slug: &str,
    slot: Uuid,
    rows: Vec<Vec<(String, String)>>,
) -> reqwest::Response {
    let slot = slot.to_string();
    let mut fields: Vec<(&str, &str)> = vec![("slot", &slot)];
    for r in &rows {
        fields.extend(r.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    coordinator
        .post_with_csrf(&format!("/pmi/drives/{slug}/paper"), &fields)
        .await
}

/// Three people in the first slot and one in the third; the second is empty.
async fn drive_with_people(app: &TestApp) -> (String, Vec<Uuid>, Vec<Uuid>) {
    let slug = seed_demo(app);
    let mut ids = Vec::new();
    for serial in 1..=3 {
        ids.push(booked_donor(app, &slug, serial).await.0);
    }
    let slots = slot_ids(app);
    register(app, &slug, &valid_fields(&nip(4), &slots[2].to_string())).await;
    (slug, ids, slots)
}

#[tokio::test]
async fn the_printed_roster_is_one_paper_sheet_per_slot_with_people() {
    let app = spawn_app().await;
    let (slug, _, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;

    let (status, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/roster/print"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("<section class=\"paper-sheet\"").count(), 2);
    assert!(html.contains(&format!("id=\"sheet-{}\"", slots[0])));
    assert!(html.contains(&format!("id=\"sheet-{}\"", slots[2])));
    assert!(
        !html.contains(&format!("id=\"sheet-{}\"", slots[1])),
        "no sheet for an empty slot"
    );
    for key in [
        "paper-col-paraf",
        "paper-col-weight",
        "paper-col-hb",
        "paper-col-bp",
        "paper-col-pulse",
        "paper-col-temperature",
        "paper-col-group",
        "paper-col-bag",
        "paper-sheet-decision",
        "pmi-col-id-number",
        "pmi-col-unit",
        "pmi-col-code",
        "paper-sheet-paraf-line",
        "paper-sheet-coordinator",
        "paper-sheet-signature",
    ] {
        assert_says(&html, key);
    }
    assert_eq!(html.matches("class=\"paper-line\"").count(), 4);
    assert_eq!(
        html.matches("class=\"paper-line paper-blank\"").count(),
        2 * WALK_IN_ROWS,
        "blank walk-in rows under each sheet"
    );
    assert_eq!(
        html.matches("class=\"paper-box\"").count(),
        4 + 2 * WALK_IN_ROWS
    );
    assert!(html.contains("198503122010011001"), "the NIP is printed");

    // One slot only, and the roster links to the sheets and to their entry.
    let (_, one) = pmi
        .get_text(&format!(
            "/pmi/drives/{slug}/roster/print?slot={}",
            slots[2]
        ))
        .await;
    assert_eq!(one.matches("<section class=\"paper-sheet\"").count(), 1);
    let (_, roster) = pmi.get_text(&format!("/pmi/drives/{slug}/roster")).await;
    assert!(roster.contains(&format!("href=\"/pmi/drives/{slug}/roster/print\"")));
    assert!(roster.contains(&format!("href=\"/pmi/drives/{slug}/paper\"")));
    assert!(html.contains(&format!(
        "href=\"/pmi/drives/{slug}/paper?slot={}\"",
        slots[0]
    )));
}

#[tokio::test]
async fn the_entry_form_shows_the_slot_with_inputs_and_a_picker_without_one() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;

    let (status, picker) = pmi.get_text(&format!("/pmi/drives/{slug}/paper")).await;
    assert_eq!(status, 200);
    assert!(picker.contains(&format!("/pmi/drives/{slug}/paper?slot={}", slots[0])));
    assert!(
        !picker.contains("name=\"slot\""),
        "no sheet before a slot is chosen"
    );

    let (status, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/paper?slot={}", slots[0]))
        .await;
    assert_eq!(status, 200);
    assert_says(&html, "paper-policy");
    for id in &ids {
        assert!(html.contains(&format!("name=\"r.{id}.present\"")));
        assert!(html.contains(&format!("name=\"r.{id}.bp\"")));
        assert!(html.contains(&format!("name=\"r.{id}.seen\" value=\"{BOOKED}\"")));
    }
    assert!(html.contains(&format!("name=\"w.{}.id_number\"", WALK_IN_ROWS - 1)));

    // A slot id that is not one, percent-encoded or not: the picker, no 500.
    for slot in ["%27%3B--", "not-a-slot", &Uuid::new_v4().to_string()] {
        let res = pmi
            .get(&format!("/pmi/drives/{slug}/paper?slot={slot}"))
            .await;
        assert_status_for(&res, 404, slot);
    }
}

#[tokio::test]
async fn a_whole_sheet_records_check_ins_screenings_and_donations_in_one_go() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (donor, present_only, deferred) = (ids[0], ids[1], ids[2]);

    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![
            row(
                donor,
                &with(
                    &GOOD_VITALS,
                    &[
                        ("tested_group", "o neg"),
                        ("decision", "accept"),
                        ("bag_number", "pmi-0001"),
                    ],
                ),
            ),
            row(present_only, &[("present", "1")]),
            row(
                deferred,
                &[
                    ("present", "1"),
                    ("weight_kg", "62"),
                    ("hb_g_dl", "11.9"),
                    ("bp", "120/80"),
                    ("pulse", "72"),
                    ("temperature_c", "36.8"),
                    ("decision", "defer"),
                ],
            ),
        ],
    )
    .await;
    assert_status(&res, 303);
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(
        location.ends_with(&format!(
            "paper?slot={}&checked_in=3&screened=2&donated=1&walk_ins=0",
            slots[0]
        )),
        "{location}"
    );

    assert_eq!(status_of(&app, donor), "donated");
    assert_eq!(status_of(&app, present_only), "checked_in");
    assert_eq!(status_of(&app, deferred), "deferred");
    for id in &ids {
        assert_eq!(audit_count(&app, "registration.check_in", *id), 1);
        let answers: serde_json::Value = registrations::table
            .find(id)
            .select(registrations::answers)
            .first(&mut app.conn())
            .expect("answers");
        assert_eq!(answers["day_of"]["fever_last_7_days"], false, "the paraf");
    }
    assert_eq!(audit_count(&app, "screening.record", donor), 1);
    assert_eq!(audit_count(&app, "screening.record", deferred), 1);
    assert_eq!(audit_count(&app, "donation.record", donor), 1);
    let (group, rhesus, tested): (String, String, Option<chrono::DateTime<chrono::Utc>>) =
        registrations::table
            .inner_join(donors::table)
            .filter(registrations::id.eq(donor))
            .select((
                donors::blood_group,
                donors::rhesus,
                donors::blood_group_tested_at,
            ))
            .first(&mut app.conn())
            .expect("donor");
    assert_eq!((group.as_str(), rhesus.as_str()), ("O", "negative"));
    assert!(tested.is_some(), "PMI's test is on the donor's record");
    let (bag, volume): (String, i32) = donations::table
        .filter(donations::registration_id.eq(donor))
        .select((donations::bag_number, donations::volume_ml))
        .first(&mut app.conn())
        .expect("donation");
    assert_eq!((bag.as_str(), volume), ("PMI-0001", 350));
    let reason: Option<String> = screenings::table
        .filter(screenings::registration_id.eq(deferred))
        .select(screenings::deferral_reason)
        .first(&mut app.conn())
        .expect("deferral");
    assert_eq!(reason.as_deref(), Some("low_hb"), "the suggestion's reason");

    // The sheet again says what was recorded, the recorded rows read-only.
    let (status, html) = pmi.get_text(&location).await;
    assert_eq!(status, 200);
    assert_says(&html, "paper-done");
    assert!(!html.contains(&format!("name=\"r.{donor}.bag_number\"")));
    assert!(html.contains("PMI-0001"));
    assert!(
        html.contains(&format!("name=\"r.{present_only}.weight_kg\"")),
        "checked in, still to be screened"
    );
    assert!(!html.contains(&format!("name=\"r.{present_only}.present\"")));
}

#[tokio::test]
async fn one_bad_row_writes_nothing_answers_422_and_keeps_every_typed_value() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let before = screening_count(&app);

    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![
            row(
                ids[0],
                &with(
                    &GOOD_VITALS,
                    &[("decision", "accept"), ("bag_number", "KEEP-ME-1")],
                ),
            ),
            row(
                ids[1],
                &[
                    ("present", "1"),
                    ("weight_kg", "62"),
                    ("hb_g_dl", "125"),
                    ("bp", "120-80"),
                    ("pulse", "72"),
                    ("temperature_c", "36.8"),
                    ("decision", "accept"),
                ],
            ),
            // Written without a paraf.
            row(ids[2], &[("weight_kg", "70")]),
            vec![
                ("w.0.id_number".to_owned(), "12345".to_owned()),
                ("w.0.full_name".to_owned(), "=HYPERLINK(\"x\")".to_owned()),
                ("w.0.present".to_owned(), "1".to_owned()),
            ],
        ],
    )
    .await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_says(&html, "paper-refused");
    assert_says(&html, "paper-policy");
    for field in [
        format!("r-{}-hb_g_dl", ids[1]),
        format!("r-{}-bp", ids[1]),
        format!("r-{}-present", ids[2]),
        "w-0-id_number".to_owned(),
        "w-0-work_unit".to_owned(),
    ] {
        assert!(html.contains(&format!("id=\"{field}-error\"")), "{field}");
        assert!(
            html.contains(&format!("href=\"#{field}\"")),
            "listed: {field}"
        );
    }
    assert_says(&html, "paper-bp-invalid");
    assert_says(&html, "paper-problem-no-paraf");
    for typed in [
        "KEEP-ME-1",
        "value=\"125\"",
        "value=\"120-80\"",
        "value=\"70\"",
        "value=\"12345\"",
    ] {
        assert!(html.contains(typed), "typed value kept: {typed}");
    }
    assert!(html.contains(&html_escape("=HYPERLINK(\"x\")")));

    for id in &ids {
        assert_eq!(status_of(&app, *id), "booked", "nothing written");
        assert_eq!(audit_count(&app, "registration.check_in", *id), 0);
    }
    assert_eq!(screening_count(&app), before);
}

#[tokio::test]
async fn an_override_needs_its_reason_and_a_decision_needs_vitals() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;

    let low_hb = [
        ("present", "1"),
        ("weight_kg", "62"),
        ("hb_g_dl", "11.9"),
        ("bp", "120/80"),
        ("pulse", "72"),
        ("temperature_c", "36.8"),
        ("decision", "accept"),
    ];
    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![
            row(ids[0], &low_hb),
            row(ids[1], &[("present", "1"), ("decision", "defer")]),
        ],
    )
    .await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(html.contains(&format!("id=\"r-{}-override_reason-error\"", ids[0])));
    assert_says(&html, "pmi-override-reason-required");
    assert_says(&html, "paper-problem-decision-without-vitals");
    assert_eq!(status_of(&app, ids[0]), "booked");

    // With the reason, the override is recorded.
    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![row(
            ids[0],
            &with(&low_hb, &[("override_reason", "Hb diulang: 12,6")]),
        )],
    )
    .await;
    assert_status(&res, 303);
    let (suggested, decided): (String, String) = screenings::table
        .filter(screenings::registration_id.eq(ids[0]))
        .select((screenings::suggested_decision, screenings::final_decision))
        .first(&mut app.conn())
        .expect("screening");
    assert_eq!((suggested.as_str(), decided.as_str()), ("defer", "accept"));
}

#[tokio::test]
async fn a_donor_screened_at_a_station_meanwhile_sends_the_sheet_back_with_409() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;

    // A colleague at the table: the second donor checked in and screened.
    let sheet = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![row(ids[1], &with(&GOOD_VITALS, &[("decision", "accept")]))],
    )
    .await;
    assert_status(&sheet, 303);
    let before = screening_count(&app);

    // The sheet typed from paper still saw them booked.
    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![
            row(ids[0], &with(&GOOD_VITALS, &[("decision", "accept")])),
            row(ids[1], &with(&GOOD_VITALS, &[("decision", "accept")])),
        ],
    )
    .await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert!(html.contains(&format!("id=\"r-{}-row\"", ids[1])));
    assert_says(&html, "paper-conflict-recorded-meanwhile");
    assert!(
        html.contains(&format!("name=\"r.{}.weight_kg\" value=\"62\"", ids[0])),
        "the other rows keep what was typed"
    );
    assert_eq!(status_of(&app, ids[0]), "booked", "nothing written");
    assert_eq!(screening_count(&app), before);
}

#[tokio::test]
async fn a_bag_number_already_used_rolls_every_row_of_the_sheet_back() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![row(
            ids[2],
            &with(
                &GOOD_VITALS,
                &[("decision", "accept"), ("bag_number", "BAG-7")],
            ),
        )],
    )
    .await;
    assert_status(&res, 303);
    let before = screening_count(&app);

    // The first row is fine; the second's bag is taken: the store's
    // transaction has checked in and screened both before it finds out.
    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![
            row(ids[0], &with(&GOOD_VITALS, &[("decision", "accept")])),
            row(
                ids[1],
                &with(
                    &GOOD_VITALS,
                    &[("decision", "accept"), ("bag_number", "bag-7")],
                ),
            ),
        ],
    )
    .await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert!(html.contains(&format!("id=\"r-{}-bag_number-error\"", ids[1])));
    assert_says(&html, "pmi-bag-taken");
    assert_eq!(status_of(&app, ids[0]), "booked", "rolled back");
    assert_eq!(status_of(&app, ids[1]), "booked", "rolled back");
    assert_eq!(audit_count(&app, "registration.check_in", ids[0]), 0);
    assert_eq!(screening_count(&app), before);

    // The same bag twice on one sheet is caught before anything is tried.
    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![
            row(
                ids[0],
                &with(
                    &GOOD_VITALS,
                    &[("decision", "accept"), ("bag_number", "B-1")],
                ),
            ),
            row(
                ids[1],
                &with(
                    &GOOD_VITALS,
                    &[("decision", "accept"), ("bag_number", "b-1")],
                ),
            ),
        ],
    )
    .await;
    assert_status(&res, 422);
    assert_says(&res.text().await.expect("body"), "paper-bag-twice");
}

#[tokio::test]
async fn a_walk_in_row_becomes_a_checked_in_walk_in_with_its_screening() {
    let app = spawn_app().await;
    let (slug, _, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let walk_in_nip = nip(50);
    let mut fields = vec![
        ("w.1.id_number".to_owned(), walk_in_nip.clone()),
        ("w.1.full_name".to_owned(), "Stefanus Lay".to_owned()),
        ("w.1.work_unit".to_owned(), "KANIM-KUPANG".to_owned()),
        ("w.1.decision".to_owned(), "accept".to_owned()),
    ];
    for (column, value) in GOOD_VITALS {
        fields.push((format!("w.1.{column}"), value.to_owned()));
    }
    let res = post_sheet(&pmi, &slug, slots[1], vec![fields]).await;
    assert_status(&res, 303);
    let location = res.headers()["location"].to_str().expect("location");
    assert!(
        location.ends_with("checked_in=0&screened=1&donated=0&walk_ins=1"),
        "{location}"
    );

    let (id, status, source, slot): (Uuid, String, String, Option<Uuid>) = registrations::table
        .inner_join(donors::table)
        .filter(donors::nip.eq(&walk_in_nip))
        .select((
            registrations::id,
            registrations::status,
            registrations::source,
            registrations::slot_id,
        ))
        .first(&mut app.conn())
        .expect("walk-in");
    assert_eq!(
        (status.as_str(), source.as_str(), slot),
        ("checked_in", "walk_in", Some(slots[1]))
    );
    assert_eq!(audit_count(&app, "registration.walk_in", id), 1);
    assert_eq!(audit_count(&app, "screening.record", id), 1);
}

#[tokio::test]
async fn pmi_and_organizers_may_enter_a_sheet_strangers_may_not() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let path = format!("/pmi/drives/{slug}/paper?slot={}", slots[0]);

    let res = app.get(&path).await;
    assert_status(&res, 303);
    let res = post_sheet(
        &app,
        &slug,
        slots[0],
        vec![row(ids[0], &[("present", "1")])],
    )
    .await;
    assert_status(&res, 401);
    assert_eq!(status_of(&app, ids[0]), "booked");

    for role in [Role::Pmi, Role::Organizer] {
        let (staff, _) = app.login_as(role).await;
        let (status, _) = staff.get_text(&path).await;
        assert_eq!(status, 200, "{role:?}");
    }
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let res = post_sheet(
        &organizer,
        &slug,
        slots[0],
        vec![row(ids[0], &[("present", "1")])],
    )
    .await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, ids[0]), "checked_in");
}

#[tokio::test]
async fn crafted_sheets_get_an_answer_never_a_500() {
    let app = spawn_app().await;
    let (slug, ids, slots) = drive_with_people(&app).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let path = format!("/pmi/drives/{slug}/paper");
    let slot = slots[0].to_string();

    // A notice's counts as nobody would send them.
    let (status, _) = pmi
        .get_text(&format!(
            "{path}?slot={slot}&checked_in=4294967295&screened=4294967295&donated=1&walk_ins=x"
        ))
        .await;
    assert_eq!(status, 200);
    let (status, _) = pmi
        .get_text(&format!(
            "{path}?slot={slot}&checked_in=4294967295&screened=4294967295&donated=1&walk_ins=1"
        ))
        .await;
    assert_eq!(status, 200);

    // No slot, a slot that is not one, a slot of nobody's.
    for bad in ["", "%27%3B--", "x", &Uuid::new_v4().to_string()] {
        let res = pmi.post_with_csrf(&path, &[("slot", bad)]).await;
        assert_status_for(&res, 422, bad);
    }
    // Fields no page sends.
    for (name, value) in [
        ("w.9999.full_name", "x"),
        ("r.nope.present", "1"),
        ("drop", "1"),
    ] {
        let res = pmi
            .post_with_csrf(&path, &[("slot", &slot), (name, value)])
            .await;
        assert_status_for(&res, 400, name);
    }
    // Thousands of rows of people not on the sheet.
    let many: Vec<(String, String)> = (0..3000)
        .map(|_| (format!("r.{}.present", Uuid::new_v4()), "1".to_owned()))
        .collect();
    let res = post_sheet(&pmi, &slug, slots[0], vec![many]).await;
    assert_status(&res, 409);
    assert_says(&res.text().await.expect("body"), "paper-rows-gone");
    // Ten thousand: more than a form may carry.
    let too_many: Vec<(String, String)> = (0..10_000)
        .map(|_| (format!("r.{}.present", Uuid::new_v4()), "1".to_owned()))
        .collect();
    let res = post_sheet(&pmi, &slug, slots[0], vec![too_many]).await;
    assert!(
        [409, 413].contains(&res.status().as_u16()),
        "{}",
        res.status()
    );
    // Huge and odd values.
    let long = "9".repeat(5000);
    let res = post_sheet(
        &pmi,
        &slug,
        slots[0],
        vec![row(
            ids[0],
            &[
                ("present", "1"),
                ("weight_kg", &long),
                ("hb_g_dl", "NaN"),
                ("bp", "999999999999/1"),
                ("pulse", "-1"),
                ("temperature_c", "inf"),
                ("tested_group", "=1+1"),
                ("decision", "maybe"),
                ("bag_number", "<script>"),
            ],
        )],
    )
    .await;
    assert_status(&res, 422);
    assert_eq!(status_of(&app, ids[0]), "booked");
}

//! The day as stations: reception, screening and the bed, each with its own
//! queue. One save per station, and back to the station with the next person;
//! two coordinators at one station are called different people and never
//! record the same person twice; a scanner's whole QR address finds the donor.

use blood_drive::db::schema::{donations, donors, registrations, screenings, station_calls};
use blood_drive::domain::vocab::Role;
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_field_error, assert_says, assert_status, assert_status_for};
use crate::fixtures::{booked_donor, status_of};
use crate::helpers::{TestApp, seed_demo, spawn_app};

const VITALS: [(&str, &str); 6] = [
    ("weight_kg", "62"),
    ("hb_g_dl", "13,5"),
    ("systolic", "120"),
    ("diastolic", "80"),
    ("pulse", "72"),
    ("temperature_c", "36.8"),
];

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

async fn check_in(pmi: &TestApp, slug: &str, code: &str) -> reqwest::Response {
    pmi.post_with_csrf(
        &format!("/pmi/drives/{slug}/checkin"),
        &[
            ("code", code),
            ("fever_last_7_days", "no"),
            ("medication_last_3_days", "no"),
            ("slept_under_4_hours", "no"),
        ],
    )
    .await
}

async fn screen(pmi: &TestApp, slug: &str, id: Uuid, extra: &[(&str, &str)]) -> reqwest::Response {
    let mut fields: Vec<(&str, &str)> = VITALS.to_vec();
    fields.push(("seen", "0"));
    fields.extend_from_slice(extra);
    pmi.post_with_csrf(
        &format!("/pmi/drives/{slug}/stations/screening/{id}"),
        &fields,
    )
    .await
}

async fn donate(pmi: &TestApp, slug: &str, id: Uuid, bag: &str) -> reqwest::Response {
    pmi.post_with_csrf(
        &format!("/pmi/drives/{slug}/stations/donation/{id}"),
        &[
            ("bag_number", bag),
            ("volume_ml", "350"),
            ("outcome", "complete"),
            ("reaction", "none"),
            ("notes", ""),
        ],
    )
    .await
}

fn screening_count(app: &TestApp, id: Uuid) -> i64 {
    screenings::table
        .filter(screenings::registration_id.eq(id))
        .count()
        .get_result(&mut app.conn())
        .expect("screenings")
}

fn name_of(app: &TestApp, id: Uuid) -> String {
    registrations::table
        .inner_join(donors::table)
        .filter(registrations::id.eq(id))
        .select(donors::full_name)
        .first(&mut app.conn())
        .expect("name")
}

/// Checks `n` booked donors in (serials from `first`, named `Pendonor No
/// <serial>`); returns their ids in check-in order, each checked in a minute
/// after the one before.
async fn checked_in(app: &TestApp, pmi: &TestApp, slug: &str, first: u32, n: u32) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for serial in first..first + n {
        let (id, code) = booked_donor(app, slug, serial).await;
        app.execute(&format!(
            "UPDATE donors SET full_name = 'Pendonor No {serial}' \
             WHERE id = (SELECT donor_id FROM registrations WHERE id = '{id}')"
        ));
        assert_status(&check_in(pmi, slug, &code).await, 303);
        ids.push(id);
    }
    for (i, id) in ids.iter().enumerate() {
        app.execute(&format!(
            "UPDATE registrations SET checked_in_at = now() - interval '{} minutes' WHERE id = '{id}'",
            30 - i
        ));
    }
    ids
}

#[tokio::test]
async fn a_donor_goes_through_three_stations_with_one_save_at_each() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 1).await;
    let name = name_of(&app, id);
    let (pmi, _) = app.login_as(Role::Pmi).await;

    // Reception: the code brings the card; one save checks in and returns to
    // the station, which names who just arrived.
    let (status, html) = pmi.get_text(&format!("/pmi/drives/{slug}/checkin")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&name), "expected at reception");
    let res = check_in(&pmi, &slug, &code).await;
    assert_status(&res, 303);
    let back = location(&res);
    assert_eq!(back, format!("/pmi/drives/{slug}/checkin?done={id}"));
    let (_, html) = pmi.get_text(&back).await;
    assert_says(&html, "station-done-checked-in");
    assert!(html.contains("autofocus"), "the code field is ready");

    // Screening: the page calls them; one save with the suggestion.
    let (status, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/stations/screening"))
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("/stations/screening/{id}")),
        "{html}"
    );
    let res = screen(&pmi, &slug, id, &[("decision", ""), ("tested_group", "A-")]).await;
    assert_status(&res, 303);
    assert_eq!(
        location(&res),
        format!("/pmi/drives/{slug}/stations/screening?done={id}")
    );
    let (_, html) = pmi.get_text(&location(&res)).await;
    assert_says(&html, "station-done-accepted");
    assert_says(&html, "station-nobody-waiting");
    assert_eq!(status_of(&app, id), "checked_in");
    let (group, rhesus): (String, String) = registrations::table
        .inner_join(donors::table)
        .filter(registrations::id.eq(id))
        .select((donors::blood_group, donors::rhesus))
        .first(&mut app.conn())
        .expect("donor");
    assert_eq!((group.as_str(), rhesus.as_str()), ("A", "negative"));

    // The bed: the page calls them with what screening measured; one save.
    let (_, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/stations/donation"))
        .await;
    assert!(html.contains(&format!("/stations/donation/{id}")), "{html}");
    assert!(html.contains("Hb 13.5"), "what screening measured");
    assert!(html.contains("A−"), "the tested group");
    let res = donate(&pmi, &slug, id, "NTT-0001").await;
    assert_status(&res, 303);
    let (_, html) = pmi.get_text(&location(&res)).await;
    assert_says(&html, "station-done-donated");
    assert_eq!(status_of(&app, id), "donated");
}

#[tokio::test]
async fn each_queue_lists_who_waits_there_oldest_first_with_minutes_waited() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let ids = checked_in(&app, &pmi, &slug, 10, 3).await;
    // The oldest has been screened and accepted: they wait at the bed now.
    assert_status(&screen(&pmi, &slug, ids[0], &[("decision", "")]).await, 303);

    let (_, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/stations/screening"))
        .await;
    let second = name_of(&app, ids[1]);
    let third = name_of(&app, ids[2]);
    let queue = &html[html.find("queue-list").expect("queue")..];
    let (a, b) = (
        queue.find(&second).expect("second waits"),
        queue.find(&third).expect("third waits"),
    );
    assert!(a < b, "oldest first");
    assert!(
        !queue.contains(&name_of(&app, ids[0])),
        "screened: not here"
    );
    assert!(
        queue.contains("29") && crate::expect::says(queue, "station-minutes"),
        "minutes waited"
    );
    assert!(
        html.contains(&format!("/stations/screening/{}", ids[1])),
        "the oldest is called"
    );

    let (_, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/stations/donation"))
        .await;
    assert!(html.contains(&format!("/stations/donation/{}", ids[0])));
    assert!(!html.contains(&second));
}

#[tokio::test]
async fn a_suggested_deferral_is_shown_for_confirmation_before_it_is_saved() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let id = checked_in(&app, &pmi, &slug, 20, 1).await[0];
    let low_hb = [("hb_g_dl", "11.0")];
    let mut fields: Vec<(&str, &str)> = VITALS
        .iter()
        .filter(|(k, _)| *k != "hb_g_dl")
        .copied()
        .collect();
    fields.extend_from_slice(&low_hb);
    fields.push(("seen", "0"));
    fields.push(("decision", ""));
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/drives/{slug}/stations/screening/{id}"),
            &fields,
        )
        .await;
    assert_status_for(&res, 200, "shown, not saved");
    let html = res.text().await.expect("body");
    assert_says(&html, "station-confirm-deferral");
    assert!(html.contains("value=\"11.0\""), "what was typed is kept");
    assert!(html.contains("value=\"defer\" checked"), "{html}");
    assert_eq!(screening_count(&app, id), 0);

    fields.retain(|(k, _)| *k != "decision");
    fields.push(("decision", "defer"));
    fields.push(("deferral_reason", "low_hb"));
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/drives/{slug}/stations/screening/{id}"),
            &fields,
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "deferred");
    let (_, html) = pmi.get_text(&location(&res)).await;
    assert_says(&html, "station-done-deferred");
}

#[tokio::test]
async fn mistakes_at_a_station_keep_the_person_and_what_was_typed() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let id = checked_in(&app, &pmi, &slug, 30, 1).await[0];
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/drives/{slug}/stations/screening/{id}"),
            &[
                ("weight_kg", "62"),
                ("hb_g_dl", "tiga belas"),
                ("systolic", "120"),
                ("diastolic", "80"),
                ("pulse", "72"),
                ("temperature_c", "36.8"),
                ("tested_group", "C+"),
                ("seen", "0"),
            ],
        )
        .await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_field_error(&html, "hb_g_dl");
    assert!(html.contains("value=\"tiga belas\""));
    assert!(
        html.contains(&format!("/stations/screening/{id}")),
        "same person"
    );
    assert_eq!(screening_count(&app, id), 0);

    assert_status(&screen(&pmi, &slug, id, &[("decision", "")]).await, 303);
    let res = donate(&pmi, &slug, id, "").await;
    assert_status(&res, 422);
    assert_field_error(&res.text().await.expect("body"), "bag_number");
    assert_eq!(status_of(&app, id), "checked_in");

    // Somebody else's id, or one that is no id at all.
    let other = Uuid::new_v4();
    assert_status(&donate(&pmi, &slug, other, "NTT-9").await, 404);
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/drives/{slug}/stations/donation/%2e%2e"),
            &[("bag_number", "X")],
        )
        .await;
    assert_status(&res, 404);
}

#[tokio::test]
async fn two_coordinators_at_one_station_are_called_different_people() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (a, account_a) = app.login_as(Role::Pmi).await;
    let (b, account_b) = app.login_as(Role::Pmi).await;
    let ids = checked_in(&app, &a, &slug, 40, 3).await;

    let page = format!("/pmi/drives/{slug}/stations/screening");
    let ((sa, ha), (sb, hb)) = tokio::join!(a.get_text(&page), b.get_text(&page));
    assert_eq!((sa, sb), (200, 200));
    let called = |html: &str| -> Uuid {
        let at = html.find("/stations/screening/").expect("someone called") + 20;
        html[at..at + 36].parse().expect("id")
    };
    let (ca, cb) = (called(&ha), called(&hb));
    assert_ne!(ca, cb, "one person, one coordinator");
    assert!(
        ids[..2].contains(&ca) && ids[..2].contains(&cb),
        "the two oldest"
    );
    let calls: Vec<(Uuid, Uuid)> = station_calls::table
        .select((station_calls::registration_id, station_calls::called_by))
        .load(&mut app.conn())
        .expect("calls");
    assert_eq!(calls.len(), 2);
    assert!(calls.contains(&(ca, account_a.id)) && calls.contains(&(cb, account_b.id)));

    // Reloading keeps one's own call; a picked name is taken over.
    let (_, again) = a.get_text(&page).await;
    assert_eq!(called(&again), ca);
    let (_, picked) = b.get_text(&format!("{page}?id={}", ids[2])).await;
    assert_eq!(called(&picked), ids[2]);
}

#[tokio::test]
async fn two_coordinators_saving_the_same_person_record_one_screening_and_one_bag() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (a, _) = app.login_as(Role::Pmi).await;
    let (b, _) = app.login_as(Role::Pmi).await;
    let id = checked_in(&app, &a, &slug, 50, 1).await[0];

    let (ra, rb) = tokio::join!(
        screen(&a, &slug, id, &[("decision", "")]),
        screen(&b, &slug, id, &[("decision", "")])
    );
    let mut statuses = vec![ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![303, 409]);
    assert_eq!(screening_count(&app, id), 1);

    let (ra, rb) = tokio::join!(
        donate(&a, &slug, id, "NTT-0101"),
        donate(&b, &slug, id, "NTT-0102")
    );
    let mut statuses = vec![ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![303, 409]);
    let bags: i64 = donations::table
        .filter(donations::registration_id.eq(id))
        .count()
        .get_result(&mut app.conn())
        .expect("bags");
    assert_eq!(bags, 1);
    assert_eq!(status_of(&app, id), "donated");
}

#[tokio::test]
async fn a_scanner_typing_the_whole_qr_address_finds_the_donor() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 60).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let scanned = format!("http://127.0.0.1:8080/pmi/drives/{slug}/checkin?code={code}");
    let res = pmi
        .get(&format!(
            "/pmi/drives/{slug}/checkin?code={}",
            urlencoding_of(&scanned)
        ))
        .await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(html.contains(&name_of(&app, id)), "the card");
    assert!(html.contains("name=\"fever_last_7_days\""));
    // And the save takes it in the same form.
    let res = check_in(&pmi, &slug, &scanned.to_uppercase()).await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "checked_in");
}

fn urlencoding_of(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

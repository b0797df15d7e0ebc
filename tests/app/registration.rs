//! The staff member's journey through the pages: register, see the booking,
//! reschedule, cancel; and every refusal on the way.

use blood_drive::db::schema::{audit_log, registrations, slots};
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_field_error, assert_says, assert_status, assert_status_for, says};
use crate::fixtures::{nip, post_step, register, slot_ids, valid_fields};
use crate::helpers::{TestApp, extract_csrf, seed_demo, spawn_app};

fn registration_count(app: &TestApp) -> i64 {
    let mut conn = app.conn();
    registrations::table
        .count()
        .get_result(&mut conn)
        .expect("count")
}

fn booked(app: &TestApp, slot: Uuid) -> i32 {
    let mut conn = app.conn();
    slots::table
        .find(slot)
        .select(slots::booked)
        .first(&mut conn)
        .expect("slot")
}

#[tokio::test]
async fn the_form_walks_three_steps_and_books_a_seat() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[1];
    let (status, html) = app.get_text(&format!("/drives/{slug}/register")).await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"nip\""));

    let mut fields = valid_fields(&nip(1), &slot.to_string());
    fields.retain(|(k, _)| {
        ![
            "slot_id",
            "permanent_condition",
            "fever_last_7_days",
            "medication_last_3_days",
            "slept_under_4_hours",
        ]
        .contains(k)
    });
    // Step 1 → the health questions, with birth date and sex taken from the NIP.
    let res = post_step(&app, &slug, "identity", &fields).await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(html.contains("name=\"fever_last_7_days\""));
    assert!(
        html.contains("name=\"birth_date\" value=\"1985-03-12\""),
        "prefilled from NIP"
    );
    assert!(!html.contains("name=\"pregnant\""), "not asked of men");

    // Step 2 without answers → the same step with errors.
    let res = post_step(&app, &slug, "health", &fields).await;
    assert_status(&res, 422);
    assert_says(&res.text().await.expect("body"), "input-answer-missing");

    // Step 2 answered → the slots.
    let all = valid_fields(&nip(1), &slot.to_string());
    let res = post_step(&app, &slug, "health", &all).await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(html.contains(&format!("value=\"{slot}\"")));
    assert_eq!(
        registration_count(&app),
        0,
        "nothing stored before the last step"
    );

    // Step 3 → booked, and the donor page.
    let page = register(&app, &slug, &all).await;
    assert_eq!(booked(&app, slot), 1);
    let (status, html) = app.get_text(&format!("{page}?new=1")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Terima kasih, Yohanes!"));
    assert!(html.contains("<svg"), "QR code");
    assert!(html.contains("08.30–09.00 WITA"));
    let code: String = {
        let mut conn = app.conn();
        registrations::table
            .select(registrations::code)
            .first(&mut conn)
            .expect("code")
    };
    assert!(
        html.contains(&format!("{}-{}", &code[..4], &code[4..])),
        "code shown as ABCD-EFGH"
    );
    let mut conn = app.conn();
    let actions: Vec<String> = audit_log::table
        .select(audit_log::action)
        .load(&mut conn)
        .expect("audit");
    assert_eq!(actions, vec!["registration.create"]);
}

#[tokio::test]
async fn a_nip_contradicting_the_birth_date_is_refused_with_input_kept() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let mut fields = valid_fields(&nip(2), &slot_ids(&app)[0].to_string());
    fields.push(("birth_date", "1986-03-12".to_owned()));
    let res = post_step(&app, &slug, "slot", &fields).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_field_error(&html, "birth_date");
    assert!(html.contains("value=\"Yohanes Bria\""), "input kept");
    assert!(html.contains(&nip(2)));
    assert_eq!(registration_count(&app), 0);
}

#[tokio::test]
async fn malformed_input_is_explained_field_by_field_and_escaped() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let fields = vec![
        ("employee_type", "pns".to_owned()),
        ("nip", "19851312abc".to_owned()),
        (
            "full_name",
            format!("<script>alert(1)</script>{}", "x".repeat(10_000)),
        ),
        ("work_unit", "'; DROP TABLE donors; --".to_owned()),
        ("phone", "<b>".to_owned()),
        ("weight_kg", "sixty".to_owned()),
        ("email", "@@".to_owned()),
    ];
    let res = post_step(&app, &slug, "identity", &fields).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(!html.contains("<script>alert(1)"), "escaped");
    for field in [
        "nip",
        "full_name",
        "work_unit",
        "phone",
        "weight_kg",
        "email",
    ] {
        assert_field_error(&html, field);
    }
    assert_eq!(registration_count(&app), 0);
}

#[tokio::test]
async fn a_deferral_says_why_and_from_when_and_stores_nothing() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let mut fields = valid_fields(&nip(3), &slot_ids(&app)[0].to_string());
    fields.retain(|(k, _)| *k != "weight_kg");
    fields.push(("weight_kg", "44,9".to_owned()));
    let res = post_step(&app, &slug, "health", &fields).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(says(&html, "eligibility-verdict-deferred"), "{html}");
    assert!(html.contains("45"), "names the minimum weight");

    let mut fields = valid_fields(&nip(3), &slot_ids(&app)[0].to_string());
    fields.push(("tattoo_piercing_date", "2026-09-01".to_owned()));
    let res = post_step(&app, &slug, "slot", &fields).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("1 September 2027"),
        "eligible again 12 months later: {html}"
    );
    assert_eq!(registration_count(&app), 0);
}

#[tokio::test]
async fn a_second_registration_with_the_same_nip_reveals_nothing() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    register(&app, &slug, &valid_fields(&nip(4), &slots[0].to_string())).await;
    let mut other = valid_fields(&nip(4), &slots[1].to_string());
    other.retain(|(k, _)| *k != "full_name" && *k != "phone");
    other.push(("full_name", "Orang Lain".to_owned()));
    other.push(("phone", "081299998888".to_owned()));
    let res = post_step(&app, &slug, "slot", &other).await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert_says(&html, "reg-duplicate-title");
    assert!(!html.contains("Yohanes"), "the stored name is not shown");
    assert!(!html.contains("08.00"), "the stored slot is not shown");
    assert_eq!(registration_count(&app), 1);
    assert_eq!(booked(&app, slots[1]), 0, "the second seat was given back");
}

#[tokio::test]
async fn a_full_slot_offers_the_others_and_a_full_drive_the_waitlist() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    {
        let mut conn = app.conn();
        diesel::update(slots::table.find(slots[0]))
            .set(slots::booked.eq(slots::capacity))
            .execute(&mut conn)
            .expect("fill");
    }
    let res = post_step(
        &app,
        &slug,
        "slot",
        &valid_fields(&nip(5), &slots[0].to_string()),
    )
    .await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert_says(&html, "reg-slot-full");
    assert!(
        html.contains(&format!("value=\"{}\"", slots[1])),
        "other slots offered"
    );
    assert!(
        !html.contains("value=\"waitlist\""),
        "no waitlist while seats remain"
    );

    {
        let mut conn = app.conn();
        diesel::update(slots::table)
            .set(slots::booked.eq(slots::capacity))
            .execute(&mut conn)
            .expect("fill all");
    }
    let res = post_step(&app, &slug, "health", &valid_fields(&nip(5), "")).await;
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("value=\"waitlist\"")
    );
    let page = register(&app, &slug, &valid_fields(&nip(5), "waitlist")).await;
    let (_, html) = app.get_text(&page).await;
    assert!(html.contains("badge--status-waitlisted"));
}

#[tokio::test]
async fn unknown_slots_and_slots_of_another_drive_are_refused() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    for slot in [Uuid::new_v4().to_string(), "not-a-slot".to_owned()] {
        let res = post_step(&app, &slug, "slot", &valid_fields(&nip(6), &slot)).await;
        assert_status_for(&res, 422, format_args!("{slot}"));
    }
    assert_eq!(registration_count(&app), 0);
}

#[tokio::test]
async fn a_closed_drive_refuses_registrations() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[0];
    let csrf = app.csrf_token(&format!("/drives/{slug}/register")).await;
    {
        use blood_drive::db::schema::drives;
        let mut conn = app.conn();
        diesel::update(drives::table)
            .set(
                drives::registration_closes_at
                    .eq(chrono::Utc::now() - chrono::Duration::minutes(1)),
            )
            .execute(&mut conn)
            .expect("close");
    }
    let (_, html) = app.get_text(&format!("/drives/{slug}/register")).await;
    assert_says(&html, "reg-closed-title");
    // The form from before the cut-off, submitted after it.
    let fields = valid_fields(&nip(7), &slot.to_string());
    let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("csrf_token", &csrf));
    all.push(("step", "slot"));
    let res = app
        .post_form(&format!("/drives/{slug}/register"), &all)
        .await;
    assert_status(&res, 409);
    assert_eq!(registration_count(&app), 0);
}

#[tokio::test]
async fn cancelling_asks_first_then_frees_the_seat_for_the_waitlist() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    let page = register(&app, &slug, &valid_fields(&nip(8), &slots[0].to_string())).await;
    {
        let mut conn = app.conn();
        diesel::update(slots::table)
            .set(slots::booked.eq(slots::capacity))
            .execute(&mut conn)
            .expect("fill all");
    }
    let waiting = register(&app, &slug, &valid_fields(&nip(9), "waitlist")).await;

    let (status, html) = app.get_text(&format!("{page}/cancel")).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&html).expect("csrf");
    let res = app
        .post_form(&format!("{page}/cancel"), &[("csrf_token", &csrf)])
        .await;
    assert_status(&res, 303);
    let (_, html) = app.get_text(&page).await;
    assert!(html.contains("badge--status-cancelled"));

    let (_, html) = app.get_text(&waiting).await;
    assert!(
        html.contains("badge--status-booked"),
        "promoted from the waitlist"
    );
    assert!(html.contains("08.00–08.30 WITA"), "into the freed slot");
    assert_eq!(booked(&app, slots[0]), 6);
}

#[tokio::test]
async fn rescheduling_moves_the_seat_and_a_full_slot_changes_nothing() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    let page = register(&app, &slug, &valid_fields(&nip(10), &slots[0].to_string())).await;
    let csrf = app.csrf_token(&page).await;
    let res = app
        .post_form(
            &format!("{page}/reschedule"),
            &[("csrf_token", &csrf), ("slot_id", &slots[2].to_string())],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!((booked(&app, slots[0]), booked(&app, slots[2])), (0, 1));

    {
        let mut conn = app.conn();
        diesel::update(slots::table.find(slots[3]))
            .set(slots::booked.eq(slots::capacity))
            .execute(&mut conn)
            .expect("fill");
    }
    let res = app
        .post_form(
            &format!("{page}/reschedule"),
            &[("csrf_token", &csrf), ("slot_id", &slots[3].to_string())],
        )
        .await;
    assert_status(&res, 409);
    assert_says(&res.text().await.expect("body"), "donor-slot-full");
    assert_eq!(booked(&app, slots[2]), 1, "still holds the old seat");
}

#[tokio::test]
async fn the_calendar_file_holds_the_slot_in_utc() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    let page = register(&app, &slug, &valid_fields(&nip(11), &slots[0].to_string())).await;
    let res = app.get(&format!("{page}/calendar.ics")).await;
    assert_status(&res, 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/calendar")
    );
    let ics = res.text().await.expect("body");
    assert!(ics.contains("BEGIN:VEVENT"));
    assert!(ics.contains("T000000Z"), "08.00 WITA is 00.00 UTC: {ics}");
    assert!(ics.contains("Hari Bhakti Imigrasi"));
}

#[tokio::test]
async fn unknown_donor_links_are_404() {
    let app = spawn_app().await;
    for path in [
        "/r/0123456789abcdef0123456789abcdef",
        "/r/short",
        "/r/%3Cscript%3E/cancel",
    ] {
        assert_status_for(&app.get(path).await, 404, format_args!("{path}"));
    }
}

//! A staff member on a phone: self-check, register, code and QR, reschedule, cancel.

use blood_drive::db::schema::{donors, registrations, slots};
use diesel::prelude::*;
use uuid::Uuid;

use super::{Browser, PHONE};
use crate::fixtures::nip;
use crate::helpers::{TestApp, seed_demo, spawn_app};

/// The registration of the donor with `nip`: (slot, status, code).
fn registration_of(app: &TestApp, nip: &str) -> (Option<Uuid>, String, String) {
    registrations::table
        .inner_join(donors::table)
        .filter(donors::nip.eq(nip))
        .select((
            registrations::slot_id,
            registrations::status,
            registrations::code,
        ))
        .first(&mut app.conn())
        .expect("the registration is stored")
}

const SUBMIT: &str = "form.card button.button--primary[type=submit]";

#[tokio::test]
async fn a_staff_member_on_a_phone_checks_registers_reschedules_and_cancels() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let mut b = Browser::open(&app, PHONE, "id-ID,id").await;

    // The front page leads to the drive.
    b.visit("/").await;
    b.check(Some("donor-01-home")).await;
    b.follow(&format!("a[href=\"/drives/{slug}\"]")).await;
    b.check(Some("donor-02-drive")).await;

    // Self-check first, without registering.
    b.visit("/eligibility").await;
    b.check(None).await;
    b.set_value("#birth_date", "1985-03-12").await;
    b.choose("sex", "male").await;
    b.fill("#weight_kg", "62").await;
    for radio in b
        .client()
        .find_all(fantoccini::Locator::Css("input[type=radio][value=no]"))
        .await
        .expect("questions")
    {
        radio.click().await.expect("answering no");
    }
    b.follow("form.card button[type=submit]").await;
    assert!(
        b.exists(".verdict--eligible").await,
        "a fit donor hears yes"
    );
    b.check(Some("donor-03-self-check")).await;

    // From the verdict straight to the registration form.
    b.follow(".verdict a.button--primary").await;
    assert_eq!(b.path().await, format!("/drives/{slug}/register"));
    b.check(None).await;

    // A mistyped NIP is answered on the same page, tied to its field, input kept.
    b.choose("employee_type", "pns").await;
    b.fill("#nip", "19850312201001").await;
    b.fill("#full_name", "Maria Goreti Seran").await;
    b.select("#work_unit", "KANIM-KUPANG").await;
    b.fill("#phone", "0812 3456 7890").await;
    b.select("#blood_group", "O").await;
    b.select("#rhesus", "positive").await;
    b.fill("#weight_kg", "62").await;
    b.follow(SUBMIT).await;
    assert_eq!(
        b.attr("#nip", "aria-invalid").await.as_deref(),
        Some("true")
    );
    let described = b.attr("#nip", "aria-describedby").await.unwrap_or_default();
    assert!(
        described.contains("nip-error"),
        "error tied to the field: {described}"
    );
    let error = b.find("#nip-error").await.text().await.expect("error text");
    assert!(!error.trim().is_empty(), "the error says something");
    // The summary at the top names it too and links to the field; only the
    // number is asked about (birth date and sex follow from it).
    let links = b
        .client()
        .find_all(fantoccini::Locator::Css(".error-links a"))
        .await
        .expect("summary links");
    assert_eq!(links.len(), 1, "one problem, one message");
    assert_eq!(
        links[0].attr("href").await.expect("href").as_deref(),
        Some("#nip")
    );
    assert_eq!(
        b.attr("#full_name", "value").await.as_deref(),
        Some("Maria Goreti Seran"),
        "what was typed is kept"
    );
    b.check(Some("donor-04-register-error")).await;

    // Corrected: the birth date and sex come from the NIP.
    let my_nip = nip(731);
    b.fill("#nip", &my_nip).await;
    b.follow(SUBMIT).await;
    b.check(Some("donor-05-register-health")).await;
    for radio in b
        .client()
        .find_all(fantoccini::Locator::Css("input[type=radio][value=no]"))
        .await
        .expect("questions")
    {
        radio.click().await.expect("answering no");
    }
    b.follow(SUBMIT).await;
    b.check(Some("donor-06-register-slot")).await;
    let first_slot = b
        .attr("input[name=slot_id]:not([disabled])", "value")
        .await
        .expect("a slot with seats");
    b.click("input[name=slot_id]:not([disabled])").await;
    b.follow(SUBMIT).await;

    // The confirmation: code, QR, arrival time, calendar file.
    assert!(b.path().await.starts_with("/r/"), "lands on the donor page");
    let (slot, status, code) = registration_of(&app, &my_nip);
    assert_eq!(status, "booked");
    assert_eq!(slot.map(|s| s.to_string()), Some(first_slot.clone()));
    let shown = b
        .find(".ticket__code .code")
        .await
        .text()
        .await
        .expect("code");
    assert_eq!(
        shown.replace('-', ""),
        code,
        "the page shows the stored code"
    );
    assert!(b.exists(".qr svg").await, "a QR code is drawn");
    assert!(b.exists("a[href$=\"/calendar.ics\"]").await);
    b.check(Some("donor-07-confirmation")).await;
    let donor_page = b.path().await;

    // Reschedule to another time.
    let other_slot = b
        .attr("form[action$=\"/reschedule\"] input[name=slot_id]", "value")
        .await
        .expect("another slot");
    assert_ne!(other_slot, first_slot);
    b.click("form[action$=\"/reschedule\"] input[name=slot_id]")
        .await;
    b.follow("form[action$=\"/reschedule\"] button[type=submit]")
        .await;
    let (slot, status, _) = registration_of(&app, &my_nip);
    assert_eq!(status, "booked");
    assert_eq!(slot.map(|s| s.to_string()), Some(other_slot));
    assert!(b.exists(".notice--ok").await, "the move is confirmed");
    b.check(None).await;

    // Cancel, with a confirmation step.
    b.follow("a[href$=\"/cancel\"]").await;
    b.check(Some("donor-08-cancel-confirm")).await;
    b.follow("form[action$=\"/cancel\"] button[type=submit]")
        .await;
    let (slot, status, _) = registration_of(&app, &my_nip);
    assert_eq!(status, "cancelled");
    let taken: i32 = slots::table
        .find(slot.expect("the slot stays on record"))
        .select(slots::booked)
        .first(&mut app.conn())
        .expect("slot");
    assert_eq!(taken, 0, "the seat is given back");
    let without_query = |p: &str| p.split('?').next().unwrap_or_default().to_owned();
    assert_eq!(
        without_query(&b.path().await),
        without_query(&donor_page),
        "back on the donor page"
    );
    b.check(Some("donor-09-cancelled")).await;

    b.assert_accessible("donor");
    b.close().await;
}

//! A PMI coordinator in the hall: signs in (by keyboard), finds donors by
//! code, checks them in, records one accepted and one deferred screening and a
//! donation, and prints the roster.

use blood_drive::db::schema::donations;
use blood_drive::domain::vocab::Role;
use diesel::prelude::*;
use fantoccini::key::Key;

use super::{Browser, DESKTOP};
use crate::fixtures::{booked_donor, status_of};
use crate::helpers::{seed_demo, spawn_app};

/// Finds the donor by the code they show, answers the day-of questions, confirms.
async fn check_in(b: &mut Browser, slug: &str, code: &str, shot: Option<&str>) {
    b.visit(&format!("/pmi/drives/{slug}/roster")).await;
    b.follow(&format!("a[href=\"/pmi/drives/{slug}/checkin\"]"))
        .await;
    // Typed as a person would, with the dash and in lower case.
    let shown = format!("{}-{}", &code[..4], &code[4..]).to_lowercase();
    // The code field is the large, letter-spaced one of the check-in style.
    assert_eq!(b.style("#code", "text-transform").await, "uppercase");
    assert_ne!(b.style("#code", "letter-spacing").await, "normal");
    let size: f64 = b
        .style("#code", "font-size")
        .await
        .trim_end_matches("px")
        .parse()
        .expect("font size in px");
    assert!(size >= 20.0, "the check-in code is typed large ({size}px)");
    b.fill("#code", &shown).await;
    b.follow("form.checkin-code button[type=submit]").await;
    for radio in b
        .client()
        .find_all(fantoccini::Locator::Css(
            "form[method=post] input[type=radio][value=no]",
        ))
        .await
        .expect("day-of questions")
    {
        radio.click().await.expect("answering no");
    }
    b.check(shot).await;
    b.follow("form[method=post] button.button--primary[type=submit]")
        .await;
}

async fn enter_vitals(b: &Browser, hb: &str) {
    for (field, value) in [
        ("weight_kg", "62"),
        ("hb_g_dl", hb),
        ("systolic", "120"),
        ("diastolic", "80"),
        ("pulse", "72"),
        ("temperature_c", "36,8"),
    ] {
        b.fill(&format!("#{field}"), value).await;
    }
    b.follow("form.vitals-form button[type=submit]").await;
}

#[tokio::test]
async fn a_pmi_coordinator_checks_in_screens_records_a_donation_and_prints_the_roster() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (fit, fit_code) = booked_donor(&app, &slug, 41).await;
    let (low_hb, low_hb_code) = booked_donor(&app, &slug, 42).await;
    let account = app.create_staff("pmi-aula", Role::Pmi);
    let mut b = Browser::open(&app, DESKTOP, "id-ID,id").await;

    // Sign in with the keyboard only: type, Tab, type, Enter.
    b.visit("/login").await;
    b.check(Some("pmi-01-login")).await;
    b.click("#username").await;
    let keys = format!(
        "{}{}{}{}",
        account.username,
        char::from(Key::Tab),
        account.password,
        char::from(Key::Enter)
    );
    b.client()
        .active_element()
        .await
        .expect("focused field")
        .send_keys(&keys)
        .await
        .expect("typing");
    b.find("a[href^=\"/pmi/drives/\"]").await;
    assert_eq!(b.path().await, "/pmi", "signed in and sent to the PMI home");
    b.check(None).await;

    // Keyboard focus is visible.
    b.client()
        .active_element()
        .await
        .expect("body")
        .send_keys(&char::from(Key::Tab).to_string())
        .await
        .expect("tab");
    let outline = b
        .client()
        .execute(
            "return getComputedStyle(document.activeElement).outlineStyle;",
            vec![],
        )
        .await
        .expect("style");
    assert_ne!(outline, serde_json::json!("none"), "focus must be visible");

    b.follow(&format!("a[href=\"/pmi/drives/{slug}/roster\"]"))
        .await;
    b.check(Some("pmi-02-roster")).await;

    // The first donor: checked in, screened fit, gives blood.
    check_in(&mut b, &slug, &fit_code, Some("pmi-03-checkin")).await;
    assert_eq!(status_of(&app, fit), "checked_in");
    b.visit(&format!("/pmi/registrations/{fit}")).await;
    enter_vitals(&b, "13,5").await;
    assert_eq!(
        b.attr("input[name=decision][value=accept]", "checked")
            .await
            .as_deref(),
        Some("true"),
        "normal values suggest acceptance"
    );
    // On a laptop the six vitals sit in a grid, not one per row.
    assert_eq!(b.style(".vitals-grid", "display").await, "grid");
    let rows = b.rows_of(".vitals-grid > *").await;
    assert!(rows <= 2, "the vitals take {rows} rows at 1280×800");
    b.check(Some("pmi-04-screening-accept")).await;
    b.follow("form.vitals-form button.button--primary[type=submit]")
        .await;
    assert_eq!(status_of(&app, fit), "checked_in");
    b.fill("#bag_number", "NTT-0101").await;
    b.choose("volume_ml", "350").await;
    b.choose("outcome", "complete").await;
    b.choose("reaction", "none").await;
    b.check(Some("pmi-05-donation")).await;
    b.follow("form[action$=\"/donation\"] button[type=submit]")
        .await;
    assert_eq!(status_of(&app, fit), "donated");
    let bag: String = donations::table
        .filter(donations::registration_id.eq(fit))
        .select(donations::bag_number)
        .first(&mut app.conn())
        .expect("donation stored");
    assert_eq!(bag, "NTT-0101");
    b.assert_text("NTT-0101").await;
    b.check(Some("pmi-06-donated")).await;

    // The second donor: Hb too low, deferred with the category suggested.
    check_in(&mut b, &slug, &low_hb_code, None).await;
    b.visit(&format!("/pmi/registrations/{low_hb}")).await;
    enter_vitals(&b, "12.4").await;
    assert_eq!(
        b.attr("input[name=decision][value=defer]", "checked")
            .await
            .as_deref(),
        Some("true"),
        "a low Hb suggests deferral"
    );
    b.check(Some("pmi-07-screening-defer")).await;
    b.follow("form.vitals-form button.button--primary[type=submit]")
        .await;
    assert_eq!(status_of(&app, low_hb), "deferred");
    b.check(None).await;

    // The roster's print view makes a PDF.
    b.visit(&format!("/pmi/drives/{slug}/roster")).await;
    b.follow(&format!("a[href^=\"/pmi/drives/{slug}/roster/print\"]"))
        .await;
    b.check(Some("pmi-08-roster-print")).await;
    let pdf = b
        .client()
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .expect("printing the roster");
    assert!(pdf.starts_with(b"%PDF"), "a PDF comes out");
    assert!(pdf.len() > 2_000, "with content ({} bytes)", pdf.len());

    b.assert_accessible("pmi");
    b.close().await;
}

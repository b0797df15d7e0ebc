//! Five donors through the three stations on a laptop (1280 × 800), counting
//! what the browser itself reports: each new document is a page load, and each
//! one that arrived through a redirect is a save (every save answers 303).
//! The goal: at most two loads and one save per donor per station.

use blood_drive::db::schema::{donors, registrations};
use blood_drive::domain::vocab::Role;
use diesel::prelude::*;
use fantoccini::Locator;
use serde_json::Value;

use super::{Browser, DESKTOP};
use crate::fixtures::{booked_donor, status_of};
use crate::helpers::{seed_demo, spawn_app};

/// Loads and saves seen by the browser since the counter was created.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    loads: u32,
    saves: u32,
}

/// Looks at the document shown: new since the last look? Reached through a
/// redirect (a save)? Then marks it as seen.
async fn observe(b: &Browser, tally: &mut Tally) {
    let seen = b
        .client()
        .execute(
            "const nav = performance.getEntriesByType('navigation')[0];
             const fresh = window.__bdCounted === undefined;
             window.__bdCounted = true;
             return [fresh, nav ? nav.redirectCount : 0];",
            vec![],
        )
        .await
        .expect("navigation timing");
    if seen[0] == Value::Bool(true) {
        tally.loads += 1;
        if seen[1].as_u64().unwrap_or(0) > 0 {
            tally.saves += 1;
        }
    }
}

fn per_donor(total: Tally, donors: u32) -> (f64, f64) {
    (
        f64::from(total.loads) / f64::from(donors),
        f64::from(total.saves) / f64::from(donors),
    )
}

#[tokio::test]
async fn five_donors_pass_three_stations_at_two_loads_and_one_save_each() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let mut people = Vec::new();
    for serial in 71..76u32 {
        let (id, code) = booked_donor(&app, &slug, serial).await;
        app.execute(&format!(
            "UPDATE donors SET full_name = 'Pendonor No {serial}' \
             WHERE id = (SELECT donor_id FROM registrations WHERE id = '{id}')"
        ));
        people.push((id, code));
    }
    let account = app.create_staff("pmi-meja", Role::Pmi);
    let mut b = Browser::open(&app, DESKTOP, "id-ID,id").await;
    b.visit("/login").await;
    b.fill("#username", &account.username).await;
    b.fill("#password", &account.password).await;
    b.follow("form button[type=submit]").await;
    let n = people.len() as u32;

    // Reception. The first and the fourth donor are scanned: a keyboard-wedge
    // scanner types the QR's whole address and Enter; the others say their code.
    let mut reception = Tally::default();
    b.visit(&format!("/pmi/drives/{slug}/checkin")).await;
    observe(&b, &mut reception).await;
    b.check(Some("station-1-reception")).await;
    for (i, (id, code)) in people.iter().enumerate() {
        let typed = if i % 3 == 0 {
            format!("http://127.0.0.1:8080/pmi/drives/{slug}/checkin?code={code}")
        } else {
            format!("{}-{}", &code[..4], &code[4..]).to_lowercase()
        };
        b.type_and_enter("#code", &typed).await;
        observe(&b, &mut reception).await;
        for radio in b
            .client()
            .find_all(Locator::Css(
                "form[method=post] input[type=radio][value=no]",
            ))
            .await
            .expect("day-of questions")
        {
            radio.click().await.expect("answering no");
        }
        if i == 0 {
            b.check(Some("station-1-reception-card")).await;
        }
        b.follow("form[method=post] button.button--primary[type=submit]")
            .await;
        observe(&b, &mut reception).await;
        assert_eq!(status_of(&app, *id), "checked_in");
        b.assert_text("Pemeriksaan").await;
    }

    // Screening: the page calls each person in turn; one save each.
    let mut screening = Tally::default();
    b.visit(&format!("/pmi/drives/{slug}/stations/screening"))
        .await;
    observe(&b, &mut screening).await;
    for (i, (id, _)) in people.iter().enumerate() {
        for (field, value) in [
            ("weight_kg", "62"),
            ("hb_g_dl", "13,4"),
            ("systolic", "118"),
            ("diastolic", "78"),
            ("pulse", "70"),
            ("temperature_c", "36,6"),
        ] {
            b.fill(&format!("#{field}"), value).await;
        }
        b.select("#tested_group", ["A+", "B+", "O+", "AB-", "O-"][i])
            .await;
        if i == 0 {
            b.check(Some("station-2-screening")).await;
        }
        b.follow("form.vitals-form button[type=submit]").await;
        observe(&b, &mut screening).await;
        assert_eq!(
            status_of(&app, *id),
            "checked_in",
            "accepted, waits for the bed"
        );
    }
    b.check(Some("station-2-screening-empty")).await;

    // The bed.
    let mut bed = Tally::default();
    b.visit(&format!("/pmi/drives/{slug}/stations/donation"))
        .await;
    observe(&b, &mut bed).await;
    for (i, (id, _)) in people.iter().enumerate() {
        if i == 0 {
            b.check(Some("station-3-donation")).await;
        }
        b.fill("#bag_number", &format!("NTT-27-{:04}", i + 1)).await;
        b.follow("form[method=post] button.button--primary[type=submit]")
            .await;
        observe(&b, &mut bed).await;
        assert_eq!(status_of(&app, *id), "donated");
    }
    b.check(Some("station-3-donation-done")).await;

    let groups: Vec<String> = registrations::table
        .inner_join(donors::table)
        .filter(registrations::id.eq_any(people.iter().map(|(id, _)| *id)))
        .select(donors::blood_group)
        .load(&mut app.conn())
        .expect("groups");
    assert!(groups.iter().all(|g| g != "unknown"), "PMI's groups kept");

    for (station, mut tally) in [
        ("reception", reception),
        ("screening", screening),
        ("bed", bed),
    ] {
        // Opening the station's page once, before the first donor, belongs
        // to the morning, not to a donor.
        tally.loads -= 1;
        let (loads, saves) = per_donor(tally, n);
        println!(
            "{station}: {loads:.1} page loads and {saves:.1} saves per donor ({tally:?} for {n})"
        );
        assert!(loads <= 2.0, "{station}: {loads} loads per donor");
        assert!(
            (saves - 1.0).abs() < f64::EPSILON,
            "{station}: {saves} saves per donor"
        );
    }
    b.assert_accessible("stations");
    b.close().await;
}

//! Every staff page on a phone: a PMI coordinator or an organizer may have
//! only a phone in the hall. Each page is checked with axe and must not
//! scroll sideways (wide tables scroll inside their own box).

use blood_drive::db::schema::work_units as units;
use blood_drive::domain::vocab::Role;
use blood_drive::web::routes::{Access, RouteTable};
use diesel::prelude::*;
use uuid::Uuid;

use super::{Browser, PHONE};
use crate::fixtures::booked_donor;
use crate::helpers::{seed_demo, spawn_app};

/// The page behind a GET route's pattern, with its placeholders filled in.
fn page_for(pattern: &str, slug: &str, unit: Uuid, registration: Uuid) -> String {
    let id = if pattern.starts_with("/pmi/registrations/") {
        registration
    } else {
        unit
    };
    pattern
        .replace("{slug}", slug)
        .replace("{id}", &id.to_string())
}

#[tokio::test]
async fn every_staff_page_fits_a_phone() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (registration, _) = booked_donor(&app, &slug, 61).await;
    let unit: Uuid = units::table
        .select(units::id)
        .first(&mut app.conn())
        .expect("a unit");
    let account = app.create_staff("panitia-hp", Role::Organizer);
    let mut b = Browser::open(&app, PHONE, "id-ID,id").await;
    b.visit("/login").await;
    b.fill("#username", &account.username).await;
    b.fill("#password", &account.password).await;
    b.follow("form[action=\"/login\"] button[type=submit]")
        .await;

    let pages: Vec<String> = RouteTable::collect()
        .routes
        .into_iter()
        .filter(|r| r.method == actix_web::http::Method::GET)
        .filter(|r| matches!(r.access, Access::Pmi | Access::Organizer))
        // Downloads are files, not pages.
        .filter(|r| !r.pattern.ends_with(".csv") && !r.pattern.ends_with(".xlsx"))
        .map(|r| page_for(r.pattern, &slug, unit, registration))
        .collect();
    assert!(pages.len() >= 15, "the staff pages: {pages:?}");
    for page in &pages {
        b.visit(page).await;
        let shot = match page.as_str() {
            p if p.ends_with("/roster") => Some("phone-pmi-roster"),
            p if p.starts_with("/pmi/registrations/") => Some("phone-pmi-card"),
            p if p.ends_with("/dashboard") => Some("phone-org-dashboard"),
            _ => None,
        };
        b.check(shot).await;
    }
    b.assert_accessible("staff-phone");
    b.close().await;
}

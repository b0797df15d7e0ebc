//! An organizer at a desk: creates a drive with slots, imports the staff
//! list, watches the dashboard change, downloads the CSV and XLSX exports.

use blood_drive::db::schema::{drives, slots, staff_directory};
use blood_drive::domain::vocab::Role;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::{Browser, DESKTOP};
use crate::fixtures::{nip, register, valid_fields};
use crate::helpers::{TestApp, scratch_dir, seed_demo, spawn_app};

const SLUG: &str = "donor-natal-2026";

fn slots_of(app: &TestApp, slug: &str) -> Vec<Uuid> {
    slots::table
        .inner_join(drives::table)
        .filter(drives::slug.eq(slug))
        .order(slots::starts_at.asc())
        .select(slots::id)
        .load(&mut app.conn())
        .expect("slots")
}

async fn headline(b: &Browser, key: &str) -> String {
    b.find(&format!("[data-k=\"headline/{key}\"]"))
        .await
        .text()
        .await
        .expect("number")
}

#[tokio::test]
async fn an_organizer_creates_a_drive_imports_staff_watches_the_dashboard_and_exports() {
    let app = spawn_app().await;
    seed_demo(&app); // the units of the Kanwil
    let account = app.create_staff("panitia-e2e", Role::Organizer);
    let mut b = Browser::open(&app, DESKTOP, "id-ID,id").await;

    b.visit("/login").await;
    b.fill("#username", &account.username).await;
    b.fill("#password", &account.password).await;
    b.follow("form[action=\"/login\"] button[type=submit]")
        .await;
    b.find("a[href=\"/admin/drives\"]").await;
    b.check(Some("org-01-home")).await;

    // A new drive, a month from now, registration open from yesterday.
    b.visit("/admin/drives").await;
    b.check(None).await;
    let today = Utc::now().date_naive();
    let drive_date = today + Duration::days(30);
    b.fill("#slug", SLUG).await;
    b.fill("#title", "Donor Darah Natal Kanwil NTT").await;
    b.set_value("#drive_date", &drive_date.to_string()).await;
    b.select("#time_zone", "Asia/Makassar").await;
    b.fill("#venue", "Aula Kanwil Kemenkum NTT, Kupang").await;
    b.fill("#partner", "PMI Kota Kupang").await;
    b.set_value("#opens_at", &format!("{}T08:00", today - Duration::days(1)))
        .await;
    b.set_value(
        "#closes_at",
        &format!("{}T23:59", drive_date - Duration::days(1)),
    )
    .await;
    b.fill("#target_bags", "40").await;
    b.select("#bag_volume_ml", "350").await;
    b.check(Some("org-02-new-drive")).await;
    b.follow("form[action=\"/admin/drives\"] button[type=submit]")
        .await;
    assert_eq!(b.path().await, format!("/admin/drives/{SLUG}"));

    // Opened for registration.
    b.select("#status", "open").await;
    b.follow(&format!(
        "form[action=\"/admin/drives/{SLUG}\"] button[type=submit]"
    ))
    .await;
    let status: String = drives::table
        .filter(drives::slug.eq(SLUG))
        .select(drives::status)
        .first(&mut app.conn())
        .expect("the drive is stored");
    assert_eq!(status, "open");
    b.check(None).await;

    // Every unit of the Kanwil is invited.
    for unit in b
        .client()
        .find_all(fantoccini::Locator::Css("input[name=unit]"))
        .await
        .expect("unit boxes")
    {
        if !unit.is_selected().await.expect("checked?") {
            unit.click().await.expect("ticking a unit");
        }
    }
    b.follow(&format!(
        "form[action=\"/admin/drives/{SLUG}/units\"] button[type=submit]"
    ))
    .await;
    b.check(Some("org-03-drive-units")).await;

    // Slots: 08.00-10.00 in 30 minutes on 4 beds, previewed, then saved.
    b.visit(&format!("/admin/drives/{SLUG}/slots")).await;
    b.set_value("#start", "08:00").await;
    b.set_value("#end", "10:00").await;
    b.fill("#slot_minutes", "30").await;
    b.fill("#beds", "4").await;
    b.follow("button[name=action][value=preview]").await;
    assert!(b.exists("#preview-heading").await, "a preview first");
    assert!(
        slots_of(&app, SLUG).is_empty(),
        "nothing saved by a preview"
    );
    b.check(Some("org-04-slots-preview")).await;
    b.follow("button[name=action][value=save]").await;
    let slot_ids = slots_of(&app, SLUG);
    assert_eq!(slot_ids.len(), 4, "four half-hour slots");
    b.check(None).await;

    // The staff list, from a CSV file.
    let file = scratch_dir("e2e-staff").join("pegawai.csv");
    std::fs::write(
        &file,
        format!(
            "nip,name,unit,email,phone\n\
             {},Yohanes Bria,KANIM-KUPANG,yohanes@example.go.id,081234567890\n\
             {},Maria Goreti Seran,KANIM-KUPANG,,\n\
             {},Fransiskus Nahak,KANIM-KUPANG,,081300000003\n",
            nip(801),
            nip(802),
            nip(803)
        ),
    )
    .expect("writing the staff list");
    let path = file.to_string_lossy().into_owned();
    b.visit("/admin/units/import").await;
    b.check(None).await;
    b.find("#file")
        .await
        .send_keys(&path)
        .await
        .expect("choosing the file");
    b.follow("button[name=action][value=preview]").await;
    b.assert_text("Maria Goreti Seran").await;
    b.check(Some("org-05-staff-import-preview")).await;
    b.find("#file")
        .await
        .send_keys(&path)
        .await
        .expect("choosing the file");
    b.follow("button[name=action][value=import]").await;
    let imported: i64 = staff_directory::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(imported, 3, "the three rows are in the directory");
    b.check(None).await;

    // The dashboard follows the registrations.
    let dashboard = format!("/admin/drives/{SLUG}/dashboard");
    b.visit(&dashboard).await;
    assert_eq!(headline(&b, "registered").await, "0");
    register(
        &app,
        SLUG,
        &valid_fields(&nip(801), &slot_ids[1].to_string()),
    )
    .await;
    b.visit(&dashboard).await;
    assert_eq!(headline(&b, "registered").await, "1");
    b.check(Some("org-06-dashboard")).await;

    // Exports, downloaded by the browser.
    let (name, csv) = b
        .download(&format!(
            "a[href=\"/admin/drives/{SLUG}/exports/donors.csv\"]"
        ))
        .await;
    assert!(name.ends_with(".csv"), "{name}");
    let csv = String::from_utf8_lossy(&csv);
    assert!(csv.contains("Yohanes Bria"), "the donor is listed: {csv}");
    let (name, xlsx) = b
        .download(&format!(
            "a[href=\"/admin/drives/{SLUG}/exports/counts.xlsx\"]"
        ))
        .await;
    assert!(name.ends_with(".xlsx"), "{name}");
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip file");
    let (name, counts) = b
        .download(&format!(
            "a[href=\"/admin/drives/{SLUG}/exports/counts.csv\"]"
        ))
        .await;
    assert!(name.ends_with(".csv"), "{name}");
    assert!(!counts.is_empty());
    let (name, xlsx) = b
        .download(&format!(
            "a[href=\"/admin/drives/{SLUG}/exports/donors.xlsx\"]"
        ))
        .await;
    assert!(name.ends_with(".xlsx") && xlsx.starts_with(b"PK"), "{name}");

    b.visit(&format!("/admin/drives/{SLUG}/report")).await;
    b.check(Some("org-07-report")).await;

    b.assert_accessible("organizer");
    b.close().await;
}

//! WhatsApp without a gateway (#16): a donor on a phone sends their personal
//! link to their own WhatsApp; an organizer at a laptop sends the H-3 and H-1
//! reminders. Both in Indonesian and in English.

use blood_drive::db::schema::{donors, registrations};
use blood_drive::domain::vocab::Role;
use diesel::prelude::*;

use super::{Browser, DESKTOP, PHONE};
use crate::fixtures::{OpenDrive, nip, open_drive, register, valid_fields};
use crate::helpers::{StaffAccount, TestApp, spawn_app};

/// Registers `serial` with `name` in `unit` and `slot` (an id or "waitlist");
/// returns the donor page's path.
async fn registered(
    app: &TestApp,
    drive: &OpenDrive,
    serial: u32,
    name: &str,
    unit: &str,
    slot: &str,
) -> String {
    let mut fields = valid_fields(&nip(serial), slot);
    for (key, value) in &mut fields {
        match *key {
            "full_name" => *value = name.to_owned(),
            "work_unit" => *value = unit.to_owned(),
            _ => {}
        }
    }
    register(app, &drive.slug, &fields).await
}

/// The decoded text of a `wa.me` link.
fn message_of(href: &str) -> String {
    let (_, text) = href.split_once("?text=").expect("a text");
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned()
}

async fn sign_in(b: &mut Browser, account: &StaffAccount) {
    b.visit("/login").await;
    b.fill("#username", &account.username).await;
    b.fill("#password", &account.password).await;
    b.follow("form[action=\"/login\"] button[type=submit]")
        .await;
}

#[tokio::test]
async fn a_donor_sends_their_link_to_whatsapp_and_an_organizer_sends_the_reminders() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let first = drive.slots[0].to_string();
    let second = drive.slots[1].to_string();
    let path = registered(
        &app,
        &drive,
        1,
        "Maria Goreti Seran",
        "KANIM-KUPANG",
        &first,
    )
    .await;
    registered(&app, &drive, 2, "Dominggus Tefa", "KANIM-KUPANG", &second).await;
    registered(&app, &drive, 3, "Kornelis Nahak", "KANIM-ATAMBUA", &first).await;
    registered(&app, &drive, 4, "Veronika Lake", "KANIM-KUPANG", "waitlist").await;
    diesel::update(
        registrations::table.filter(
            registrations::donor_id.eq_any(
                donors::table
                    .filter(donors::nip.eq(nip(2)))
                    .select(donors::id),
            ),
        ),
    )
    .set(registrations::phone.eq(None::<String>))
    .execute(&mut app.conn())
    .expect("one person without a phone");

    // The donor, on a phone, right after registering.
    let mut b = Browser::open(&app, PHONE, "id-ID,id").await;
    b.visit(&format!("{path}?new=1")).await;
    let button = ".share__whatsapp";
    let href = b.attr(button, "href").await.expect("a WhatsApp link");
    assert!(
        href.starts_with("https://wa.me/6281234567890?text="),
        "{href}"
    );
    let link = b.attr(".link-box a", "href").await.expect("a link to tap");
    assert!(link.ends_with(&path));
    assert_eq!(
        b.find(".link-box a").await.text().await.expect("text"),
        link,
        "the link shows itself"
    );
    let text = message_of(&href);
    assert!(
        text.contains(&link) && text.contains("Kode konfirmasi"),
        "{text}"
    );
    assert_eq!(b.text().await.matches("Kirim ke WhatsApp saya").count(), 1);
    // The button is big enough for a thumb and fits the screen.
    let size = b
        .client()
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); \
             return [r.height, r.right];",
            vec![serde_json::json!(button)],
        )
        .await
        .expect("button box");
    assert!(size[0].as_f64().unwrap_or(0.0) >= 44.0, "{size:?}");
    assert!(
        size[1].as_f64().unwrap_or(999.0) <= f64::from(PHONE.0),
        "{size:?}"
    );
    b.check(Some("reach-01-donor-whatsapp")).await;
    // Later visits keep the card, below the ticket.
    b.visit(&path).await;
    assert!(b.exists(button).await);
    b.check(None).await;
    b.assert_accessible("reach-donor");
    b.close().await;

    // The same page for an English phone.
    let mut b = Browser::open(&app, PHONE, "en-US,en").await;
    b.visit(&format!("{path}?new=1")).await;
    b.assert_text("Send to my WhatsApp").await;
    let href = b.attr(".share__whatsapp", "href").await.expect("link");
    assert!(message_of(&href).contains("Confirmation code"));
    b.check(Some("reach-02-donor-whatsapp-en")).await;
    b.assert_accessible("reach-donor-en");
    b.close().await;

    // An organizer at a laptop: from the drive's page to the reminders.
    let account = app.create_staff("panitia-reach", Role::Organizer);
    let mut b = Browser::open(&app, DESKTOP, "id-ID,id").await;
    sign_in(&mut b, &account).await;
    let reminders = format!("/admin/drives/{}/reminders", drive.slug);
    b.visit(&format!("/admin/drives/{}", drive.slug)).await;
    b.follow(&format!("a[href=\"{reminders}\"]")).await;
    assert_eq!(b.path().await, reminders);
    b.assert_text("Dominggus Tefa").await;
    b.assert_text("Tanpa nomor HP").await;
    b.assert_text("Daftar tunggu").await;
    let personal = b
        .client()
        .find_all(fantoccini::Locator::Css("a[href^=\"https://wa.me/62\"]"))
        .await
        .expect("links");
    assert_eq!(personal.len(), 3, "everyone with a phone");
    let groups = b
        .client()
        .find_all(fantoccini::Locator::Css(
            "a[href^=\"https://wa.me/?text=\"]",
        ))
        .await
        .expect("links");
    assert_eq!(groups.len(), 2, "one per unit");
    for a in personal.iter().chain(&groups) {
        let href = a.attr("href").await.expect("href").expect("href");
        assert!(!message_of(&href).contains("/r/"), "no personal link");
    }
    b.check(Some("reach-03-reminders")).await;
    b.follow(&format!("a[href=\"{reminders}?day=1\"]")).await;
    assert_eq!(
        b.attr(&format!("a[href=\"{reminders}?day=1\"]"), "aria-current")
            .await
            .as_deref(),
        Some("page")
    );
    let first_message = b
        .attr("a[href^=\"https://wa.me/62\"]", "href")
        .await
        .expect("a reminder");
    assert!(message_of(&first_message).contains("besok"));
    b.check(Some("reach-04-reminders-h1")).await;
    b.assert_accessible("reach-organizer");
    b.close().await;

    // The same page in English.
    let mut b = Browser::open(&app, DESKTOP, "en-US,en").await;
    sign_in(&mut b, &account).await;
    b.visit(&reminders).await;
    b.assert_text("WhatsApp reminders").await;
    b.assert_text("No phone number").await;
    let first_message = b
        .attr("a[href^=\"https://wa.me/62\"]", "href")
        .await
        .expect("a reminder");
    assert!(message_of(&first_message).contains("ID card"));
    b.check(Some("reach-05-reminders-en")).await;
    b.assert_accessible("reach-organizer-en");
    b.close().await;
}

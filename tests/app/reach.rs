//! WhatsApp without a gateway and calendar alarms (#16): the donor's own link
//! and message on the confirmation page, the organizers' H-3/H-1 reminders
//! per work unit, and the calendar file read back by a real iCalendar parser.

use blood_drive::db::schema::{donors, drives, registrations, slots};
use blood_drive::domain::codes::ConfirmationCode;
use blood_drive::domain::vocab::Role;
use blood_drive::i18n::Lang;
use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_says, assert_says_in, assert_status, html_escape};
use crate::fixtures::{OpenDrive, nip, open_drive, register, valid_fields};
use crate::helpers::{TestApp, spawn_app};

/// Every `wa.me` link of a page, as (number, decoded text). Each must be
/// well-formed: `https://wa.me/<digits or nothing>?text=<only %XX and letters/digits>`.
fn whatsapp_links(html: &str) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for piece in html.split("href=\"https://wa.me/").skip(1) {
        let href = &piece[..piece.find('"').expect("closing quote")];
        let (number, text) = href
            .split_once("?text=")
            .unwrap_or_else(|| panic!("a wa.me link without text: {href}"));
        assert!(
            number.chars().all(|c| c.is_ascii_digit()),
            "number {number:?} in {href}"
        );
        assert!(
            number.is_empty() || (number.starts_with("62") && (9..=15).contains(&number.len())),
            "number {number:?}"
        );
        assert!(
            text.chars().all(|c| c.is_ascii_alphanumeric() || c == '%'),
            "only letters, digits and %XX in the text: {text}"
        );
        let decoded = percent_encoding::percent_decode_str(text)
            .decode_utf8()
            .expect("the text is UTF-8")
            .into_owned();
        links.push((number.to_owned(), decoded));
    }
    links
}

/// The code of a registration as people read it.
fn code_of(app: &TestApp, id: Uuid) -> String {
    let code: String = registrations::table
        .find(id)
        .select(registrations::code)
        .first(&mut app.conn())
        .expect("code");
    ConfirmationCode::parse(&code).expect("code").display()
}

/// Registers `serial` through the form with `name`, `unit` and `slot` (a slot
/// id or "waitlist"); returns (registration id, donor page path).
async fn registered(
    app: &TestApp,
    drive: &OpenDrive,
    serial: u32,
    name: &str,
    unit: &str,
    slot: &str,
) -> (Uuid, String) {
    let mut fields = valid_fields(&nip(serial), slot);
    for (key, value) in &mut fields {
        match *key {
            "full_name" => *value = name.to_owned(),
            "work_unit" => *value = unit.to_owned(),
            _ => {}
        }
    }
    let path = register(app, &drive.slug, &fields).await;
    let id = registrations::table
        .inner_join(donors::table)
        .filter(donors::nip.eq(nip(serial)))
        .select(registrations::id)
        .first(&mut app.conn())
        .expect("registration");
    (id, path)
}

/// Moves the drive (and its slots) to `date`.
fn move_drive_to(app: &TestApp, drive: &OpenDrive, date: NaiveDate) {
    let mut conn = app.conn();
    let shift = Duration::days((date - drive.date).num_days());
    diesel::update(slots::table.filter(slots::drive_id.eq(drive.id)))
        .set((
            slots::starts_at.eq(slots::starts_at + shift),
            slots::ends_at.eq(slots::ends_at + shift),
        ))
        .execute(&mut conn)
        .expect("moving slots");
    diesel::update(drives::table.find(drive.id))
        .set(drives::drive_date.eq(date))
        .execute(&mut conn)
        .expect("moving the drive");
}

/// Today in Kupang (the demo drive's zone, WITA).
fn today_in_kupang() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

async fn get_in(app: &TestApp, path: &str, language: &str) -> (u16, String) {
    let res = app
        .client
        .get(app.url(path))
        .header("accept-language", language)
        .send()
        .await
        .expect("GET");
    (res.status().as_u16(), res.text().await.expect("body"))
}

// --- The donor's page --------------------------------------------------------

#[tokio::test]
async fn the_confirmation_page_sends_code_and_link_to_the_donors_own_whatsapp() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let slot = drive.slots[0].to_string();
    let (id, path) = registered(&app, &drive, 1, "Yohanes Bria", "KANIM-KUPANG", &slot).await;
    let code = code_of(&app, id);

    let (status, html) = app.get_text(&format!("{path}?new=1")).await;
    assert_status(&status, 200);
    assert_says(&html, "reach-share-whatsapp");
    // The personal link can be tapped.
    let marker = "<p class=\"link-box\"><a href=\"";
    let start = html.find(marker).expect("a tappable personal link") + marker.len();
    let link = &html[start..start + html[start..].find('"').expect("quote")];
    assert!(link.ends_with(&path), "{link} is the page's own address");

    let links = whatsapp_links(&html);
    assert_eq!(links.len(), 1, "one WhatsApp button");
    let (number, text) = &links[0];
    assert_eq!(
        number, "6281234567890",
        "to the number given (0812 3456 7890)"
    );
    for part in [
        code.as_str(),
        link,
        "Donor Darah",
        "WITA",
        "Aula Kantor Wilayah",
    ] {
        assert!(text.contains(part), "{part:?} missing from {text:?}");
    }
    assert!(text.contains('\n'), "one fact per line");
    assert!(
        html.contains(&html_escape("7890")),
        "the number is named by its end"
    );

    // In English for an English browser.
    let (status, html) = get_in(&app, &path, "en").await;
    assert_status(&status, 200);
    assert_says_in(&html, Lang::En, "reach-share-whatsapp");
    let (_, text) = &whatsapp_links(&html)[0];
    assert!(
        text.contains(&format!("Confirmation code: {code}")),
        "{text}"
    );
    assert!(text.contains(link));
}

#[tokio::test]
async fn without_a_phone_the_donor_picks_the_chat_and_the_waitlist_gets_no_code() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let (id, path) = registered(&app, &drive, 2, "Ana Seran", "KANIM-KUPANG", "waitlist").await;
    diesel::update(registrations::table.find(id))
        .set(registrations::phone.eq(None::<String>))
        .execute(&mut app.conn())
        .expect("no phone");
    let (status, html) = app.get_text(&path).await;
    assert_status(&status, 200);
    let links = whatsapp_links(&html);
    assert_eq!(links.len(), 1);
    let (number, text) = &links[0];
    assert_eq!(number, "", "the person picks the chat");
    assert_says(&html, "reach-share-hint-pick");
    assert!(text.contains(&path), "the link is in the message");
    assert!(
        !text.contains(&code_of(&app, id)),
        "no code before a seat: {text}"
    );
}

#[tokio::test]
async fn a_colleagues_number_on_the_donor_record_is_never_the_target() {
    // Someone registering with a colleague's NIP keeps the colleague's record;
    // the button goes to the number typed with this registration only.
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let slot = drive.slots[0].to_string();
    let (id, path) = registered(&app, &drive, 3, "Yohanes Bria", "KANIM-KUPANG", &slot).await;
    let donor: Uuid = registrations::table
        .find(id)
        .select(registrations::donor_id)
        .first(&mut app.conn())
        .expect("donor");
    diesel::update(donors::table.find(donor))
        .set(donors::phone.eq("+6281399998888"))
        .execute(&mut app.conn())
        .expect("another number on the record");
    let (_, html) = app.get_text(&path).await;
    let (number, _) = &whatsapp_links(&html)[0];
    assert_eq!(number, "6281234567890");
}

// --- The calendar file ---------------------------------------------------------

/// An iCalendar TEXT value as written, unescaped.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn property<'a>(props: &'a [ical::property::Property], name: &str) -> &'a str {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("no {name}"))
}

#[tokio::test]
async fn the_calendar_file_carries_two_alarms_and_reads_back_in_a_real_parser() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    // A long venue with the characters iCalendar escapes, to make it fold.
    let venue = "Aula Kantor Wilayah; Jl. Palapa No. 22, Oebobo, Kupang — lantai 2 (masuk lewat pintu samping)";
    diesel::update(drives::table.find(drive.id))
        .set(drives::venue.eq(venue))
        .execute(&mut app.conn())
        .expect("venue");
    let slot = drive.slots[2];
    let (id, path) = registered(
        &app,
        &drive,
        4,
        "Yohanes Bria",
        "KANIM-KUPANG",
        &slot.to_string(),
    )
    .await;
    let code = code_of(&app, id);
    let res = app.get(&format!("{path}/calendar.ics")).await;
    assert_status(&res, 200);
    let body = res.text().await.expect("calendar");

    // Valid as written: CRLF line ends, lines folded at 75 octets.
    assert!(body.ends_with("\r\n"));
    for line in body.split("\r\n") {
        assert!(!line.contains('\n'), "a bare newline in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.ends_with(' '), "a fold after a space: {line:?}");
    }
    assert!(body.contains("\r\n "), "the long lines are folded");

    let mut calendars = ical::IcalParser::new(body.as_bytes());
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("a calendar the parser reads");
    assert!(calendars.next().is_none());
    assert_eq!(calendar.events.len(), 1);
    let event = &calendar.events[0];
    let (starts, ends): (chrono::DateTime<Utc>, chrono::DateTime<Utc>) = slots::table
        .find(slot)
        .select((slots::starts_at, slots::ends_at))
        .first(&mut app.conn())
        .expect("slot");
    assert_eq!(
        property(&event.properties, "DTSTART"),
        starts.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(
        property(&event.properties, "DTEND"),
        ends.format("%Y%m%dT%H%M%SZ").to_string()
    );
    assert_eq!(unescape(property(&event.properties, "LOCATION")), venue);

    assert_eq!(event.alarms.len(), 2, "a day before and two hours before");
    let triggers: Vec<&str> = event
        .alarms
        .iter()
        .map(|a| property(&a.properties, "TRIGGER"))
        .collect();
    assert_eq!(triggers, ["-P1D", "-PT2H"]);
    for alarm in &event.alarms {
        assert_eq!(property(&alarm.properties, "ACTION"), "DISPLAY");
        let description = unescape(property(&alarm.properties, "DESCRIPTION"));
        assert!(description.contains("Donor Darah"), "{description}");
        assert!(description.contains(venue), "{description}");
    }
    let two_hours = unescape(property(&event.alarms[1].properties, "DESCRIPTION"));
    assert!(two_hours.contains(&code), "{two_hours}");
    let day_before = unescape(property(&event.alarms[0].properties, "DESCRIPTION"));
    assert!(day_before.contains("WITA"), "{day_before}");
}

// --- The organizers' reminders ---------------------------------------------------

const AWKWARD: &str = "Maria & Yosef #1 = Bria 🩸";

/// Four people: two booked in Kupang (one without a phone), one booked in
/// Atambua, one on the waitlist in Kupang. Returns the registrations' ids in
/// that order.
async fn four_people(app: &TestApp, drive: &OpenDrive) -> [Uuid; 4] {
    let first = drive.slots[0].to_string();
    let second = drive.slots[1].to_string();
    let (a, _) = registered(app, drive, 11, "Placeholder", "KANIM-KUPANG", &first).await;
    let (b, _) = registered(app, drive, 12, "Dominggus Tefa", "KANIM-KUPANG", &second).await;
    let (c, _) = registered(app, drive, 13, "Kornelis Nahak", "KANIM-ATAMBUA", &first).await;
    let (d, _) = registered(app, drive, 14, "Veronika Lake", "KANIM-KUPANG", "waitlist").await;
    // Names come from staff lists too: anything a list holds must travel intact.
    let donor: Uuid = registrations::table
        .find(a)
        .select(registrations::donor_id)
        .first(&mut app.conn())
        .expect("donor");
    diesel::update(donors::table.find(donor))
        .set(donors::full_name.eq(AWKWARD))
        .execute(&mut app.conn())
        .expect("name");
    diesel::update(registrations::table.find(b))
        .set(registrations::phone.eq(None::<String>))
        .execute(&mut app.conn())
        .expect("no phone");
    [a, b, c, d]
}

/// The sections of the page, one per unit, by their heading text.
fn unit_sections(html: &str) -> Vec<&str> {
    html.split("<section class=\"card reminder-unit\"")
        .skip(1)
        .collect()
}

#[tokio::test]
async fn reminders_list_each_unit_with_a_message_per_person_and_one_for_its_group() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    move_drive_to(&app, &drive, today_in_kupang() + Duration::days(10));
    let [a, _, c, d] = four_people(&app, &drive).await;
    let (organizer, _) = app.login_as(Role::Organizer).await;

    let (status, html) = organizer
        .get_text(&format!("/admin/drives/{}/reminders", drive.slug))
        .await;
    assert_status(&status, 200);
    assert!(!html.contains("/r/"), "never a personal link on the page");

    let sections = unit_sections(&html);
    assert_eq!(sections.len(), 2, "Atambua and Kupang");
    let (atambua, kupang) = if sections[0].contains("Atambua") {
        (sections[0], sections[1])
    } else {
        (sections[1], sections[0])
    };
    assert!(atambua.contains("Kornelis Nahak") && !atambua.contains("Dominggus"));
    for name in [
        html_escape(AWKWARD),
        "Dominggus Tefa".into(),
        "Veronika Lake".into(),
    ] {
        assert!(kupang.contains(&name), "{name} is listed in Kupang");
    }
    assert!(kupang.contains(&html_escape(&format!("Kirim ke {AWKWARD}"))));
    assert_says(kupang, "org-reminders-no-phone");
    assert_says(kupang, "org-reminders-waitlisted");

    let links = whatsapp_links(&html);
    let personal: Vec<&(String, String)> = links.iter().filter(|(n, _)| !n.is_empty()).collect();
    let groups: Vec<&(String, String)> = links.iter().filter(|(n, _)| n.is_empty()).collect();
    assert_eq!(personal.len(), 3, "everyone with a phone, nobody without");
    assert_eq!(groups.len(), 2, "one message per unit group");
    for (number, text) in &links {
        assert!(
            !text.contains("/r/"),
            "no personal link in a message: {text}"
        );
        if !number.is_empty() {
            assert_eq!(number, "6281234567890");
            for part in [
                "KTP",
                "air putih",
                "tidur cukup",
                "makan",
                "Aula Kantor Wilayah",
            ] {
                assert!(text.contains(part), "{part:?} in {text}");
            }
        }
    }
    let to_a = personal
        .iter()
        .find(|(_, t)| t.contains(AWKWARD))
        .expect("the awkward name travels intact");
    assert!(to_a.1.contains(&code_of(&app, a)), "{}", to_a.1);
    assert!(to_a.1.contains("08.00–08.30 WITA"), "{}", to_a.1);
    assert!(
        to_a.1.contains("tiga hari lagi"),
        "H-3 by default ten days ahead"
    );
    let to_d = personal
        .iter()
        .find(|(_, t)| t.contains("Veronika Lake"))
        .expect("the waitlisted person");
    assert!(to_d.1.contains("daftar tunggu") && !to_d.1.contains(&code_of(&app, d)));
    assert!(
        !personal.iter().any(|(_, t)| t.contains("Dominggus")),
        "no phone, no link"
    );
    assert!(personal.iter().any(|(_, t)| t.contains(&code_of(&app, c))));

    // The group messages count per slot and name nobody.
    let kupang_links = whatsapp_links(kupang);
    let (_, kupang_group) = kupang_links
        .iter()
        .find(|(n, _)| n.is_empty())
        .expect("Kupang's group message");
    for (_, text) in &groups {
        for name in ["Maria", "Yosef", "Dominggus", "Kornelis", "Veronika"] {
            assert!(
                !text.contains(name),
                "{name} named in a group message: {text}"
            );
        }
    }
    assert!(
        kupang_group.contains("08.00–08.30 WITA: 1 orang"),
        "{kupang_group}"
    );
    assert!(
        kupang_group.contains("08.30–09.00 WITA: 1 orang"),
        "{kupang_group}"
    );
    assert!(
        kupang_group.contains("daftar tunggu: 1 orang"),
        "{kupang_group}"
    );
}

#[tokio::test]
async fn h3_and_h1_switch_and_the_next_one_comes_first() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    four_people(&app, &drive).await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let page = format!("/admin/drives/{}/reminders", drive.slug);
    let current = |days: u32| format!("reminders?day={days}\" aria-current=\"page\"");
    let personal_texts = |html: &str| -> Vec<String> {
        whatsapp_links(html)
            .into_iter()
            .filter(|(n, _)| !n.is_empty())
            .map(|(_, t)| t)
            .collect()
    };

    // Five days ahead: H-3 is next.
    move_drive_to(&app, &drive, today_in_kupang() + Duration::days(5));
    let (status, html) = organizer.get_text(&page).await;
    assert_status(&status, 200);
    assert!(html.contains(&current(3)), "H-3 is chosen");
    assert!(
        personal_texts(&html)
            .iter()
            .all(|t| t.contains("tiga hari lagi"))
    );

    // The organizer switches to H-1.
    let (status, html) = organizer.get_text(&format!("{page}?day=1")).await;
    assert_status(&status, 200);
    assert!(html.contains(&current(1)));
    assert!(personal_texts(&html).iter().all(|t| t.contains("besok")));

    // Two days ahead: H-3 has passed, H-1 comes next.
    let moved = OpenDrive {
        slug: drive.slug.clone(),
        id: drive.id,
        date: today_in_kupang() + Duration::days(5),
        slots: drive.slots.clone(),
    };
    move_drive_to(&app, &moved, today_in_kupang() + Duration::days(2));
    let (_, html) = organizer.get_text(&page).await;
    assert!(html.contains(&current(1)), "H-1 is chosen");
    let (status, html) = organizer.get_text(&format!("{page}?day=%33")).await;
    assert_status(&status, 200);
    assert!(html.contains(&current(3)), "a percent-encoded 3 is still 3");

    // Anything else: the same page, 422, a clear word, the next reminder shown.
    for bad in ["7", "H-1", "%FF", "1%00", "3;DROP", &"9".repeat(5000)] {
        let (status, html) = organizer.get_text(&format!("{page}?day={bad}")).await;
        assert_status(&status, 422);
        assert_says(&html, "org-reminders-day-bad");
        assert!(html.contains(&current(1)));
        assert_eq!(personal_texts(&html).len(), 3, "the list is still there");
    }
    let (_, html) = get_in(&organizer, &format!("{page}?day=2"), "en").await;
    assert_says_in(&html, Lang::En, "org-reminders-day-bad");
}

#[tokio::test]
async fn the_reminders_are_for_organizers_only() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    four_people(&app, &drive).await;
    let page = format!("/admin/drives/{}/reminders", drive.slug);
    let encoded = format!(
        "/admin/drives/{}/%72eminders",
        drive.slug.replacen('-', "%2D", 1)
    );

    // A stranger (or a donor with their own link) is sent to sign in; a PMI
    // coordinator is refused; however the path is spelled.
    let (coordinator, _) = app.login_as(Role::Pmi).await;
    let (status, _) = app.get_text(&page).await;
    assert_status(&status, 303);
    let (status, _) = coordinator.get_text(&page).await;
    assert_status(&status, 403);
    for visitor in [&app, &coordinator] {
        for path in [&page, &encoded] {
            let (status, body) = visitor.get_text(path).await;
            assert!([303, 403, 404].contains(&status), "{path}: {status}");
            assert!(
                !body.contains("wa.me/62") && !body.contains("Dominggus"),
                "{path}"
            );
        }
    }
    // An organizer asking for a drive that does not exist gets a plain 404.
    let (organizer, _) = app.login_as(Role::Organizer).await;
    for missing in [
        "/admin/drives/no-such-drive/reminders",
        "/admin/drives/x%00y/reminders",
    ] {
        let (status, body) = organizer.get_text(missing).await;
        assert_status(&status, 404);
        assert!(!body.contains("wa.me"));
    }
    // The drive page leads organizers to the reminders.
    let (_, html) = organizer
        .get_text(&format!("/admin/drives/{}", drive.slug))
        .await;
    assert!(html.contains(&format!("href=\"{page}\"")));
}

//! The lobby board `/drives/{slug}/live`: its numbers are the drive's counts,
//! units are ranked by participation (staff list first, else the typed
//! headcount), it names no person even when a unit's name carries HTML, it
//! refreshes itself without script, and strange slugs are a plain 404.

use std::collections::BTreeMap;

use blood_drive::db::schema::{donors, registrations};
use blood_drive::domain::counts::DriveCounts;
use blood_drive::domain::vocab::{RegistrationStatus, Role};
use blood_drive::i18n::{I18n, Lang};
use blood_drive::store::drives::Drive;
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_says, assert_says_in, assert_status, html_escape};
use crate::fixtures::{check_in, donate, nip, register, screen_accepted, slot_ids, valid_fields};
use crate::helpers::{TestApp, seed_demo, spawn_app};

/// A registration through the form for `unit`, by `name`: (id, code).
async fn book(app: &TestApp, slug: &str, serial: u32, unit: &str, name: &str) -> (Uuid, String) {
    let slots = slot_ids(app);
    let slot = slots[serial as usize % slots.len()].to_string();
    let mut fields = valid_fields(&nip(serial), &slot);
    for (key, value) in fields.iter_mut() {
        match *key {
            "work_unit" => *value = unit.to_owned(),
            "full_name" => *value = name.to_owned(),
            _ => {}
        }
    }
    register(app, slug, &fields).await;
    registrations::table
        .inner_join(donors::table)
        .filter(donors::nip.eq(nip(serial)))
        .select((registrations::id, registrations::code))
        .first(&mut app.conn())
        .expect("registration")
}

/// Every `data-k="..."` number of the board and its text.
fn numbers_on(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let marker = "data-k=\"";
    let mut rest = html;
    while let Some(start) = rest.find(marker) {
        rest = &rest[start + marker.len()..];
        let end = rest.find('"').expect("attribute end");
        let key = rest[..end].to_owned();
        let text_start = rest.find('>').expect("tag end") + 1;
        let text_end = text_start + rest[text_start..].find('<').expect("text end");
        out.insert(key, rest[text_start..text_end].trim().to_owned());
    }
    out
}

/// The unit names of the board's ranking, in the order shown.
fn ranked_names(html: &str) -> Vec<String> {
    let marker = "<span class=\"live-rank__name\">";
    html.split(marker)
        .skip(1)
        .map(|piece| piece.split('<').next().unwrap_or_default().to_owned())
        .collect()
}

fn counts(app: &TestApp, slug: &str) -> DriveCounts {
    let mut conn = app.conn();
    let drive = Drive::find_by_slug(&mut conn, slug).expect("drive");
    blood_drive::store::counts::drive_counts(&mut conn, &drive).expect("counts")
}

fn set_headcount(app: &TestApp, code: &str, headcount: i32) {
    app.execute(&format!(
        "UPDATE work_units SET headcount = {headcount} WHERE code = '{code}'"
    ));
}

/// Puts `people` on the staff list of the unit `code` (NIPs from `first`).
fn list_staff(app: &TestApp, code: &str, first: u32, people: u32) {
    for n in first..first + people {
        app.execute(&format!(
            "INSERT INTO staff_directory (nip, full_name, work_unit_id) \
             SELECT '{}', 'Pegawai {n}', id FROM work_units WHERE code = '{code}'",
            nip(n)
        ));
    }
}

#[tokio::test]
async fn the_board_shows_the_drives_counts_and_ranks_units_by_participation() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    // Rutan: 2 of 4 (50%). LPKA: 1 of the 5 on its staff list, whatever was
    // typed (20%). Lapas: 1 of 10 (10%). Kanim: 3 of 40, one of whom cancels
    // (5%). The others have no headcount.
    set_headcount(&app, "RUTAN-KUPANG", 4);
    set_headcount(&app, "LPKA-KUPANG", 100);
    list_staff(&app, "LPKA-KUPANG", 900, 5);
    set_headcount(&app, "LAPAS-KUPANG", 10);
    set_headcount(&app, "KANIM-KUPANG", 40);
    let mut people = Vec::new();
    for (serial, unit) in [
        (1, "RUTAN-KUPANG"),
        (2, "RUTAN-KUPANG"),
        (3, "LPKA-KUPANG"),
        (4, "LAPAS-KUPANG"),
        (5, "KANIM-KUPANG"),
        (6, "KANIM-KUPANG"),
        (7, "KANIM-KUPANG"),
        (8, "BAPAS-KUPANG"),
    ] {
        people.push(book(&app, &slug, serial, unit, "Yohanes Bria").await);
    }
    // Three came: two gave a full bag, one is still waiting to be screened.
    for (i, (id, code)) in people.iter().take(3).enumerate() {
        assert_status(&check_in(&pmi, &slug, code).await, 303);
        if i < 2 {
            assert_status(&screen_accepted(&pmi, *id, 0, "A+").await, 303);
            assert_status(&donate(&pmi, *id, &format!("LIVE-{i}")).await, 303);
        }
    }
    // A cancellation counts nowhere.
    app.execute(&format!(
        "UPDATE registrations SET status = 'cancelled', cancelled_at = now() WHERE id = '{}'",
        people[6].0
    ));

    let (status, html) = app.get_text(&format!("/drives/{slug}/live")).await;
    assert_eq!(status, 200);
    let expected = counts(&app, &slug);
    let numbers = numbers_on(&html);
    assert_eq!(numbers["bags"], expected.donated.to_string());
    assert_eq!(numbers["bags"], "2");
    assert_eq!(numbers["arrived"], expected.checked_in.to_string());
    assert_eq!(numbers["arrived"], "3");
    let donated = expected
        .by_status
        .iter()
        .find(|(s, _)| *s == RegistrationStatus::Donated)
        .map(|(_, n)| *n)
        .expect("donated line");
    assert_eq!(numbers["donated"], donated.to_string());
    assert!(
        html.contains(&format!("dari target {} kantong", expected.target_bags)),
        "the target is read from the drive"
    );

    let names = ranked_names(&html);
    assert_eq!(
        &names[..5],
        [
            "Rutan Kelas IIB Kupang",
            "LPKA Kelas I Kupang",
            "Lapas Kelas IIA Kupang",
            "Kantor Imigrasi Kelas I TPI Kupang",
            // No headcount: after every rate, the unit with registrations first.
            "Bapas Kelas II Kupang",
        ]
    );
    assert!(html.contains(">50%<"), "Rutan's rate");
    assert!(html.contains(">20%<"), "LPKA's rate from its staff list");
    // Kanim: 3 registered, one of them cancelled: 2 of 40.
    assert!(html.contains(">5%<"), "a cancellation is not participation");
    assert!(html.contains("2 / 40"), "registered out of the headcount");
    assert!(html.contains("1 / 5"), "the staff list's count wins");
    // Every invited unit is ranked; those past the board's rows are counted.
    let shown = blood_drive::web::live::UNITS_SHOWN;
    assert_eq!(names.len(), shown);
    let units = blood_drive::seed::NTT_UNITS.len();
    let line = I18n::new(Lang::Id).t1("live-more-units", "count", units - shown);
    assert!(
        html.contains(&html_escape(&line)),
        "the other units are counted: {}",
        html.split("live-units").nth(1).unwrap_or_default()
    );
}

#[tokio::test]
async fn the_board_names_no_person_even_when_a_unit_name_carries_html() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    app.execute(
        "UPDATE work_units SET name = '<img src=x onerror=alert(1)> Lapas & \"Co\"', headcount = 3 \
         WHERE code = 'LAPAS-KUPANG'",
    );
    let (id, code) = book(&app, &slug, 11, "LAPAS-KUPANG", "Maria Goreti Nahak").await;
    assert_status(&check_in(&pmi, &slug, &code).await, 303);
    assert_status(&screen_accepted(&pmi, id, 0, "O+").await, 303);
    assert_status(&donate(&pmi, id, "PRIV-1").await, 303);

    for path in [
        format!("/drives/{slug}/live"),
        format!("/drives/{slug}/live?lang=en"),
    ] {
        let (status, html) = app.get_text(&path).await;
        assert_eq!(status, 200);
        for secret in [
            "Maria",
            "Goreti",
            "Nahak",
            nip(11).as_str(),
            code.as_str(),
            &code[..4],
            "PRIV-1",
        ] {
            assert!(!html.contains(secret), "{path} shows {secret:?}");
        }
        assert!(
            !html.contains("<img"),
            "the unit's name is text, not markup"
        );
        assert!(
            html.contains(&html_escape("<img src=x onerror=alert(1)> Lapas & \"Co\"")),
            "the unit's name is shown escaped"
        );
        assert!(html.contains("<meta http-equiv=\"refresh\" content=\"30\">"));
        assert!(!html.to_lowercase().contains("<script"), "no script");
    }
}

#[tokio::test]
async fn the_board_speaks_the_visitors_language_and_strange_slugs_are_not_found() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (_, id) = app.get_text(&format!("/drives/{slug}/live")).await;
    assert_says_in(&id, Lang::Id, "live-bags");
    assert!(id.contains("<html lang=\"id\">"));
    let (_, en) = app.get_text(&format!("/drives/{slug}/live?lang=en")).await;
    assert_says_in(&en, Lang::En, "live-bags");
    assert!(en.contains("<html lang=\"en\">"));
    let accept = app
        .client
        .get(app.url(&format!("/drives/{slug}/live")))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("request");
    assert_says_in(&accept.text().await.expect("body"), Lang::En, "live-today");
    // The refresh can be stopped, and the switches keep each other.
    let (_, still) = app
        .get_text(&format!("/drives/{slug}/live?lang=en&refresh=off"))
        .await;
    let still = still.replace("&#38;", "&amp;");
    let en = en.replace("&#38;", "&amp;");
    assert!(
        !still.contains("http-equiv=\"refresh\""),
        "no refresh when stopped"
    );
    assert!(still.contains(&format!(
        "href=\"/drives/{slug}/live?lang=id&amp;refresh=off\""
    )));
    assert!(still.contains(&format!("href=\"/drives/{slug}/live?lang=en\"")));
    assert!(en.contains(&format!(
        "href=\"/drives/{slug}/live?lang=en&amp;refresh=off\""
    )));
    // An unknown language is ignored, not an error.
    let (status, html) = app.get_text(&format!("/drives/{slug}/live?lang=xx")).await;
    assert_eq!(status, 200);
    assert_says(&html, "live-today");

    for path in [
        "/drives/no-such-drive/live".to_owned(),
        "/drives/%00/live".to_owned(),
        "/drives/%2e%2e/live".to_owned(),
        format!("/drives/{slug}%00/live"),
        format!("/drives/{}/live", "x".repeat(5000)),
        "/drives/%27%20OR%201%3D1--/live".to_owned(),
    ] {
        let res = app.get(&path).await;
        let code = res.status().as_u16();
        assert!(
            code == 404 || code == 414 || code == 431,
            "{path}: {code}, not a 404"
        );
    }
    // A draft is invisible to the public, as its drive page is.
    app.execute(&format!(
        "UPDATE drives SET status = 'draft' WHERE slug = '{slug}'"
    ));
    assert_status(&app.get(&format!("/drives/{slug}/live")).await, 404);
}

#[tokio::test]
async fn the_drive_page_and_the_dashboard_link_to_the_board() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let link = format!("href=\"/drives/{slug}/live\"");
    let (_, public) = app.get_text(&format!("/drives/{slug}")).await;
    assert!(
        public.contains(&link),
        "the public drive page links the board"
    );
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let (status, dashboard) = organizer
        .get_text(&format!("/admin/drives/{slug}/dashboard"))
        .await;
    assert_eq!(status, 200);
    assert!(dashboard.contains(&link), "the dashboard links the board");
}

#[test]
fn the_boards_stylesheet_parses_without_errors() {
    use lightningcss::stylesheet::{ParserOptions, StyleSheet};
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/live.css"))
        .expect("static/live.css");
    let options = ParserOptions {
        error_recovery: false,
        ..ParserOptions::default()
    };
    StyleSheet::parse(&css, options).unwrap_or_else(|e| panic!("static/live.css: {e}"));
    assert_eq!(
        css.matches('{').count(),
        css.matches('}').count(),
        "every block is closed"
    );
}

//! The donor's thanks on their own page `/r/{token}` and their certificate
//! `/r/{token}/certificate`, after the day as PMI recorded it through its
//! pages: the group PMI tested, Hb and blood pressure, the next date they may
//! give, their donations across drives; a deferral's reason and date in plain
//! words. The link is the only key: another token, a booked donor or an
//! erased one reveals nothing.

use blood_drive::db::schema::{donors, registrations};
use blood_drive::domain::codes::SecretToken;
use blood_drive::domain::vocab::Role;
use blood_drive::i18n::{I18n, Lang};
use blood_drive::store::drives::Drive;
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_says, assert_says_in, assert_status, html_escape, says};
use crate::fixtures::{check_in, donate, nip, register, screen_accepted, slot_ids, valid_fields};
use crate::helpers::{TestApp, seed_demo, spawn_app};

/// A person registered through the form: (registration id, check-in code,
/// their page's path, donor id).
struct Person {
    id: Uuid,
    code: String,
    page: String,
    donor: Uuid,
}

async fn person(app: &TestApp, slug: &str, serial: u32, name: &str) -> Person {
    let slot = slot_ids(app)[0].to_string();
    let mut fields = valid_fields(&nip(serial), &slot);
    for (key, value) in fields.iter_mut() {
        if *key == "full_name" {
            *value = name.to_owned();
        }
    }
    let page = register(app, slug, &fields).await;
    let (id, code, donor) = registrations::table
        .inner_join(donors::table)
        .filter(donors::nip.eq(nip(serial)))
        .select((registrations::id, registrations::code, donors::id))
        .first(&mut app.conn())
        .expect("registration");
    Person {
        id,
        code,
        page,
        donor,
    }
}

fn drive_date(app: &TestApp, slug: &str) -> NaiveDate {
    Drive::find_by_slug(&mut app.conn(), slug)
        .expect("drive")
        .drive_date
}

/// Records a deferral for low Hb (10.9 g/dL), with `until` as PMI's date (`""`: none).
async fn screen_deferred(pmi: &TestApp, id: Uuid, until: &str) -> reqwest::Response {
    pmi.post_with_csrf(
        &format!("/pmi/registrations/{id}/screening"),
        &[
            ("weight_kg", "62"),
            ("hb_g_dl", "10,9"),
            ("systolic", "118"),
            ("diastolic", "76"),
            ("pulse", "72"),
            ("temperature_c", "36.8"),
            ("decision", "defer"),
            ("deferral_reason", "low_hb"),
            ("deferred_until", until),
            ("seen", "0"),
            ("tested_group", ""),
        ],
    )
    .await
}

/// A donation at an earlier drive of the same donor, written as the day would
/// have left it: a closed drive, its slot, a donated registration and a full bag.
fn earlier_donation(app: &TestApp, slug: &str, donor: Uuid, recorded_by: Uuid) {
    app.execute(&format!(
        "WITH d AS (
           INSERT INTO drives (slug, title, drive_date, time_zone, venue, partner,
                               registration_opens_at, registration_closes_at, target_bags,
                               bag_volume_ml, status, registration_mode)
           SELECT 'hari-bakti-lalu', 'Donor Darah Hari Bakti yang lalu', drive_date - 200,
                  time_zone, venue, 'UDD PMI Kota Kupang', registration_opens_at - interval '200 days',
                  registration_closes_at - interval '200 days', 50, 350, 'done', 'open'
           FROM drives WHERE slug = '{slug}' RETURNING id),
         s AS (
           INSERT INTO slots (drive_id, starts_at, ends_at, capacity, booked)
           SELECT id, now() - interval '200 days', now() - interval '200 days' + interval '1 hour', 6, 1
           FROM d RETURNING id, drive_id),
         r AS (
           INSERT INTO registrations (drive_id, donor_id, slot_id, status, prescreen_verdict, code,
                                      manage_token_hash, source, sex, age_years, first_time)
           SELECT drive_id, '{donor}', id, 'donated', 'eligible', 'ABCD2345',
                  sha256('an earlier link'::bytea), 'self', 'male', 40, true
           FROM s RETURNING id, drive_id)
         INSERT INTO donations (registration_id, drive_id, bag_number, volume_ml, outcome, recorded_by)
         SELECT id, drive_id, 'OLD-1', 350, 'complete', '{recorded_by}' FROM r"
    ));
}

#[tokio::test]
async fn after_a_donation_the_page_thanks_with_pmis_group_hb_pressure_and_the_next_date() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, account) = app.login_as(Role::Pmi).await;
    let yohanes = person(&app, &slug, 21, "Yohanes Bria").await;

    // Before the day: no thanks yet, and no certificate.
    let (_, before) = app.get_text(&yohanes.page).await;
    assert!(!says(&before, "thanks-lead"), "nothing to thank for yet");
    assert_status(
        &app.get(&format!("{}/certificate", yohanes.page)).await,
        404,
    );

    earlier_donation(&app, &slug, yohanes.donor, account.id);
    assert_status(&check_in(&pmi, &slug, &yohanes.code).await, 303);
    // Declared O+ on the form; PMI found A−.
    assert_status(&screen_accepted(&pmi, yohanes.id, 0, "A-").await, 303);
    assert_status(&donate(&pmi, yohanes.id, "THX-1").await, 303);

    let (status, html) = app.get_text(&yohanes.page).await;
    assert_eq!(status, 200);
    let id = I18n::new(Lang::Id);
    assert!(html.contains(&html_escape(&id.t1("thanks-heading", "name", "Yohanes"))));
    assert_says(&html, "thanks-lead");
    assert!(
        html.contains("A−"),
        "the group PMI tested, not the declared O+"
    );
    assert!(html.contains("13,5 g/dL"), "Hb as measured");
    assert!(html.contains("120/80 mmHg"), "blood pressure as measured");
    let next = drive_date(&app, &slug)
        .checked_add_days(Days::new(60))
        .expect("date");
    assert!(
        html.contains(&id.long_date(next)),
        "the next donation: the drive date and the 60-day interval"
    );
    // Both drives, oldest first, and the bags together.
    let old = html
        .find("Donor Darah Hari Bakti yang lalu")
        .expect("the earlier drive is listed");
    let this = html.rfind("Donor Darah").expect("this drive is listed");
    assert!(old < this);
    assert!(html.contains(&html_escape(&id.t1("thanks-history-total", "count", 2))));
    assert!(html.contains(&format!("href=\"{}/certificate\"", yohanes.page)));

    // The certificate, in Indonesian and in English.
    let (status, cert) = app.get_text(&format!("{}/certificate", yohanes.page)).await;
    assert_eq!(status, 200);
    assert_says_in(&cert, Lang::Id, "cert-title");
    for text in [
        "Yohanes Bria",
        "Kantor Imigrasi Kelas I TPI Kupang",
        "PMI Provinsi NTT",
    ] {
        assert!(cert.contains(text), "the certificate names {text}");
    }
    assert!(cert.contains(&html_escape(&id.t1("cert-bags", "count", 2))));
    assert!(cert.contains(&id.long_date(drive_date(&app, &slug))));
    let english = app
        .client
        .get(app.url(&format!("{}/certificate", yohanes.page)))
        .header("Accept-Language", "en")
        .send()
        .await
        .expect("request");
    assert_status(&english, 200);
    let english = english.text().await.expect("body");
    assert_says_in(&english, Lang::En, "cert-title");
    assert!(english.contains("<html lang=\"en\">"));
    let css = app.get_text("/static/live.css").await.1;
    assert!(
        css.contains("@page { size: A4 landscape"),
        "printed A4 landscape"
    );
}

#[tokio::test]
async fn a_deferred_donor_reads_why_and_from_when_or_to_ask_pmi() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let date = drive_date(&app, &slug);
    let until = date.checked_add_days(Days::new(30)).expect("date");

    let maria = person(&app, &slug, 31, "Maria Nahak").await;
    assert_status(&check_in(&pmi, &slug, &maria.code).await, 303);
    assert_status(
        &screen_deferred(&pmi, maria.id, &until.format("%Y-%m-%d").to_string()).await,
        303,
    );
    let (status, html) = app.get_text(&maria.page).await;
    assert_eq!(status, 200);
    assert_says(&html, "thanks-deferred-heading");
    assert_says(&html, "thanks-deferred-low-hb");
    let id = I18n::new(Lang::Id);
    assert!(html.contains(&html_escape(&id.t1(
        "thanks-deferred-until",
        "date",
        id.long_date(until)
    ))));
    assert!(html.contains("10,9 g/dL"), "the Hb that decided it");
    assert!(!says(&html, "thanks-lead"), "no thanks for a bag not given");
    assert_status(&app.get(&format!("{}/certificate", maria.page)).await, 404);

    // In English, the same.
    let english = app
        .client
        .get(app.url(&maria.page))
        .header("Accept-Language", "en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert_says_in(&english, Lang::En, "thanks-deferred-low-hb");

    // No date from PMI: ask PMI.
    let ana = person(&app, &slug, 32, "Ana Seran").await;
    assert_status(&check_in(&pmi, &slug, &ana.code).await, 303);
    assert_status(&screen_deferred(&pmi, ana.id, "").await, 303);
    let (_, html) = app.get_text(&ana.page).await;
    assert_says(&html, "thanks-deferred-low-hb");
    assert_says(&html, "thanks-deferred-ask");
}

#[tokio::test]
async fn another_token_and_an_erased_donor_reveal_nothing() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let giver = person(&app, &slug, 41, "Fransiskus Tefa").await;
    let other = person(&app, &slug, 42, "Agustina Lake").await;
    assert_status(&check_in(&pmi, &slug, &giver.code).await, 303);
    assert_status(&screen_accepted(&pmi, giver.id, 0, "B+").await, 303);
    assert_status(&donate(&pmi, giver.id, "SECRET-BAG-1").await, 303);

    // Another person's page says nothing of the giver.
    let (status, html) = app.get_text(&other.page).await;
    assert_eq!(status, 200);
    for secret in [
        "Fransiskus",
        "Tefa",
        "B+",
        "SECRET-BAG-1",
        giver.code.as_str(),
    ] {
        assert!(!html.contains(secret), "another page shows {secret:?}");
    }
    assert!(!says(&html, "thanks-lead"));
    assert_status(&app.get(&format!("{}/certificate", other.page)).await, 404);

    // An unknown token, a made-up one of the right shape, a mangled one: 404.
    let (made_up, _) = SecretToken::generate().expect("token");
    for path in [
        format!("/r/{made_up}"),
        format!("/r/{made_up}/certificate"),
        "/r/not-a-token/certificate".to_owned(),
        format!("{}%00/certificate", giver.page),
        format!("{}x/certificate", giver.page),
        format!("/r/{}/certificate", "a".repeat(4000)),
    ] {
        let code = app.get(&path).await.status().as_u16();
        assert!(code == 404 || code == 414 || code == 431, "{path}: {code}");
    }

    // Erased: the link still opens, but nothing personal is left on it.
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let res = organizer
        .post_with_csrf(
            &format!("/admin/donors/{}/erase", giver.donor),
            &[("drive", slug.as_str()), ("confirm", "yes")],
        )
        .await;
    assert_status(&res, 303);
    let (status, html) = app.get_text(&giver.page).await;
    assert_eq!(status, 200);
    assert!(
        !says(&html, "thanks-lead"),
        "no thanks section after erasure"
    );
    for secret in ["Fransiskus", "B+", "13,5", "120/80"] {
        assert!(
            !html.contains(secret),
            "an erased donor's page shows {secret:?}"
        );
    }
    assert_status(&app.get(&format!("{}/certificate", giver.page)).await, 404);
}

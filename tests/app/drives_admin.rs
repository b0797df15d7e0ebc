//! Organizers create and edit drives, generate slots with a preview, change a
//! slot's capacity (never below its bookings; growth promotes the waitlist),
//! close and reopen slots.

use blood_drive::domain::vocab::Role;
use blood_drive::i18n::Lang;
use diesel::prelude::*;

use crate::expect::{assert_field_error, assert_says_in, assert_status, assert_status_for};
use crate::fixtures::{RECORDED_SLUG, recorded_drive};
use crate::helpers::{TestApp, spawn_app};

fn drive_fields<'a>(slug: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("title", title),
        ("drive_date", "2027-01-17"),
        ("time_zone", "Asia/Makassar"),
        ("venue", "Aula Kanwil NTT"),
        ("partner", "PMI Provinsi NTT"),
        ("opens_at", "2026-12-01T08:00"),
        ("closes_at", "2027-01-16T23:59"),
        ("target_bags", "120"),
        ("bag_volume_ml", "350"),
        ("status", "draft"),
        ("registration_mode", "staff_list"),
        ("contact_name", "Maria Lado"),
        ("contact_whatsapp", "0812-3456-7890"),
    ]
}

async fn organizer(app: &TestApp) -> TestApp {
    let (browser, _) = app.login_as(Role::Organizer).await;
    browser.get("/lang/en?next=/").await;
    browser
}

fn scalar_i64(app: &TestApp, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct V {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        v: i64,
    }
    diesel::sql_query(sql)
        .get_result::<V>(&mut app.conn())
        .expect("scalar")
        .v
}

fn scalar_text(app: &TestApp, sql: &str) -> String {
    #[derive(QueryableByName)]
    struct V {
        #[diesel(sql_type = diesel::sql_types::Text)]
        v: String,
    }
    diesel::sql_query(sql)
        .get_result::<V>(&mut app.conn())
        .expect("scalar")
        .v
}

#[tokio::test]
async fn an_organizer_creates_a_drive_with_its_window_in_local_time() {
    let app = spawn_app().await;
    let browser = organizer(&app).await;
    let res = browser
        .post_with_csrf(
            "/admin/drives",
            &drive_fields("donor-2027", "Donor Darah 2027"),
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(res.headers()["location"], "/admin/drives/donor-2027");
    // 08.00 WITA is 00.00 UTC.
    assert_eq!(
        scalar_text(
            &app,
            "SELECT to_char(registration_opens_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS v
             FROM drives WHERE slug = 'donor-2027'"
        ),
        "2026-12-01 00:00"
    );
    let (status, html) = browser.get_text("/admin/drives/donor-2027").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("2026-12-01T08:00"),
        "the window is shown in local time"
    );
    assert!(
        html.contains("Permenkes"),
        "rule sources are shown beside the defaults"
    );
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT count(*) AS v FROM audit_log WHERE action = 'drive.create'"
        ),
        1
    );
    assert_eq!(
        scalar_text(
            &app,
            "SELECT registration_mode || ' ' || contact_name || ' ' || contact_whatsapp AS v
             FROM drives WHERE slug = 'donor-2027'"
        ),
        "staff_list Maria Lado 6281234567890",
        "who registers and whom they ask, the number made international"
    );
    assert!(html.contains("value=\"6281234567890\""), "shown as stored");
}

#[tokio::test]
async fn who_may_register_and_the_contact_number_are_checked() {
    let app = spawn_app().await;
    let browser = organizer(&app).await;
    let mut fields = drive_fields("modes", "Modes");
    fields.retain(|(k, _)| *k != "registration_mode" && *k != "contact_whatsapp");
    fields.push(("registration_mode", "everyone"));
    fields.push(("contact_whatsapp", "call Maria"));
    let res = browser.post_with_csrf("/admin/drives", &fields).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_field_error(&html, "registration_mode");
    assert_field_error(&html, "contact_whatsapp");
    assert!(html.contains("value=\"call Maria\""), "input kept");
    assert_eq!(scalar_i64(&app, "SELECT count(*) AS v FROM drives"), 0);
}

#[tokio::test]
async fn a_bad_drive_form_is_explained_with_the_input_kept_and_nothing_saved() {
    let app = spawn_app().await;
    let browser = organizer(&app).await;
    let mut fields = drive_fields("Bad Slug!", "Kept title");
    fields.retain(|(k, _)| *k != "closes_at");
    fields.push(("closes_at", "2026-11-01T08:00"));
    let res = browser.post_with_csrf("/admin/drives", &fields).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("value=\"Kept title\""), "input kept");
    assert_says_in(&html, Lang::En, "org-drive-error-slug");
    assert_says_in(&html, Lang::En, "org-drive-error-window");
    // The summary at the top links each problem to its field, in form order.
    let slug_link = html.find("href=\"#slug\"").expect("summary links the slug");
    let window_link = html
        .find("href=\"#closes_at\"")
        .or_else(|| html.find("href=\"#opens_at\""))
        .expect("summary links the registration window");
    assert!(slug_link < window_link, "in the form's order");
    assert_eq!(scalar_i64(&app, "SELECT count(*) AS v FROM drives"), 0);

    browser
        .post_with_csrf("/admin/drives", &drive_fields("taken", "First"))
        .await;
    let res = browser
        .post_with_csrf("/admin/drives", &drive_fields("taken", "Second"))
        .await;
    assert_status(&res, 409);
    assert_says_in(
        &res.text().await.expect("body"),
        Lang::En,
        "org-drive-error-slug-taken",
    );
}

#[tokio::test]
async fn eligibility_overrides_are_checked_and_only_differences_stored() {
    let app = spawn_app().await;
    let browser = organizer(&app).await;
    browser
        .post_with_csrf("/admin/drives", &drive_fields("rules", "Rules"))
        .await;
    let mut fields = drive_fields("rules", "Rules");
    fields.push(("rule_min_age", "18"));
    let res = browser.post_with_csrf("/admin/drives/rules", &fields).await;
    assert_status(&res, 303);
    assert_eq!(
        scalar_text(
            &app,
            "SELECT eligibility_overrides::text AS v FROM drives WHERE slug = 'rules'"
        ),
        "{\"min_age\": 18}"
    );

    let mut fields = drive_fields("rules", "Changed title");
    fields.push(("rule_min_age", "70"));
    let res = browser.post_with_csrf("/admin/drives/rules", &fields).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("value=\"70\""), "the refused value is kept");
    assert_eq!(
        scalar_text(&app, "SELECT title AS v FROM drives WHERE slug = 'rules'"),
        "Rules",
        "nothing half-written"
    );

    let mut fields = drive_fields("rules", "Rules");
    fields.push(("rule_min_age", "seventeen"));
    let res = browser.post_with_csrf("/admin/drives/rules", &fields).await;
    assert_status(&res, 422);
}

#[tokio::test]
async fn slots_are_previewed_then_saved_and_overlaps_refused() {
    let app = spawn_app().await;
    let browser = organizer(&app).await;
    browser
        .post_with_csrf("/admin/drives", &drive_fields("slots", "Slots"))
        .await;
    let template = [
        ("start", "08:00"),
        ("end", "10:00"),
        ("slot_minutes", "30"),
        ("beds", "4"),
        ("donors_per_bed_per_hour", "3"),
        ("no_show_margin_pct", "10"),
    ];
    let mut preview = template.to_vec();
    preview.push(("action", "preview"));
    let res = browser
        .post_with_csrf("/admin/drives/slots/slots", &preview)
        .await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    // 4 beds x 3 per hour x 0.5 h x 1.10 = 6.6 -> 6 seats.
    assert!(html.contains("data-k=\"preview/08:00–08:30\">6<"), "{html}");
    assert!(html.contains("4 slots, 24 seats in all."));
    assert_eq!(
        scalar_i64(&app, "SELECT count(*) AS v FROM slots"),
        0,
        "a preview saves nothing"
    );

    let mut save = template.to_vec();
    save.push(("action", "save"));
    let res = browser
        .post_with_csrf("/admin/drives/slots/slots", &save)
        .await;
    assert_status(&res, 303);
    assert_eq!(scalar_i64(&app, "SELECT count(*) AS v FROM slots"), 4);

    let mut overlapping = save.clone();
    overlapping[0] = ("start", "09:30");
    overlapping[1] = ("end", "11:00");
    let res = browser
        .post_with_csrf("/admin/drives/slots/slots", &overlapping)
        .await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert_says_in(&html, Lang::En, "org-slots-error-overlap");
    assert!(html.contains("value=\"09:30\""), "input kept");
    assert_eq!(
        scalar_i64(&app, "SELECT count(*) AS v FROM slots"),
        4,
        "none of them saved"
    );
}

#[tokio::test]
async fn nonsense_slot_templates_are_explained_on_the_form() {
    let app = spawn_app().await;
    let browser = organizer(&app).await;
    browser
        .post_with_csrf("/admin/drives", &drive_fields("bad-slots", "Bad slots"))
        .await;
    for (field, value) in [
        ("end", "07:00"),
        ("beds", "0"),
        ("slot_minutes", "abc"),
        ("start", "8 o'clock"),
    ] {
        let mut form = vec![
            ("start", "08:00"),
            ("end", "10:00"),
            ("slot_minutes", "30"),
            ("beds", "4"),
            ("donors_per_bed_per_hour", "3"),
            ("no_show_margin_pct", "10"),
            ("action", "save"),
        ];
        for pair in form.iter_mut() {
            if pair.0 == field {
                pair.1 = value;
            }
        }
        let res = browser
            .post_with_csrf("/admin/drives/bad-slots/slots", &form)
            .await;
        assert_status_for(&res, 422, format_args!("{field}={value}"));
        let html = res.text().await.expect("body");
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "{field} explained"
        );
    }
    assert_eq!(scalar_i64(&app, "SELECT count(*) AS v FROM slots"), 0);
}

#[tokio::test]
async fn capacity_never_drops_below_bookings_and_growth_promotes_the_waitlist() {
    let app = spawn_app().await;
    let ids = recorded_drive(&app);
    let waiting = ids[10];
    // The fixture's first slot (08.00) holds four seats.
    app.execute("UPDATE slots SET booked = 4 WHERE starts_at = '2027-01-17T00:00:00Z'");
    let slot = scalar_text(
        &app,
        "SELECT id::text AS v FROM slots WHERE starts_at = '2027-01-17T00:00:00Z'",
    );
    let browser = organizer(&app).await;
    let path = format!("/admin/drives/{RECORDED_SLUG}/slots/{slot}/capacity");

    let res = browser.post_with_csrf(&path, &[("capacity", "3")]).await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert!(html.contains("4 seats are already booked in this slot"));
    assert!(html.contains("value=\"3\""), "input kept");

    let res = browser.post_with_csrf(&path, &[("capacity", "5")]).await;
    assert_status(&res, 200);
    assert_eq!(
        scalar_text(
            &app,
            &format!(
                "SELECT status || ' ' || slot_id::text AS v FROM registrations WHERE id = '{waiting}'"
            )
        ),
        format!("booked {slot}"),
        "the waiting person got the new seat"
    );
    assert_eq!(
        scalar_i64(
            &app,
            &format!("SELECT booked::bigint AS v FROM slots WHERE id = '{slot}'")
        ),
        5
    );

    let res = browser
        .post_with_csrf(
            &format!("/admin/drives/{RECORDED_SLUG}/slots/{slot}/close"),
            &[],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(
        scalar_text(
            &app,
            &format!("SELECT closed::text AS v FROM slots WHERE id = '{slot}'")
        ),
        "true"
    );
    browser
        .post_with_csrf(
            &format!("/admin/drives/{RECORDED_SLUG}/slots/{slot}/reopen"),
            &[],
        )
        .await;
    assert_eq!(
        scalar_text(
            &app,
            &format!("SELECT closed::text AS v FROM slots WHERE id = '{slot}'")
        ),
        "false"
    );
}

#[tokio::test]
async fn work_units_are_added_edited_and_refused_when_wrong() {
    let app = spawn_app().await;
    let browser = organizer(&app).await;
    let res = browser
        .post_with_csrf(
            "/admin/units",
            &[
                ("code", "kanim-kupang"),
                ("name", "Kanim Kupang"),
                ("kind", "kanim"),
                ("parent", ""),
                ("headcount", "85"),
            ],
        )
        .await;
    assert_status(&res, 303);
    let id = scalar_text(
        &app,
        "SELECT id::text AS v FROM work_units WHERE code = 'KANIM-KUPANG'",
    );
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT headcount::bigint AS v FROM work_units WHERE code = 'KANIM-KUPANG'"
        ),
        85
    );

    let res = browser
        .post_with_csrf(
            "/admin/units",
            &[
                ("code", "KANIM-KUPANG"),
                ("name", "Again"),
                ("kind", "kanim"),
                ("parent", ""),
                ("headcount", ""),
            ],
        )
        .await;
    assert_status(&res, 409);
    assert_says_in(
        &res.text().await.expect("body"),
        Lang::En,
        "org-unit-error-code-taken",
    );

    let res = browser
        .post_with_csrf(
            &format!("/admin/units/{id}"),
            &[
                ("code", "KANIM-KUPANG"),
                ("name", "Kantor Imigrasi Kupang"),
                ("kind", "kanim"),
                ("parent", &id),
                ("headcount", "-3"),
            ],
        )
        .await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("value=\"Kantor Imigrasi Kupang\""),
        "input kept"
    );
    assert!(html.contains("id=\"headcount-error\""));

    let res = browser
        .post_with_csrf(
            &format!("/admin/units/{id}"),
            &[
                ("code", "KANIM-KUPANG"),
                ("name", "Kantor Imigrasi Kupang"),
                ("kind", "kanim"),
                ("parent", &id),
                ("headcount", ""),
            ],
        )
        .await;
    assert_status_for(&res, 409, "a unit under itself");

    let res = browser
        .post_with_csrf(
            &format!("/admin/units/{id}"),
            &[
                ("code", "KANIM-KUPANG"),
                ("name", "Kantor Imigrasi Kupang"),
                ("kind", "kanim"),
                ("parent", ""),
                ("headcount", ""),
            ],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(
        scalar_text(
            &app,
            &format!(
                "SELECT name || ' ' || coalesce(headcount::text, 'none') AS v FROM work_units WHERE id = '{id}'"
            )
        ),
        "Kantor Imigrasi Kupang none"
    );
}

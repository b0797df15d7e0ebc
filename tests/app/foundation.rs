//! Public pages, health, languages, error pages, security headers, setup link.

use blood_drive::domain::codes::SecretToken;
use blood_drive::i18n::Lang;
use blood_drive::store::staff::{self, StaffUser};
use chrono::Utc;
use diesel::prelude::*;

use crate::expect::{assert_says, assert_says_in, assert_status, assert_status_for, says};
use crate::helpers::{extract_csrf, seed_demo, spawn_app};

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    assert_eq!(app.get_text("/healthz").await, (200, "ok".to_owned()));
    assert_eq!(app.get_text("/readyz").await, (200, "ready".to_owned()));
}

#[tokio::test]
async fn home_page_without_drives_says_so_in_indonesian() {
    let app = spawn_app().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"id\">"));
    assert_says(&html, "index-none-title");
}

#[tokio::test]
async fn home_page_lists_the_open_demo_drive() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("/drives/{slug}")));
    assert!(html.contains("Donor Darah Hari Bhakti Imigrasi ke-"));
    assert!(
        html.contains("Tersisa 60 tempat"),
        "60 seats in 10 slots of 6"
    );
}

#[tokio::test]
async fn drive_page_shows_date_venue_partner_and_slots_in_wita() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (status, html) = app.get_text(&format!("/drives/{slug}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("17 Januari"));
    assert!(html.contains("PMI Provinsi NTT"));
    assert!(html.contains("Kupang"));
    assert!(
        html.contains("08.00–08.30 WITA"),
        "first slot in Kupang time"
    );
    assert!(html.contains("12.30–13.00 WITA"), "last slot ends at 13.00");
    assert_eq!(
        html.matches("6 / 6").count(),
        10,
        "ten slots with six seats each"
    );
}

#[tokio::test]
async fn drive_page_reflects_seats_taken() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    {
        use blood_drive::db::schema::slots;
        let mut conn = app.conn();
        let first: uuid::Uuid = slots::table
            .order(slots::starts_at.asc())
            .select(slots::id)
            .first(&mut conn)
            .expect("slot");
        diesel::update(slots::table.find(first))
            .set(slots::booked.eq(6))
            .execute(&mut conn)
            .expect("fill");
    }
    let (_, html) = app.get_text(&format!("/drives/{slug}")).await;
    assert_says(&html, "slot-full");
    assert_eq!(html.matches("6 / 6").count(), 9);
}

#[tokio::test]
async fn unknown_drive_and_unknown_route_get_a_friendly_404() {
    let app = spawn_app().await;
    for path in ["/drives/no-such-drive", "/no/such/page"] {
        let res = app.get(path).await;
        assert_status_for(&res, 404, format_args!("{path}"));
        assert_eq!(res.headers()["cache-control"], "no-store");
        let html = res.text().await.expect("body");
        assert!(says(&html, "error-not-found-title"), "{path}: {html}");
    }
}

#[tokio::test]
async fn accept_language_english_gives_english_and_the_switch_sticks() {
    let app = spawn_app().await;
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("GET");
    let html = res.text().await.expect("body");
    assert!(html.contains("<html lang=\"en\">"));
    assert_says_in(&html, Lang::En, "index-none-title");

    // Switching to Indonesian sets a cookie that beats the header from then on.
    let res = app.get("/lang/id?next=%2Fhealthz").await;
    assert_status(&res, 303);
    assert_eq!(res.headers()["location"], "/healthz");
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("GET");
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("<html lang=\"id\">")
    );
}

#[tokio::test]
async fn language_switch_never_redirects_off_site() {
    let app = spawn_app().await;
    for next in [
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let res = app.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(res.headers()["location"], "/", "{next}");
    }
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    let headers = res.headers();
    let csp = headers["content-security-policy"].to_str().expect("csp");
    assert!(csp.contains("script-src 'self'"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["cache-control"], "no-store");
    let css = app.get("/static/style.css").await;
    assert_status(&css, 200);
    assert!(
        css.headers()["cache-control"]
            .to_str()
            .expect("cc")
            .contains("max-age")
    );
}

fn make_setup_token(app: &crate::helpers::TestApp) -> String {
    let (plain, hash) = SecretToken::generate().expect("token");
    let mut conn = app.conn();
    staff::create_setup_token(&mut conn, &hash, Utc::now()).expect("store token");
    plain
}

#[tokio::test]
async fn setup_link_creates_the_first_organizer_once() {
    let app = spawn_app().await;
    let token = make_setup_token(&app);
    let path = format!("/setup/{token}");
    let (status, html) = app.get_text(&path).await;
    assert_eq!(status, 200);
    let csrf = extract_csrf(&html).expect("csrf field");

    let res = app
        .post_form(
            &path,
            &[
                ("csrf_token", &csrf),
                ("display_name", "Dian Lenggu"),
                ("username", "Dian.L"),
                ("password", "sebelas karakter"),
                ("password_confirm", "sebelas karakter"),
            ],
        )
        .await;
    assert_status(&res, 200);
    let mut conn = app.conn();
    let user = StaffUser::find_by_username(&mut conn, "dian.l").expect("created");
    assert_eq!(user.role.as_str(), "organizer");
    assert!(user.password_hash.starts_with("$argon2id$"));

    // The link is spent.
    let (status, html) = app.get_text(&path).await;
    assert_eq!(status, 404);
    assert_says(&html, "setup-unusable-title");
}

#[tokio::test]
async fn setup_form_keeps_input_and_explains_errors() {
    let app = spawn_app().await;
    let token = make_setup_token(&app);
    let path = format!("/setup/{token}");
    let csrf = app.csrf_token(&path).await;
    let res = app
        .post_form(
            &path,
            &[
                ("csrf_token", &csrf),
                ("display_name", "<script>alert(1)</script>"),
                ("username", "bad name!"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_says(&html, "setup-username-invalid");
    assert_says(&html, "password-too-short");
    assert!(html.contains("value=\"bad name!\""), "input kept");
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "escaped"
    );
    assert!(!html.contains("<script>alert(1)</script>"));
    let mut conn = app.conn();
    assert_eq!(StaffUser::count(&mut conn).expect("count"), 0);
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let token = make_setup_token(&app);
    let path = format!("/setup/{token}");
    let _ = app.csrf_token(&path).await; // the browser has its cookie
    let fields = [
        ("display_name", "Penyusup"),
        ("username", "penyusup"),
        ("password", "sebelas karakter"),
        ("password_confirm", "sebelas karakter"),
    ];
    let res = app.post_form(&path, &fields).await;
    assert_status(&res, 403);
    assert_says(&res.text().await.expect("body"), "error-csrf-title");
    let mut with_wrong = fields.to_vec();
    with_wrong.push(("csrf_token", "00ff"));
    assert_status(&app.post_form(&path, &with_wrong).await, 403);
    let mut conn = app.conn();
    assert_eq!(StaffUser::count(&mut conn).expect("count"), 0);
}

#[tokio::test]
async fn an_unknown_setup_link_is_refused() {
    let app = spawn_app().await;
    let (status, _) = app.get_text("/setup/not-a-real-token").await;
    assert_eq!(status, 404);
}

/// The CSRF cookie the response sets, if any.
fn csrf_cookie_set(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("csrf="))
        .map(str::to_owned)
}

#[tokio::test]
async fn only_a_page_with_a_form_hands_out_the_csrf_cookie_and_its_token_works() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    // Pages without a form: no cookie, no token.
    for path in [
        "/".to_owned(),
        format!("/drives/{slug}"),
        format!("/drives/{slug}/live"),
    ] {
        let res = app.get(&path).await;
        assert_status_for(&res, 200, &path);
        assert_eq!(csrf_cookie_set(&res), None, "{path} set a CSRF cookie");
        assert_eq!(
            extract_csrf(&res.text().await.expect("body")),
            None,
            "{path}"
        );
    }
    // With no cookie yet, a post is refused even with a made-up token.
    let refused = app
        .post_form("/eligibility", &[("csrf_token", "00ff")])
        .await;
    assert_status(&refused, 403);
    // The first page with a form sets the cookie its token is made from.
    let res = app.get("/eligibility").await;
    assert!(
        csrf_cookie_set(&res).is_some(),
        "the form page set no cookie"
    );
    let token = extract_csrf(&res.text().await.expect("body")).expect("token");
    // The browser keeps it: the next form page sets none and carries the same token.
    let again = app.get(&format!("/drives/{slug}/register")).await;
    assert_eq!(csrf_cookie_set(&again), None, "a second cookie");
    assert_eq!(
        extract_csrf(&again.text().await.expect("body")).as_deref(),
        Some(token.as_str())
    );
    // And the token is accepted: the self-check answers instead of refusing.
    let checked = app
        .post_form("/eligibility", &[("csrf_token", token.as_str())])
        .await;
    assert_ne!(checked.status().as_u16(), 403);
    assert!(checked.status().as_u16() < 500);
}

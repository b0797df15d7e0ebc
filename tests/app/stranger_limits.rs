//! Limits on strangers: anonymous posts per address, counted in PostgreSQL so
//! every instance shares them; staff are not strangers.

use blood_drive::auth::stranger_limits::StrangerLimits;
use blood_drive::domain::vocab::Role;
use blood_drive::i18n::Lang;

use crate::expect::{assert_says, assert_says_in, assert_status, assert_status_for};
use blood_drive::Settings;

use crate::helpers::{TestApp, seed_demo, spawn_app_with, spawn_instance_with};

fn five_posts_a_minute(settings: &mut Settings) {
    settings.stranger_limits = StrangerLimits {
        posts_per_minute: 5,
        ..StrangerLimits::default()
    };
}

/// A refusal's `Retry-After`: whole seconds, within the minute's window.
#[track_caller]
fn assert_waits_within_the_minute(refused: &reqwest::Response) {
    let wait: i64 = refused.headers()["retry-after"]
        .to_str()
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "within the minute: {wait}");
}

/// A self-check post (anonymous, changes nothing), with this browser's token.
async fn self_check(app: &TestApp, csrf: &str) -> reqwest::Response {
    app.post_form(
        "/eligibility",
        &[
            ("csrf_token", csrf),
            ("birth_date", "1990-05-01"),
            ("sex", "female"),
            ("weight_kg", "50"),
            ("pregnant", "no"),
            ("breastfeeding", "no"),
            ("permanent_condition", "no"),
            ("fever_last_7_days", "no"),
            ("medication_last_3_days", "no"),
            ("slept_under_4_hours", "no"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_stranger_posting_faster_than_people_type_is_told_to_wait() {
    let app = spawn_app_with(five_posts_a_minute).await;
    seed_demo(&app);
    let csrf = app.csrf_token("/eligibility").await;
    for n in 1..=5 {
        let res = self_check(&app, &csrf).await;
        assert_status_for(&res, 200, format_args!("post {n} of 5"));
    }
    let refused = self_check(&app, &csrf).await;
    assert_status(&refused, 429);
    assert_waits_within_the_minute(&refused);
    let body = refused.text().await.expect("body");
    assert_says(&body, "error-too-many-title");

    // The same limit in English for an English browser, and as JSON on the API.
    let english = app
        .client
        .post(app.url("/eligibility"))
        .header("accept-language", "en")
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .expect("POST");
    assert_status(&english, 429);
    assert_says_in(
        &english.text().await.expect("body"),
        Lang::En,
        "error-too-many-title",
    );
    let api = app
        .post_json("/api/v1/eligibility", &serde_json::json!({}))
        .await;
    assert_status(&api, 429);
    let body: serde_json::Value = api.json().await.expect("json");
    assert_eq!(body["error"], "too_many_requests");
}

#[tokio::test]
async fn signed_in_staff_are_not_strangers() {
    let app = spawn_app_with(five_posts_a_minute).await;
    seed_demo(&app);
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let csrf = organizer.csrf_token("/eligibility").await;
    for n in 1..=12 {
        let res = self_check(&organizer, &csrf).await;
        assert_status_for(&res, 200, format_args!("post {n}"));
    }
}

#[tokio::test]
async fn instances_behind_one_balancer_share_the_count() {
    let first = spawn_app_with(five_posts_a_minute).await;
    seed_demo(&first);
    let second = spawn_instance_with(&first.database_url, five_posts_a_minute).await;
    let second = second.with_client(first.client.clone());
    let csrf = first.csrf_token("/eligibility").await;
    for n in 1..=5 {
        let app = if n % 2 == 0 { &first } else { &second };
        assert_status_for(&self_check(app, &csrf).await, 200, format_args!("post {n}"));
    }
    assert_status(&self_check(&first, &csrf).await, 429);
    assert_status(&self_check(&second, &csrf).await, 429);
}

/// The API's registration counts its post in its own trip to the database:
/// the same limit holds, bodies refused unread count too, and the refusal says
/// when to come back.
#[tokio::test]
async fn the_registration_api_counts_every_post_in_its_own_trip() {
    let app = spawn_app_with(five_posts_a_minute).await;
    let slug = seed_demo(&app);
    let path = format!("/api/v1/drives/{slug}/registrations");
    // Three readable posts with wrong fields, two bodies that are no JSON.
    for n in 1..=3 {
        let res = app.post_json(&path, &serde_json::json!({"nip": "1"})).await;
        assert_status_for(&res, 422, format_args!("post {n}"));
    }
    for n in 4..=5 {
        let res = app
            .client
            .post(app.url(&path))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .expect("POST");
        assert_status_for(&res, 400, format_args!("post {n}"));
    }
    let refused = app.post_json(&path, &serde_json::json!({})).await;
    assert_status(&refused, 429);
    assert_waits_within_the_minute(&refused);
    let body: serde_json::Value = refused.json().await.expect("json");
    assert_eq!(body["error"], "too_many_requests");
    // Nothing was registered by any of them.
    assert_eq!(
        app.execute("SELECT 1 FROM registrations WHERE source = 'self'"),
        0
    );
}

/// A registration through the API is a post and a registration, counted in
/// one statement: five posts a minute let five people register, the sixth
/// post waits, and a post to no drive counts like any other.
#[tokio::test]
async fn registrations_through_the_api_count_as_posts_too() {
    use crate::fixtures::{nip, registration_body, slot_ids};
    let app = spawn_app_with(five_posts_a_minute).await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[0].to_string();
    let path = format!("/api/v1/drives/{slug}/registrations");
    let nowhere = app
        .post_json(
            "/api/v1/drives/no-such-drive/registrations",
            &registration_body(&nip(900), &slot),
        )
        .await;
    assert_status(&nowhere, 404);
    for n in 1..=4 {
        let res = app
            .post_json(&path, &registration_body(&nip(900 + n), &slot))
            .await;
        assert_status_for(&res, 201, format_args!("registration {n}"));
    }
    let refused = app
        .post_json(&path, &registration_body(&nip(999), &slot))
        .await;
    assert_status(&refused, 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(
        app.execute("SELECT 1 FROM registrations WHERE source = 'self'"),
        4
    );
    // One row per scope and window, counted once per post.
    assert_eq!(
        app.execute(
            "SELECT 1 FROM stranger_hits WHERE scope = 'post' AND window_seconds = 60 AND hits = 6"
        ),
        1
    );
    assert_eq!(
        app.execute(
            "SELECT 1 FROM stranger_hits WHERE scope = 'register' AND window_seconds = 60 AND hits = 5"
        ),
        1
    );
}

//! The JSON API v1: drives, slots, the self-check, registration, every refusal
//! as JSON, and the OpenAPI document against the route table.

use blood_drive::db::schema::{drives, registrations, slots};
use blood_drive::i18n::{I18n, Lang};
use blood_drive::web::routes::RouteTable;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::expect::assert_status;
use crate::fixtures::{nip, open_drive, registration_body, set_capacity};
use crate::helpers::{TestApp, spawn_app};

async fn get_json(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{path}: {content_type}"
    );
    (status, res.json().await.expect("json body"))
}

async fn post_json(app: &TestApp, path: &str, body: &Value) -> (u16, Value) {
    let res = app.post_json(path, body).await;
    let status = res.status().as_u16();
    (status, res.json().await.expect("json body"))
}

fn today_in_kupang() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Asia::Makassar)
        .date_naive()
}

#[tokio::test]
async fn drives_lists_the_open_drive_with_its_window_and_seats() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let (status, body) = get_json(&app, "/api/v1/drives").await;
    assert_eq!(status, 200);
    let list = body.as_array().expect("array");
    assert_eq!(list.len(), 1);
    let d = &list[0];
    assert_eq!(d["slug"], drive.slug);
    assert_eq!(d["date"], drive.date.to_string());
    assert_eq!(d["time_zone"], "Asia/Makassar");
    assert_eq!(d["partner"], "PMI Provinsi NTT");
    assert_eq!(d["target_bags"], 60);
    assert_eq!(d["bag_volume_ml"], 350);
    assert_eq!(d["registration_open"], true);
    assert_eq!(d["seats_left"], 60);
    let closes = d["registration_closes_at"].as_str().expect("closes");
    assert!(closes.ends_with('Z'), "RFC 3339 in UTC: {closes}");
    assert!(chrono::DateTime::parse_from_rfc3339(closes).is_ok());
}

#[tokio::test]
async fn drives_leaves_out_drafts() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    diesel::update(drives::table.find(drive.id))
        .set(drives::status.eq("draft"))
        .execute(&mut app.conn())
        .expect("draft");
    let (status, body) = get_json(&app, "/api/v1/drives").await;
    assert_eq!((status, body), (200, json!([])));
    let (status, body) = get_json(&app, &format!("/api/v1/drives/{}", drive.slug)).await;
    assert_eq!((status, &body["error"]), (404, &json!("not_found")));
}

#[tokio::test]
async fn drive_detail_lists_its_work_units() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let (status, body) = get_json(&app, &format!("/api/v1/drives/{}", drive.slug)).await;
    assert_eq!(status, 200);
    assert_eq!(body["slug"], drive.slug);
    let units = body["work_units"].as_array().expect("units");
    assert_eq!(units.len(), blood_drive::seed::NTT_UNITS.len());
    let kanim = units
        .iter()
        .find(|u| u["code"] == "KANIM-KUPANG")
        .expect("Kanim Kupang");
    assert_eq!(kanim["kind"], "kanim");
    assert_eq!(kanim["name"], "Kantor Imigrasi Kelas I TPI Kupang");
}

#[tokio::test]
async fn slots_come_in_time_order_in_utc_with_seats_left() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    diesel::update(slots::table.find(drive.slots[1]))
        .set((slots::booked.eq(2), slots::closed.eq(true)))
        .execute(&mut app.conn())
        .expect("book two, close");
    let (status, body) = get_json(&app, &format!("/api/v1/drives/{}/slots", drive.slug)).await;
    assert_eq!(status, 200);
    let list = body.as_array().expect("array");
    assert_eq!(list.len(), 10);
    let first = &list[0];
    // 08.00 WITA is midnight UTC.
    assert_eq!(
        first["starts_at"],
        format!("{}T00:00:00Z", drive.date),
        "{first}"
    );
    assert_eq!(first["ends_at"], format!("{}T00:30:00Z", drive.date));
    assert_eq!(first["id"], drive.slots[0].to_string());
    assert_eq!(
        (&first["capacity"], &first["booked"], &first["seats_left"]),
        (&json!(6), &json!(0), &json!(6))
    );
    assert_eq!(
        (
            &list[1]["booked"],
            &list[1]["seats_left"],
            &list[1]["closed"]
        ),
        (&json!(2), &json!(0), &json!(true))
    );
}

#[tokio::test]
async fn unknown_drives_are_json_404s_everywhere() {
    let app = spawn_app().await;
    open_drive(&app);
    for path in [
        "/api/v1/drives/nope",
        "/api/v1/drives/nope/slots",
        // PostgreSQL text cannot hold NUL; it must not become a 500.
        "/api/v1/drives/%00",
        "/api/v1/drives/a%00b/slots",
    ] {
        let (status, body) = get_json(&app, path).await;
        assert_eq!(
            (status, &body["error"]),
            (404, &json!("not_found")),
            "{path}"
        );
    }
    let (status, body) = post_json(
        &app,
        "/api/v1/drives/nope/registrations",
        &registration_body(&nip(1), "waitlist"),
    )
    .await;
    assert_eq!((status, &body["error"]), (404, &json!("not_found")));
    for drive in ["nope", "x\u{0}y"] {
        let (status, body) = post_json(
            &app,
            "/api/v1/eligibility",
            &json!({"drive": drive, "birth_date": "1990-01-01", "sex": "male", "weight_kg": 60}),
        )
        .await;
        assert_eq!((status, &body["error"]), (404, &json!("not_found")));
    }
}

#[tokio::test]
async fn eligibility_without_a_drive_uses_the_default_rules_today() {
    let app = spawn_app().await;
    let today = today_in_kupang();
    let last = today - Duration::days(10);
    let (status, body) = post_json(
        &app,
        "/api/v1/eligibility",
        &json!({"nip": nip(3), "weight_kg": "60", "last_donation_date": last.to_string()}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let from = last + Duration::days(60);
    assert_eq!(body["verdict"], "deferred");
    assert_eq!(body["eligible_from"], from.to_string());
    assert_eq!(body["evaluated_on"], today.to_string());
    assert_eq!(body["drive"], Value::Null);
    let reason = &body["reasons"][0];
    assert_eq!(reason["rule"], "donation_interval");
    assert_eq!(reason["effect"], "defer");
    assert_eq!(reason["eligible_from"], from.to_string());
    assert!(
        reason["source"]
            .as_str()
            .expect("source")
            .contains("Permenkes")
    );
    let message = reason["message"].as_str().expect("message");
    assert!(
        message.contains(&I18n::new(Lang::Id).long_date(from)),
        "Indonesian by default, with a long date: {message}"
    );
}

#[tokio::test]
async fn eligibility_messages_follow_accept_language() {
    let app = spawn_app().await;
    let last = today_in_kupang() - Duration::days(10);
    let res = app
        .client
        .post(app.url("/api/v1/eligibility"))
        .header("accept-language", "en-US,en;q=0.9")
        .json(
            &json!({"birth_date": "1990-02-03", "sex": "female", "weight_kg": 60,
                      "last_donation_date": last.to_string()}),
        )
        .send()
        .await
        .expect("POST");
    assert_status(&res, 200);
    let body: Value = res.json().await.expect("json");
    let from = last + Duration::days(60);
    assert_eq!(
        body["reasons"][0]["message"],
        format!(
            "At least 60 days must pass after your last donation. You can donate again from {}.",
            I18n::new(Lang::En).long_date(from)
        )
    );
    assert_eq!(body["reasons"][0]["title"], "Time since last donation");
}

#[tokio::test]
async fn eligibility_with_a_drive_uses_its_rules_and_its_date() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let today = today_in_kupang();
    let drive_date = today + Duration::days(30);
    diesel::update(drives::table.find(drive.id))
        .set((
            drives::drive_date.eq(drive_date),
            drives::eligibility_overrides.eq(json!({"min_weight_kg_350": 47.5})),
        ))
        .execute(&mut app.conn())
        .expect("drive date and rules");
    // 40 days ago: too recent today, long enough (70 days) on the drive date.
    let answers = json!({"nip": nip(5), "weight_kg": 50,
                         "last_donation_date": (today - Duration::days(40)).to_string()});
    let mut with_drive = answers.clone();
    with_drive["drive"] = json!(drive.slug);
    let (status, body) = post_json(&app, "/api/v1/eligibility", &with_drive).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["verdict"], "eligible");
    assert_eq!(body["evaluated_on"], drive_date.to_string());
    assert_eq!(body["drive"], drive.slug);
    let (_, body) = post_json(&app, "/api/v1/eligibility", &answers).await;
    assert_eq!(body["verdict"], "deferred", "today, default rules");

    // The drive's own threshold, with the Indonesian decimal comma.
    with_drive["weight_kg"] = json!("46");
    let (_, body) = post_json(&app, "/api/v1/eligibility", &with_drive).await;
    assert_eq!(body["verdict"], "deferred");
    assert_eq!(body["reasons"][0]["rule"], "weight");
    let message = body["reasons"][0]["message"].as_str().expect("message");
    assert!(message.contains("47,5 kg"), "{message}");
}

#[tokio::test]
async fn eligibility_names_each_missing_field() {
    let app = spawn_app().await;
    let (status, body) = post_json(&app, "/api/v1/eligibility", &json!({})).await;
    assert_eq!(status, 422);
    let errors = body["errors"].as_object().expect("errors");
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["birth_date", "sex", "weight_kg"]);
    assert_eq!(errors["weight_kg"], "Isi berat badan Anda dalam kilogram.");
}

#[tokio::test]
async fn registration_books_a_seat_and_answers_with_code_slot_and_link() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let slot = drive.slots[2];
    let res = app
        .post_json(
            &drive.registrations_path(),
            &registration_body(&nip(7), &slot.to_string()),
        )
        .await;
    assert_status(&res, 201);
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("location")
        .to_owned();
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["status"], "booked");
    assert_eq!(body["code"].as_str().expect("code").len(), 8);
    assert_eq!(body["slot"]["id"], slot.to_string());
    assert_eq!(
        body["slot"]["starts_at"],
        format!("{}T01:00:00Z", drive.date)
    );
    assert_eq!(body["verdict"]["verdict"], "eligible");
    let manage_url = body["manage_url"].as_str().expect("manage_url");
    assert!(
        manage_url.starts_with(&format!("{}/r/", app.address)),
        "{manage_url}"
    );
    assert_eq!(location, manage_url);

    let mut conn = app.conn();
    let booked: i32 = slots::table
        .find(slot)
        .select(slots::booked)
        .first(&mut conn)
        .expect("slot");
    assert_eq!(booked, 1);
    let (status, source): (String, String) = registrations::table
        .select((registrations::status, registrations::source))
        .first(&mut conn)
        .expect("registration");
    assert_eq!((status.as_str(), source.as_str()), ("booked", "self"));
}

#[tokio::test]
async fn registration_on_the_waitlist_has_no_slot() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let (status, body) = post_json(
        &app,
        &drive.registrations_path(),
        &registration_body(&nip(8), "waitlist"),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["status"], "waitlisted");
    assert_eq!(body["slot"], Value::Null);
}

#[tokio::test]
async fn a_second_registration_of_the_same_nip_is_a_409_that_reveals_nothing() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let nip = nip(9);
    let (status, first) = post_json(
        &app,
        &drive.registrations_path(),
        &registration_body(&nip, &drive.slots[0].to_string()),
    )
    .await;
    assert_eq!(status, 201);
    let mut again = registration_body(&nip, &drive.slots[1].to_string());
    again["full_name"] = json!("Someone Else");
    let res = app.post_json(&drive.registrations_path(), &again).await;
    assert_status(&res, 409);
    let text = res.text().await.expect("body");
    let body: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(body["error"], "duplicate");
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(2),
        "only error and message"
    );
    let code = first["code"].as_str().expect("code");
    for secret in [code, "Maria", "0812", "+62", &drive.slots[0].to_string()] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[tokio::test]
async fn a_full_or_closed_slot_and_a_closed_drive_are_409s() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let mut conn = app.conn();
    set_capacity(&mut conn, drive.slots[0], 0);
    diesel::update(slots::table.find(drive.slots[1]))
        .set(slots::closed.eq(true))
        .execute(&mut conn)
        .expect("close slot");
    for (n, slot, error) in [(10, 0, "slot_full"), (11, 1, "slot_closed")] {
        let (status, body) = post_json(
            &app,
            &drive.registrations_path(),
            &registration_body(&nip(n), &drive.slots[slot].to_string()),
        )
        .await;
        assert_eq!((status, &body["error"]), (409, &json!(error)), "{body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let now = Utc::now();
    diesel::update(drives::table.find(drive.id))
        .set((
            drives::registration_opens_at.eq(now - Duration::days(2)),
            drives::registration_closes_at.eq(now - Duration::days(1)),
        ))
        .execute(&mut conn)
        .expect("close registration");
    let (status, body) = post_json(
        &app,
        &drive.registrations_path(),
        &registration_body(&nip(12), "waitlist"),
    )
    .await;
    assert_eq!(
        (status, &body["error"]),
        (409, &json!("registration_closed"))
    );
    let count: i64 = registrations::table
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn wrong_fields_are_a_422_by_field_in_the_requested_language() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let mut body = registration_body(&nip(20), &Uuid::new_v4().to_string());
    body["work_unit"] = json!("NOPE");
    body["phone"] = json!("");
    body["sex"] = json!("female");
    let res = app
        .client
        .post(app.url(&drive.registrations_path()))
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .expect("POST");
    assert_status(&res, 422);
    let body: Value = res.json().await.expect("json");
    let errors = body["errors"].as_object().expect("errors");
    let mut fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["phone", "sex", "work_unit"]);
    assert_eq!(
        errors["phone"],
        "Enter your WhatsApp number so the committee can reach you."
    );
}

#[tokio::test]
async fn an_unknown_slot_is_a_field_error() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let (status, body) = post_json(
        &app,
        &drive.registrations_path(),
        &registration_body(&nip(14), &Uuid::new_v4().to_string()),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["errors"]["slot_id"].is_string());
}

#[tokio::test]
async fn a_rule_covering_the_drive_date_is_a_422_with_the_verdict() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let mut body = registration_body(&nip(15), "waitlist");
    let tattoo = today_in_kupang() - Duration::days(20);
    body["tattoo_piercing_date"] = json!(tattoo.to_string());
    let (status, body) = post_json(&app, &drive.registrations_path(), &body).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "not_eligible");
    assert_eq!(body["verdict"]["verdict"], "deferred");
    let reason = &body["verdict"]["reasons"][0];
    assert_eq!(reason["rule"], "tattoo_piercing");
    assert_eq!(
        reason["eligible_from"],
        (tattoo + chrono::Months::new(12)).to_string()
    );
    let count: i64 = registrations::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(count, 0, "nothing written");
}

#[tokio::test]
async fn bodies_that_are_not_json_are_refused_in_json() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let path = drive.registrations_path();
    let valid = registration_body(&nip(16), "waitlist").to_string();
    let cases: [(Option<&str>, String, u16, &str); 7] = [
        (
            Some("text/plain"),
            valid.clone(),
            415,
            "unsupported_media_type",
        ),
        (
            Some("application/x-www-form-urlencoded"),
            "nip=1".into(),
            415,
            "unsupported_media_type",
        ),
        (None, valid, 415, "unsupported_media_type"),
        (
            Some("application/json"),
            "{\"nip\": ".into(),
            400,
            "bad_request",
        ),
        (
            Some("application/json"),
            "\"just a string\"".into(),
            400,
            "bad_request",
        ),
        (
            Some("application/json"),
            "[\"Maria\", \"198503122010011002\"]".into(),
            400,
            "bad_request",
        ),
        (
            Some("application/json"),
            format!("{{\"full_name\": \"{}\"}}", "x".repeat(300 * 1024)),
            413,
            "payload_too_large",
        ),
    ];
    for (content_type, body, status, error) in cases {
        for target in [path.as_str(), "/api/v1/eligibility"] {
            let mut req = app.client.post(app.url(target)).body(body.clone());
            if let Some(ct) = content_type {
                req = req.header("content-type", ct);
            }
            let res = req.send().await.expect("POST");
            assert_eq!(res.status().as_u16(), status, "{target} {content_type:?}");
            let json: Value = res.json().await.expect("a JSON error");
            assert_eq!(json["error"], error);
            assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
    }
    let count: i64 = registrations::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn the_openapi_document_covers_every_api_route_and_no_other() {
    let app = spawn_app().await;
    let (status, doc) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with('3')));
    let paths = doc["paths"].as_object().expect("paths");
    let api_routes: Vec<_> = RouteTable::collect()
        .routes
        .into_iter()
        .filter(|r| r.pattern.starts_with("/api/"))
        .collect();
    assert!(api_routes.len() >= 6);
    for route in &api_routes {
        let method = route.method.as_str().to_ascii_lowercase();
        assert!(
            paths
                .get(route.pattern)
                .and_then(|p| p.get(&method))
                .is_some(),
            "{} {} is not in the OpenAPI document",
            route.method,
            route.pattern
        );
    }
    for (path, operations) in paths {
        for method in operations.as_object().expect("operations").keys() {
            assert!(
                api_routes
                    .iter()
                    .any(|r| r.pattern == path && r.method.as_str().eq_ignore_ascii_case(method)),
                "{method} {path} is documented but not routed"
            );
        }
    }
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for name in [
        "DriveSummary",
        "SlotBody",
        "VerdictBody",
        "RegistrationFields",
    ] {
        assert!(schemas.contains_key(name), "{name} missing");
    }
}

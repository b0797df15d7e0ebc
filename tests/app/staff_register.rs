//! The staff list as the register: who may register on each kind of drive,
//! the list's name and unit winning over what is typed, applications waiting
//! for approval, a stored person never changed by a stranger, and the limits
//! on registrations and on the waitlist.

use blood_drive::auth::stranger_limits::StrangerLimits;
use blood_drive::db::schema::{donors, registrations, slots};
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_field_error, assert_says, assert_status};
use crate::fixtures::{
    OpenDrive, nip, open_drive, post_step, register, registration_body, slot_ids, valid_fields,
};
use crate::helpers::{TestApp, spawn_app, spawn_app_with};

/// Puts `nip` on the staff list of the invited unit KANIM-KUPANG as `name`.
fn list(app: &TestApp, nip: &str, name: &str) {
    app.execute(&format!(
        "INSERT INTO staff_directory (nip, full_name, work_unit_id)
         SELECT '{nip}', '{name}', id FROM work_units WHERE code = 'KANIM-KUPANG'"
    ));
}

fn set_mode(app: &TestApp, drive: &OpenDrive, mode: &str) {
    app.execute(&format!(
        "UPDATE drives SET registration_mode = '{mode}', contact_name = 'Maria Lado',
             contact_whatsapp = '6281234567890' WHERE id = '{}'",
        drive.id
    ));
}

fn booked_seats(app: &TestApp) -> i64 {
    slots::table
        .select(diesel::dsl::sum(slots::booked))
        .first::<Option<i64>>(&mut app.conn())
        .expect("seats")
        .unwrap_or(0)
}

#[tokio::test]
async fn a_listed_person_registers_under_the_list_s_name_and_unit() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    set_mode(&app, &drive, "staff_list");
    list(&app, &nip(1), "Yohanes Bria Nope");
    let mut fields = valid_fields(&nip(1), &drive.slots[0].to_string());
    fields.retain(|(k, _)| *k != "full_name" && *k != "work_unit");
    fields.push(("full_name", "Somebody Typed This".to_owned()));
    fields.push(("work_unit", "LAPAS-KUPANG".to_owned()));
    register(&app, &drive.slug, &fields).await;
    let (name, unit): (String, String) = donors::table
        .inner_join(registrations::table)
        .inner_join(
            blood_drive::db::schema::work_units::table.on(blood_drive::db::schema::work_units::id
                .nullable()
                .eq(registrations::work_unit_id)),
        )
        .select((donors::full_name, blood_drive::db::schema::work_units::code))
        .first(&mut app.conn())
        .expect("registration");
    assert_eq!(name, "Yohanes Bria Nope");
    assert_eq!(unit, "KANIM-KUPANG");

    // The identity step already names the person from the list.
    let mut identity = valid_fields(&nip(1), "");
    identity.retain(|(k, _)| *k != "full_name" && *k != "work_unit");
    app.execute(
        "UPDATE registrations SET status = 'cancelled', cancelled_at = now(), slot_id = NULL",
    );
    let res = post_step(&app, &drive.slug, "identity", &identity).await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Yohanes Bria Nope"),
        "ini Anda? names the listed person"
    );
    assert_says(&html, "reg-listed");
}

#[tokio::test]
async fn a_number_not_on_the_list_is_refused_with_whom_to_ask() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    set_mode(&app, &drive, "staff_list");
    let res = post_step(&app, &drive.slug, "identity", &valid_fields(&nip(2), "")).await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_field_error(&html, "nip");
    assert!(
        html.contains("Maria Lado (WhatsApp +6281234567890)"),
        "{html}"
    );
    assert!(html.contains(&nip(2)), "what was typed is kept");

    let api = app
        .post_json(
            &drive.registrations_path(),
            &registration_body(&nip(2), &drive.slots[0].to_string()),
        )
        .await;
    assert_status(&api, 403);
    let body: serde_json::Value = api.json().await.expect("json");
    assert_eq!(body["error"], "not_on_staff_list");
    let count: i64 = registrations::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(count, 0, "nothing written");
}

#[tokio::test]
async fn an_applicant_waits_for_approval_and_holds_no_seat() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    set_mode(&app, &drive, "staff_list_approval");
    let res = app
        .post_json(
            &drive.registrations_path(),
            &registration_body(&nip(3), &drive.slots[0].to_string()),
        )
        .await;
    assert_status(&res, 201);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "pending");
    assert!(body["slot"].is_null());
    assert_eq!(booked_seats(&app), 0, "a pending application holds no seat");
    let wanted: Vec<Option<Uuid>> = registrations::table
        .select(registrations::waitlist_slot_ids)
        .first(&mut app.conn())
        .expect("wanted");
    assert_eq!(
        wanted,
        vec![Some(drive.slots[0])],
        "the chosen time is kept"
    );

    let manage = body["manage_url"].as_str().expect("link");
    let path = &manage[manage.find("/r/").expect("path")..];
    let (status, html) = app.get_text(path).await;
    assert_eq!(status, 200);
    assert!(html.contains("badge--status-pending"));
    assert_says(&html, "donor-pending-explain");
}

#[tokio::test]
async fn registering_with_someone_else_s_nip_changes_nothing_of_theirs() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let slot = slot_ids(&app)[0].to_string();
    let page = register(&app, &drive.slug, &valid_fields(&nip(4), &slot)).await;
    // The owner cancels; later a stranger registers with the same NIP.
    let csrf = app.csrf_token(&format!("{page}/cancel")).await;
    app.post_form(
        &format!("{page}/cancel"),
        &[("csrf_token", &csrf), ("confirm", "yes")],
    )
    .await;
    let before: (String, Option<String>) = donors::table
        .select((donors::full_name, donors::phone))
        .first(&mut app.conn())
        .expect("donor");
    let mut stranger = valid_fields(&nip(4), &slot);
    stranger.retain(|(k, _)| *k != "full_name" && *k != "phone" && *k != "blood_group");
    stranger.push(("full_name", "Orang Lain".to_owned()));
    stranger.push(("phone", "0899 1111 2222".to_owned()));
    stranger.push(("blood_group", "AB".to_owned()));
    register(&app, &drive.slug, &stranger).await;
    let after: (String, Option<String>, String) = donors::table
        .select((donors::full_name, donors::phone, donors::blood_group))
        .first(&mut app.conn())
        .expect("donor");
    assert_eq!(
        (after.0.clone(), after.1.clone()),
        before,
        "the stored person is as they were"
    );
    assert_eq!(after.2, "O", "the stored blood group too");
    let phones: Vec<Option<String>> = registrations::table
        .order(registrations::created_at.asc())
        .select(registrations::phone)
        .load(&mut app.conn())
        .expect("phones");
    assert_eq!(
        phones,
        vec![
            Some("+6281234567890".to_owned()),
            Some("+6289911112222".to_owned())
        ],
        "each registration keeps the phone given with it"
    );
}

#[tokio::test]
async fn registrations_faster_than_people_type_get_429_and_the_waitlist_has_an_end() {
    let app = spawn_app_with(|s| {
        s.stranger_limits = StrangerLimits {
            registrations_per_minute: 3,
            waitlist_per_drive: 1,
            ..StrangerLimits::unlimited()
        }
    })
    .await;
    let drive = open_drive(&app);
    let first = app
        .post_json(
            &drive.registrations_path(),
            &registration_body(&nip(10), "waitlist"),
        )
        .await;
    assert_status(&first, 201);
    let second = app
        .post_json(
            &drive.registrations_path(),
            &registration_body(&nip(11), "waitlist"),
        )
        .await;
    assert_status(&second, 409);
    let body: serde_json::Value = second.json().await.expect("json");
    assert_eq!(body["error"], "waitlist_full");
    let third = app
        .post_json(
            &drive.registrations_path(),
            &registration_body(&nip(12), &drive.slots[0].to_string()),
        )
        .await;
    assert_status(&third, 201);
    let fourth = app
        .post_json(
            &drive.registrations_path(),
            &registration_body(&nip(13), &drive.slots[0].to_string()),
        )
        .await;
    assert_status(&fourth, 429);
    assert!(fourth.headers().contains_key("retry-after"));
    let count: i64 = registrations::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(count, 2, "the refused ones wrote nothing");
}

#[tokio::test]
async fn an_organizer_approves_one_application_and_rejects_another() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    set_mode(&app, &drive, "staff_list_approval");
    for n in [20, 21] {
        let res = app
            .post_json(
                &drive.registrations_path(),
                &registration_body(&nip(n), &drive.slots[0].to_string()),
            )
            .await;
        assert_status(&res, 201);
    }
    let (organizer, _) = app
        .login_as(blood_drive::domain::vocab::Role::Organizer)
        .await;
    let (status, html) = organizer
        .get_text(&format!("/admin/drives/{}/applications", drive.slug))
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&nip(20)) && html.contains(&nip(21)),
        "both listed"
    );
    let id_of = |n: u32| -> Uuid {
        registrations::table
            .inner_join(donors::table)
            .filter(donors::nip.eq(nip(n)))
            .select(registrations::id)
            .first(&mut app.conn())
            .expect("registration")
    };
    let approve = organizer
        .post_with_csrf(&format!("/admin/registrations/{}/approve", id_of(20)), &[])
        .await;
    assert_status(&approve, 303);
    assert_eq!(crate::fixtures::status_of(&app, id_of(20)), "booked");
    assert_eq!(
        booked_seats(&app),
        1,
        "the approved applicant took the seat asked for"
    );
    let again = organizer
        .post_with_csrf(&format!("/admin/registrations/{}/reject", id_of(20)), &[])
        .await;
    assert_status(&again, 409);
    let reject = organizer
        .post_with_csrf(&format!("/admin/registrations/{}/reject", id_of(21)), &[])
        .await;
    assert_status(&reject, 303);
    assert_eq!(crate::fixtures::status_of(&app, id_of(21)), "rejected");
    assert_eq!(booked_seats(&app), 1);
    let actions: Vec<String> = blood_drive::db::schema::audit_log::table
        .filter(blood_drive::db::schema::audit_log::action.like("registration.%"))
        .order(blood_drive::db::schema::audit_log::id.asc())
        .select(blood_drive::db::schema::audit_log::action)
        .load(&mut app.conn())
        .expect("audit");
    assert_eq!(
        actions,
        vec![
            "registration.create",
            "registration.create",
            "registration.approve",
            "registration.reject"
        ]
    );
    // A PMI coordinator may not decide.
    let (coordinator, _) = app.login_as(blood_drive::domain::vocab::Role::Pmi).await;
    let res = coordinator
        .post_with_csrf(&format!("/admin/registrations/{}/approve", id_of(21)), &[])
        .await;
    assert_status(&res, 403);
}

#[tokio::test]
async fn organizers_see_who_on_the_list_has_not_registered_with_a_message_per_unit() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    list(&app, &nip(30), "Ana Registered");
    list(&app, &nip(31), "=HYPERLINK(\"x\")");
    list(&app, &nip(32), "Budi Waiting");
    register(
        &app,
        &drive.slug,
        &valid_fields(&nip(30), &drive.slots[0].to_string()),
    )
    .await;
    let (organizer, _) = app
        .login_as(blood_drive::domain::vocab::Role::Organizer)
        .await;
    let (status, html) = organizer
        .get_text(&format!("/admin/drives/{}/not-registered", drive.slug))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Budi Waiting") && html.contains(&nip(32)));
    assert!(
        !html.contains("Ana Registered"),
        "registered people are not listed"
    );
    assert!(
        html.contains("https://wa.me/?text=Rekan%2Drekan%20"),
        "the WhatsApp text is percent-encoded: {html}"
    );

    let res = organizer
        .get(&format!("/admin/drives/{}/not-registered.csv", drive.slug))
        .await;
    assert_status(&res, 200);
    let bytes = res.bytes().await.expect("csv");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter().any(|r| r[3] == "'=HYPERLINK(\"x\")"),
        "a formula stays text"
    );
    assert!(rows.iter().all(|r| r[0] == "KANIM-KUPANG"));
}

async fn recover(
    app: &TestApp,
    slug: &str,
    id: &str,
    birth: &str,
    last4: &str,
) -> reqwest::Response {
    app.post_with_csrf(
        &format!("/drives/{slug}/recover"),
        &[
            ("id_number", id),
            ("birth_date", birth),
            ("phone_last4", last4),
        ],
    )
    .await
}

#[tokio::test]
async fn a_lost_link_is_found_again_and_the_old_one_stops_working() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let old = register(
        &app,
        &drive.slug,
        &valid_fields(&nip(40), &drive.slots[0].to_string()),
    )
    .await;
    // The same answer for a wrong phone and for a person who never registered.
    let wrong = recover(&app, &drive.slug, &nip(40), "1985-03-12", "1111").await;
    assert_status(&wrong, 422);
    let wrong = wrong.text().await.expect("body");
    let nobody = recover(&app, &drive.slug, &nip(41), "1985-03-12", "7890").await;
    assert_status(&nobody, 422);
    let nobody = nobody.text().await.expect("body");
    assert_says(&wrong, "recover-no-match");
    assert_says(&nobody, "recover-no-match");
    assert_eq!(
        wrong.replace(&nip(40), "").replace("1111", ""),
        nobody.replace(&nip(41), "").replace("7890", ""),
        "nothing tells the two apart"
    );
    let (status, _) = app.get_text(&old).await;
    assert_eq!(status, 200, "a failed attempt changes nothing");

    let res = recover(&app, &drive.slug, &nip(40), "1985-03-12", "7890").await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert_says(&html, "recover-done");
    let start = html.find("/r/").expect("the new link is shown");
    let new: String = html[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();
    let (status, _) = app.get_text(&new).await;
    assert_eq!(status, 200, "the new link works");
    let (status, _) = app.get_text(&old).await;
    assert_eq!(status, 404, "the old link stopped working");
    let reissued: i64 = blood_drive::db::schema::audit_log::table
        .filter(blood_drive::db::schema::audit_log::action.eq("registration.link_reissue"))
        .count()
        .get_result(&mut app.conn())
        .expect("audit");
    assert_eq!(reissued, 1);
}

#[tokio::test]
async fn guessing_someone_s_phone_digits_is_cut_short() {
    let app = spawn_app_with(|s| {
        s.stranger_limits = StrangerLimits {
            recoveries_per_person_per_day: 2,
            ..StrangerLimits::unlimited()
        }
    })
    .await;
    let drive = open_drive(&app);
    for guess in ["0001", "0002"] {
        assert_status(
            &recover(&app, &drive.slug, &nip(42), "1985-03-12", guess).await,
            422,
        );
    }
    let third = recover(&app, &drive.slug, &nip(42), "1985-03-12", "0003").await;
    assert_status(&third, 429);
    assert!(third.headers().contains_key("retry-after"));
    let bad = recover(&app, &drive.slug, "12", "", "x").await;
    assert_status(&bad, 422);
    let html = bad.text().await.expect("body");
    assert_field_error(&html, "id_number");
    assert_field_error(&html, "phone_last4");
}

#[tokio::test]
async fn at_the_desk_a_coordinator_gives_a_new_link_as_a_qr_code() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    let old = register(
        &app,
        &drive.slug,
        &valid_fields(&nip(43), &drive.slots[0].to_string()),
    )
    .await;
    let id: Uuid = registrations::table
        .select(registrations::id)
        .first(&mut app.conn())
        .expect("registration");
    let (coordinator, _) = app.login_as(blood_drive::domain::vocab::Role::Pmi).await;
    let res = coordinator
        .post_with_csrf(&format!("/pmi/registrations/{id}/new-link"), &[])
        .await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(html.contains("<svg"), "a QR code to scan");
    let start = html.find("/r/").expect("the link is shown");
    let new: String = html[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();
    assert_eq!(app.get_text(&new).await.0, 200);
    assert_eq!(
        app.get_text(&old).await.0,
        404,
        "the old link stopped working"
    );
    let unknown = coordinator
        .post_with_csrf(
            &format!("/pmi/registrations/{}/new-link", Uuid::new_v4()),
            &[],
        )
        .await;
    assert_status(&unknown, 404);
}

#[tokio::test]
async fn the_walk_in_form_fills_name_and_unit_from_the_staff_list() {
    let app = spawn_app().await;
    let drive = open_drive(&app);
    list(&app, &nip(44), "Maria Goreti Listed");
    let (coordinator, _) = app.login_as(blood_drive::domain::vocab::Role::Pmi).await;
    let path = format!("/pmi/drives/{}/walk-in", drive.slug);
    let res = coordinator
        .post_with_csrf(&path, &[("id_number", &nip(44)), ("lookup", "1")])
        .await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("value=\"Maria Goreti Listed\""),
        "name filled"
    );
    assert!(
        html.contains("value=\"KANIM-KUPANG\" selected"),
        "unit chosen: {html}"
    );
    assert_says(&html, "pmi-walk-in-listed");
    let res = coordinator
        .post_with_csrf(&path, &[("id_number", &nip(45)), ("lookup", "1")])
        .await;
    assert_status(&res, 200);
    assert_says(&res.text().await.expect("body"), "pmi-walk-in-not-listed");
    let count: i64 = registrations::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(count, 0, "looking up saves nothing");
}

#[tokio::test]
async fn contract_staff_listed_by_nik_register_on_a_staff_list_drive() {
    use blood_drive::import::{check_rows, read_table};
    use blood_drive::store::audit::Actor;
    let app = spawn_app().await;
    let drive = open_drive(&app);
    set_mode(&app, &drive, "staff_list");
    // A NIK: Kota Kupang (5371), born 12 March 1990 (a man), serial 0001.
    let nik = "5371011203900001";
    let file = format!("nip,name,unit\n{nik},Kontrak Satu,KANIM-KUPANG\n");
    let mut conn = app.conn();
    let known = blood_drive::store::staff_directory::unit_ids(&mut conn)
        .expect("units")
        .into_keys()
        .collect();
    let table = read_table(file.as_bytes()).expect("table");
    let today = chrono::Utc::now().date_naive();
    let rows = check_rows(&table, &known, None, today).expect("a NIK is a valid row");
    blood_drive::store::staff_directory::replace(&mut conn, &rows, None, Actor::System)
        .expect("import");
    let stored: (Option<String>, Option<String>) = blood_drive::db::schema::staff_directory::table
        .select((
            blood_drive::db::schema::staff_directory::nip,
            blood_drive::db::schema::staff_directory::nik,
        ))
        .first(&mut conn)
        .expect("entry");
    assert_eq!(stored, (None, Some(nik.to_owned())));

    let mut body = registration_body("", &drive.slots[0].to_string());
    body["nip"] = serde_json::Value::Null;
    body["nik"] = serde_json::json!(nik);
    body["employee_type"] = serde_json::json!("non_asn");
    let res = app.post_json(&drive.registrations_path(), &body).await;
    assert_status(&res, 201);
    let name: String = donors::table
        .select(donors::full_name)
        .first(&mut conn)
        .expect("donor");
    assert_eq!(name, "Kontrak Satu", "the list's name");
}

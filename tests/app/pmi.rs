//! The day of the drive as PMI coordinators work it: check-in (also two at
//! once), screening with its suggestion and overrides, donations, no-shows, the
//! roster with its print view and CSV — and every refusal on the way.

use blood_drive::db::schema::{audit_log, donations, donors, registrations, screenings};
use blood_drive::domain::vocab::Role;
use blood_drive::store::day_of::{self, DayOfAnswers, DayOfError};
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_says, assert_status, assert_status_for};
use crate::fixtures::{booked_donor, nip, slot_ids, status_of};
use crate::helpers::{TestApp, seed_demo, spawn_app};

const NO: DayOfAnswers = DayOfAnswers {
    fever_last_7_days: false,
    medication_last_3_days: false,
    slept_under_4_hours: false,
};

fn audit_count(app: &TestApp, action: &str, id: Uuid) -> i64 {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::entity_id.eq(id))
        .count()
        .get_result(&mut app.conn())
        .expect("audit count")
}

async fn check_in(coordinator: &TestApp, slug: &str, code: &str) -> reqwest::Response {
    coordinator
        .post_with_csrf(
            &format!("/pmi/drives/{slug}/checkin"),
            &[
                ("code", code),
                ("fever_last_7_days", "no"),
                ("medication_last_3_days", "no"),
                ("slept_under_4_hours", "yes"),
            ],
        )
        .await
}

const NORMAL_VITALS: [(&str, &str); 6] = [
    ("weight_kg", "62"),
    ("hb_g_dl", "13,5"),
    ("systolic", "120"),
    ("diastolic", "80"),
    ("pulse", "72"),
    ("temperature_c", "36.8"),
];

async fn screen(
    coordinator: &TestApp,
    id: Uuid,
    vitals: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields: Vec<(&str, &str)> = vitals.to_vec();
    fields.extend_from_slice(extra);
    coordinator
        .post_with_csrf(&format!("/pmi/registrations/{id}/screening"), &fields)
        .await
}

async fn donate(coordinator: &TestApp, id: Uuid, bag: &str) -> reqwest::Response {
    coordinator
        .post_with_csrf(
            &format!("/pmi/registrations/{id}/donation"),
            &[
                ("bag_number", bag),
                ("volume_ml", "350"),
                ("outcome", "complete"),
                ("reaction", "none"),
                ("notes", ""),
            ],
        )
        .await
}

#[tokio::test]
async fn the_qr_link_shows_the_card_and_only_the_confirm_button_checks_in() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 1).await;
    let (pmi, account) = app.login_as(Role::Pmi).await;

    let lower = code.to_lowercase();
    let (status, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/checkin?code={lower}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("Yohanes Bria"), "the donor card");
    assert!(html.contains("name=\"fever_last_7_days\""));
    assert_eq!(status_of(&app, id), "booked", "GET never changes state");

    let res = check_in(&pmi, &slug, &lower).await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "checked_in");
    let answers: serde_json::Value = registrations::table
        .find(id)
        .select(registrations::answers)
        .first(&mut app.conn())
        .expect("answers");
    assert_eq!(answers["day_of"]["slept_under_4_hours"], true);
    let actor: Option<Uuid> = audit_log::table
        .filter(audit_log::action.eq("registration.check_in"))
        .filter(audit_log::entity_id.eq(id))
        .select(audit_log::actor_user_id)
        .first(&mut app.conn())
        .expect("audit line");
    assert_eq!(actor, Some(account.id));

    // A second click says who was first, and changes nothing.
    let res = check_in(&pmi, &slug, &code).await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert!(
        html.contains(&format!("Test {}", account.username)),
        "{html}"
    );
    assert_eq!(audit_count(&app, "registration.check_in", id), 1);
}

#[tokio::test]
async fn unanswered_day_of_questions_and_bad_codes_keep_the_form() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 2).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;

    let res = pmi
        .post_with_csrf(&format!("/pmi/drives/{slug}/checkin"), &[("code", &code)])
        .await;
    assert_status(&res, 422);
    assert_says(&res.text().await.expect("body"), "pmi-answer-required");
    assert_eq!(status_of(&app, id), "booked");

    let (status, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/checkin?code=UUUU"))
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("value=\"UUUU\""), "input kept");
    let (status, _) = pmi
        .get_text(&format!("/pmi/drives/{slug}/checkin?code=ZZZZ-ZZZZ"))
        .await;
    assert_eq!(status, 404);
}

#[test]
fn two_coordinators_checking_in_the_same_donor_make_one_check_in() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (app, id, coordinators) = runtime.block_on(async {
        let app = spawn_app().await;
        let slug = seed_demo(&app);
        let (id, _) = booked_donor(&app, &slug, 3).await;
        let a = app.create_staff("desk-a", Role::Pmi);
        let b = app.create_staff("desk-b", Role::Pmi);
        (app, id, [a.id, b.id])
    });

    // A third connection holds the row, so both check-ins queue behind it and
    // then race for it the moment it is released.
    let mut holder = app.conn();
    diesel::sql_query("BEGIN")
        .execute(&mut holder)
        .expect("begin");
    diesel::sql_query(format!(
        "SELECT id FROM registrations WHERE id = '{id}' FOR UPDATE"
    ))
    .execute(&mut holder)
    .expect("lock");
    let url = app.database_url.clone();
    let handles: Vec<_> = coordinators
        .into_iter()
        .map(|actor| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut conn = PgConnection::establish(&url).expect("connection");
                day_of::check_in(&mut conn, id, actor, NO)
            })
        })
        .collect();
    // Wait (without sleeping) until both are blocked on the row lock.
    let mut watcher = app.conn();
    loop {
        let waiting: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        )
        .get_result(&mut watcher)
        .expect("pg_stat_activity");
        if waiting >= 2 {
            break;
        }
        std::thread::yield_now();
    }
    diesel::sql_query("COMMIT")
        .execute(&mut holder)
        .expect("commit");
    let results: Vec<_> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();

    let ok = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{results:?}");
    let refused = results
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("one refused");
    match refused {
        DayOfError::AlreadyCheckedIn { by, .. } => {
            assert!(by.starts_with("Test desk-"), "{by}")
        }
        other => panic!("expected already checked in, got {other:?}"),
    }
    assert_eq!(status_of(&app, id), "checked_in");
    assert_eq!(audit_count(&app, "registration.check_in", id), 1);
}

#[tokio::test]
async fn two_coordinators_posting_at_once_get_one_check_in_and_one_clear_refusal() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 4).await;
    let (a, _) = app.login_as(Role::Pmi).await;
    let (b, _) = app.login_as(Role::Organizer).await;
    let (ra, rb) = tokio::join!(check_in(&a, &slug, &code), check_in(&b, &slug, &code));
    let mut statuses = vec![ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![303, 409]);
    assert_eq!(audit_count(&app, "registration.check_in", id), 1);
}

#[tokio::test]
async fn screening_suggests_then_the_coordinator_confirms_and_the_donation_counts() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 5).await;
    let (pmi, account) = app.login_as(Role::Pmi).await;
    assert_status(&check_in(&pmi, &slug, &code).await, 303);

    // First submit: the suggestion, nothing stored.
    let res = screen(&pmi, id, &NORMAL_VITALS, &[]).await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("name=\"decision\" value=\"accept\" checked"),
        "preselected"
    );
    let stored: i64 = screenings::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(stored, 0);

    // Confirmed as suggested.
    let res = screen(
        &pmi,
        id,
        &NORMAL_VITALS,
        &[("decision", "accept"), ("seen", "0")],
    )
    .await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "checked_in");
    // The same submit again (a double click) is refused, not stored twice.
    let res = screen(
        &pmi,
        id,
        &NORMAL_VITALS,
        &[("decision", "accept"), ("seen", "0")],
    )
    .await;
    assert_status(&res, 409);
    let stored: i64 = screenings::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(stored, 1);

    let res = donate(&pmi, id, "ntt-0001").await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "donated");
    let (count, last): (i32, Option<chrono::NaiveDate>) = donors::table
        .filter(donors::nip.eq(nip(5)))
        .select((donors::donation_count, donors::last_donation_date))
        .first(&mut app.conn())
        .expect("donor");
    assert_eq!(count, 1);
    assert!(last.is_some());
    let (bag, by): (String, Uuid) = donations::table
        .select((donations::bag_number, donations::recorded_by))
        .first(&mut app.conn())
        .expect("donation");
    assert_eq!((bag.as_str(), by), ("NTT-0001", account.id));

    // A double click on the donation form changes nothing more.
    let res = donate(&pmi, id, "NTT-0002").await;
    assert_status(&res, 409);
    let (status, html) = pmi.get_text(&format!("/pmi/registrations/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("NTT-0001"));
    assert!(
        html.contains(&format!("Test {}", account.username)),
        "who did it"
    );
}

#[tokio::test]
async fn an_override_is_stored_with_its_reason_and_author() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 6).await;
    let (pmi, account) = app.login_as(Role::Pmi).await;
    assert_status(&check_in(&pmi, &slug, &code).await, 303);

    // Hb 12.5 is on the limit: accept is suggested; deferring needs a reason.
    let mut vitals = NORMAL_VITALS;
    vitals[1] = ("hb_g_dl", "12.5");
    let res = screen(
        &pmi,
        id,
        &vitals,
        &[("decision", "defer"), ("deferral_reason", "other")],
    )
    .await;
    assert_status(&res, 422);
    assert!(
        res.text().await.expect("body").contains("value=\"12.5\""),
        "input kept"
    );
    let res = screen(
        &pmi,
        id,
        &vitals,
        &[
            ("decision", "defer"),
            ("deferral_reason", "other"),
            ("override_reason", "Pusing setelah puasa"),
        ],
    )
    .await;
    assert_status(&res, 303);
    let (suggested, decision, reason, category, by): (
        String,
        String,
        Option<String>,
        Option<String>,
        Uuid,
    ) = screenings::table
        .select((
            screenings::suggested_decision,
            screenings::final_decision,
            screenings::override_reason,
            screenings::deferral_reason,
            screenings::recorded_by,
        ))
        .first(&mut app.conn())
        .expect("screening");
    assert_eq!(suggested, "accept");
    assert_eq!(decision, "defer");
    assert_eq!(reason.as_deref(), Some("Pusing setelah puasa"));
    assert_eq!(category.as_deref(), Some("other"));
    assert_eq!(by, account.id);
    assert_eq!(status_of(&app, id), "deferred");

    // A deferred donor gives no blood.
    let res = donate(&pmi, id, "NTT-0009").await;
    assert_status(&res, 409);
    let stored: i64 = donations::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn a_low_hb_is_suggested_as_a_deferral_with_its_category() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 7).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    assert_status(&check_in(&pmi, &slug, &code).await, 303);
    let mut vitals = NORMAL_VITALS;
    vitals[1] = ("hb_g_dl", "12.4");
    let res = screen(&pmi, id, &vitals, &[]).await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("name=\"decision\" value=\"defer\" checked"),
        "{html}"
    );
    assert!(html.contains("value=\"low_hb\" selected"));
    let res = screen(
        &pmi,
        id,
        &vitals,
        &[("decision", "defer"), ("deferral_reason", "low_hb")],
    )
    .await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "deferred");
    // Undo the deferral: checked in again.
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/registrations/{id}/status"),
            &[("action", "undo_deferral")],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "checked_in");
}

#[tokio::test]
async fn impossible_vitals_and_words_are_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 8).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;

    // Not checked in yet.
    let res = screen(&pmi, id, &NORMAL_VITALS, &[("decision", "accept")]).await;
    assert_status(&res, 409);
    assert_says(
        &res.text().await.expect("body"),
        "pmi-screening-not-checked-in",
    );

    assert_status(&check_in(&pmi, &slug, &code).await, 303);
    for (field, value) in [("hb_g_dl", "125"), ("systolic", "1200"), ("pulse", "abc")] {
        let mut vitals = NORMAL_VITALS;
        for v in vitals.iter_mut() {
            if v.0 == field {
                v.1 = value;
            }
        }
        let res = screen(&pmi, id, &vitals, &[("decision", "accept")]).await;
        assert_status_for(&res, 422, format_args!("{field}={value}"));
        let html = res.text().await.expect("body");
        assert!(html.contains(&format!("id=\"{field}-error\"")), "{field}");
        assert!(html.contains(&format!("value=\"{value}\"")), "kept {field}");
    }
    let stored: i64 = screenings::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(stored, 0);

    // No donation without an accepted screening.
    let res = donate(&pmi, id, "NTT-0100").await;
    assert_status(&res, 409);
}

#[tokio::test]
async fn a_used_bag_number_is_named_on_the_same_form() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let mut ids = Vec::new();
    for serial in [10, 11] {
        let (id, code) = booked_donor(&app, &slug, serial).await;
        assert_status(&check_in(&pmi, &slug, &code).await, 303);
        let res = screen(&pmi, id, &NORMAL_VITALS, &[("decision", "accept")]).await;
        assert_status(&res, 303);
        ids.push(id);
    }
    assert_status(&donate(&pmi, ids[0], "NTT-7").await, 303);
    let res = donate(&pmi, ids[1], "ntt-7").await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert!(html.contains("id=\"bag_number-error\""));
    assert!(html.contains("value=\"ntt-7\""), "input kept");
    assert_eq!(
        status_of(&app, ids[1]),
        "checked_in",
        "nothing half-written"
    );
    let count: i32 = registrations::table
        .inner_join(donors::table)
        .filter(registrations::id.eq(ids[1]))
        .select(donors::donation_count)
        .first(&mut app.conn())
        .expect("donor");
    assert_eq!(count, 0);
}

#[tokio::test]
async fn a_check_in_is_undone_after_confirming() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (id, code) = booked_donor(&app, &slug, 12).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    assert_status(&check_in(&pmi, &slug, &code).await, 303);
    let (status, html) = pmi
        .get_text(&format!("/pmi/registrations/{id}?confirm=undo_check_in"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"action\" value=\"undo_check_in\""));
    assert_eq!(status_of(&app, id), "checked_in", "asking changes nothing");
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/registrations/{id}/status"),
            &[("action", "undo_check_in")],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, id), "booked");
    assert_eq!(audit_count(&app, "registration.undo_check_in", id), 1);
}

#[tokio::test]
async fn no_shows_are_marked_after_the_last_slot_and_undone_per_person() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (came, code) = booked_donor(&app, &slug, 13).await;
    let (absent, _) = booked_donor(&app, &slug, 14).await;
    let (pmi, _) = app.login_as(Role::Pmi).await;
    assert_status(&check_in(&pmi, &slug, &code).await, 303);

    let path = format!("/pmi/drives/{slug}/no-shows");
    let res = pmi.post_with_csrf(&path, &[("confirm", "yes")]).await;
    assert_status_for(&res, 409, "not before the last slot");
    assert_eq!(status_of(&app, absent), "booked");

    app.execute(
        "UPDATE slots SET starts_at = starts_at - interval '400 days', ends_at = ends_at - interval '400 days'",
    );
    let res = pmi.post_with_csrf(&path, &[("confirm", "yes")]).await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, absent), "no_show");
    assert_eq!(status_of(&app, came), "checked_in");
    assert_eq!(audit_count(&app, "registration.no_show", absent), 1);

    let res = pmi
        .post_with_csrf(
            &format!("/pmi/registrations/{absent}/status"),
            &[("action", "undo_no_show")],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(status_of(&app, absent), "booked");
}

/// The store refuses the sweep before the last slot has ended, whatever the
/// page showed when it was loaded.
#[tokio::test]
async fn the_store_itself_refuses_no_shows_before_the_last_slot() {
    use blood_drive::store::day_of::{DayOfError, mark_remaining_no_shows};
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (absent, _) = booked_donor(&app, &slug, 15).await;
    let pmi = app.create_staff("sweeper", Role::Pmi);
    let drive =
        blood_drive::store::drives::Drive::find_by_slug(&mut app.conn(), &slug).expect("drive");
    let now = chrono::Utc::now();
    let early = mark_remaining_no_shows(&mut app.conn(), drive.id, pmi.id, now);
    assert!(matches!(early, Err(DayOfError::TooEarly)), "{early:?}");
    assert_eq!(status_of(&app, absent), "booked");
    let after_the_drive = now + chrono::Duration::days(800);
    let done = mark_remaining_no_shows(&mut app.conn(), drive.id, pmi.id, after_the_drive)
        .expect("after the last slot");
    assert_eq!(done, 1);
    assert_eq!(status_of(&app, absent), "no_show");
}

/// Seeds `n` booked registrations straight into the database, spread over the slots.
fn seed_registrations(app: &TestApp, n: usize) {
    app.execute(&format!(
        "WITH s AS (SELECT id, drive_id, row_number() OVER (ORDER BY starts_at) - 1 AS k, count(*) OVER () AS total FROM slots),
              d AS (INSERT INTO donors (nip, employee_type, full_name, sex, birth_date, blood_group, rhesus)
                    SELECT '19850312201001' || lpad(i::text, 4, '0'), 'pns', 'Donor ' || lpad(i::text, 4, '0'),
                           'male', DATE '1985-03-12', 'A', 'positive'
                    FROM generate_series(1, {n}) AS i
                    RETURNING id, full_name)
         INSERT INTO registrations (drive_id, donor_id, slot_id, status, prescreen_verdict, code,
                                    manage_token_hash, source, sex, age_years, first_time, over_capacity)
         SELECT s.drive_id, d.id, s.id, 'booked', 'eligible',
                upper(lpad(to_hex(substr(d.full_name, 7)::int), 8, '0')),
                sha256(d.id::text::bytea), 'self', 'male', 40, true, true
         FROM d JOIN s ON s.k = substr(d.full_name, 7)::int % s.total"
    ));
}

#[tokio::test]
async fn the_roster_and_its_print_view_show_500_registrations() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    seed_registrations(&app, 500);
    let (pmi, _) = app.login_as(Role::Pmi).await;

    let (status, html) = pmi.get_text(&format!("/pmi/drives/{slug}/roster")).await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("href=\"/pmi/registrations/").count(), 500);
    assert!(html.contains("Donor 0001") && html.contains("Donor 0500"));

    let (status, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/roster/print"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("class=\"paper-line\"").count(), 500);
    let slot_count = slot_ids(&app).len();
    assert_eq!(
        html.matches("<section class=\"paper-sheet\"").count(),
        slot_count,
        "one paper sheet per slot"
    );

    // Search by name, code or NIP; filter by status.
    let (_, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/roster?q=donor+0042"))
        .await;
    assert_eq!(html.matches("href=\"/pmi/registrations/").count(), 1);
    let (_, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/roster?q=0000-002a"))
        .await;
    assert_eq!(
        html.matches("href=\"/pmi/registrations/").count(),
        1,
        "code 0000002A = 42"
    );
    let (_, html) = pmi
        .get_text(&format!("/pmi/drives/{slug}/roster?status=no_show"))
        .await;
    assert_eq!(html.matches("href=\"/pmi/registrations/").count(), 0);
}

#[tokio::test]
async fn the_roster_csv_opens_in_excel_and_is_audited() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    seed_registrations(&app, 20);
    let (pmi, account) = app.login_as(Role::Pmi).await;
    let res = pmi.get(&format!("/pmi/drives/{slug}/roster.csv")).await;
    assert_status(&res, 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let body = res.bytes().await.expect("body");
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let text = String::from_utf8(body[3..].to_vec()).expect("utf-8");
    assert_eq!(text.lines().count(), 21);
    assert!(text.contains("'198503122010010007"));
    let actor: Option<Uuid> = audit_log::table
        .filter(audit_log::action.eq("roster.export"))
        .select(audit_log::actor_user_id)
        .first(&mut app.conn())
        .expect("audited");
    assert_eq!(actor, Some(account.id));
}

async fn walk_in(coordinator: &TestApp, slug: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    coordinator
        .post_with_csrf(&format!("/pmi/drives/{slug}/walk-in"), fields)
        .await
}

#[tokio::test]
async fn a_walk_in_takes_a_seat_and_is_checked_in_at_once() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[2];
    let (pmi, account) = app.login_as(Role::Pmi).await;
    let (status, html) = pmi.get_text(&format!("/pmi/drives/{slug}/walk-in")).await;
    assert_eq!(status, 200);
    assert!(html.contains("name=\"id_number\""));

    let slot_text = slot.to_string();
    let id_number = nip(20);
    let fields = [
        ("id_number", id_number.as_str()),
        ("full_name", "Maria Goreti"),
        ("work_unit", "KANIM-KUPANG"),
        ("phone", ""),
        ("weight_kg", "58"),
        ("slot_id", slot_text.as_str()),
    ];
    let res = walk_in(&pmi, &slug, &fields).await;
    assert_status(&res, 303);
    let (id, status, source, over): (Uuid, String, String, bool) = registrations::table
        .select((
            registrations::id,
            registrations::status,
            registrations::source,
            registrations::over_capacity,
        ))
        .first(&mut app.conn())
        .expect("walk-in");
    assert_eq!(
        (status.as_str(), source.as_str(), over),
        ("checked_in", "walk_in", false)
    );
    let booked: i32 = blood_drive::db::schema::slots::table
        .find(slot)
        .select(blood_drive::db::schema::slots::booked)
        .first(&mut app.conn())
        .expect("slot");
    assert_eq!(booked, 1);
    let actor: Option<Uuid> = audit_log::table
        .filter(audit_log::action.eq("registration.walk_in"))
        .filter(audit_log::entity_id.eq(id))
        .select(audit_log::actor_user_id)
        .first(&mut app.conn())
        .expect("audited");
    assert_eq!(actor, Some(account.id));

    // The same person again: refused, not doubled.
    let res = walk_in(&pmi, &slug, &fields).await;
    assert_status(&res, 409);
}

#[tokio::test]
async fn a_full_slot_takes_a_walk_in_only_with_an_explicit_override_and_reason() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slot = slot_ids(&app)[0];
    app.execute(&format!(
        "UPDATE slots SET capacity = 0 WHERE id = '{slot}'"
    ));
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let slot_text = slot.to_string();
    let id_number = nip(21);
    let mut fields = vec![
        ("id_number", id_number.as_str()),
        ("full_name", "Yakobus Nahak"),
        ("work_unit", "KANIM-KUPANG"),
        ("weight_kg", "70"),
        ("slot_id", slot_text.as_str()),
    ];
    let res = walk_in(&pmi, &slug, &fields).await;
    assert_status(&res, 409);
    let html = res.text().await.expect("body");
    assert!(html.contains("id=\"slot_id-error\""));
    assert!(html.contains("value=\"Yakobus Nahak\""), "input kept");

    fields.push(("over_capacity", "yes"));
    let res = walk_in(&pmi, &slug, &fields).await;
    assert_status_for(&res, 422, "a reason is required");
    fields.push(("over_capacity_reason", "Kepala kantor minta"));
    let res = walk_in(&pmi, &slug, &fields).await;
    assert_status(&res, 303);
    let (over, reason): (bool, Option<String>) = registrations::table
        .select((
            registrations::over_capacity,
            registrations::over_capacity_reason,
        ))
        .first(&mut app.conn())
        .expect("walk-in");
    assert!(over);
    assert_eq!(reason.as_deref(), Some("Kepala kantor minta"));
    let booked: i32 = blood_drive::db::schema::slots::table
        .find(slot)
        .select(blood_drive::db::schema::slots::booked)
        .first(&mut app.conn())
        .expect("slot");
    assert_eq!(booked, 0, "not counted in the slot");

    let res = walk_in(&pmi, &slug, &[("full_name", "x")]).await;
    assert_status(&res, 422);
}

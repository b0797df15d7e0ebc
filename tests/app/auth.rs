//! Signing in and out, sessions, timeouts, throttling, CSRF, and the access guard.

use blood_drive::db::schema::{audit_log, login_attempts, staff_sessions, staff_users};
use blood_drive::domain::vocab::Role;
use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::expect::{assert_says, assert_status, assert_status_for, says};
use crate::helpers::{TestApp, new_client, spawn_app};

fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn post_login(browser: &TestApp, username: &str, password: &str) -> reqwest::Response {
    let csrf = browser.any_csrf_token().await;
    browser
        .post_form(
            "/login",
            &[
                ("csrf_token", &csrf),
                ("username", username),
                ("password", password),
            ],
        )
        .await
}

/// A browser that sends exactly this session cookie (and no jar of its own).
async fn status_with_cookie(app: &TestApp, path: &str, cookie: &str) -> u16 {
    new_client()
        .get(app.url(path))
        .header("cookie", format!("session={cookie}"))
        .send()
        .await
        .expect("GET")
        .status()
        .as_u16()
}

fn cookie_value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_owned())
        .expect("cookie value")
}

fn live_sessions(app: &TestApp, user: uuid::Uuid) -> i64 {
    staff_sessions::table
        .filter(staff_sessions::user_id.eq(user))
        .filter(staff_sessions::revoked_at.is_null())
        .count()
        .get_result(&mut app.conn())
        .expect("count")
}

fn audit_actions(app: &TestApp) -> Vec<String> {
    audit_log::table
        .order(audit_log::id.asc())
        .select(audit_log::action)
        .load(&mut app.conn())
        .expect("audit")
}

#[tokio::test]
async fn organizer_login_lands_on_admin_with_a_hardened_session_cookie() {
    let app = spawn_app().await;
    let account = app.create_staff("ana", Role::Organizer);
    let browser = app.with_client(new_client());
    let res = post_login(&browser, "Ana", &account.password).await;
    assert_status(&res, 303);
    assert_eq!(location(&res), "/admin");
    let cookie = set_cookie(&res, "session").expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP in tests: {cookie}");
    let token = cookie_value(&cookie);
    assert_eq!(token.len(), 32, "128 bits as hex");
    let stored: Vec<u8> = staff_sessions::table
        .select(staff_sessions::token_hash)
        .first(&mut app.conn())
        .expect("session row");
    assert_ne!(stored, token.as_bytes(), "only the hash is stored");
    assert_eq!(
        stored,
        blood_drive::domain::codes::SecretToken::hash(&token)
    );
    assert_status(&browser.get("/admin").await, 200);
    assert!(audit_actions(&app).contains(&"auth.login".to_owned()));
}

#[tokio::test]
async fn pmi_login_lands_on_pmi_and_local_next_is_followed_but_not_other_sites() {
    let app = spawn_app().await;
    let account = app.create_staff("budi", Role::Pmi);
    let browser = app.with_client(new_client());
    let res = post_login(&browser, "budi", &account.password).await;
    assert_eq!(location(&res), "/pmi");

    for (next, expected) in [
        ("/pmi?tab=1", "/pmi?tab=1"),
        ("//evil.example/x", "/pmi"),
        ("https://evil.example/", "/pmi"),
        ("/\\evil.example", "/pmi"),
    ] {
        let browser = app.with_client(new_client());
        let csrf = browser.csrf_token("/login").await;
        let res = browser
            .post_form(
                "/login",
                &[
                    ("csrf_token", &csrf),
                    ("username", "budi"),
                    ("password", &account.password),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(location(&res), expected, "next={next}");
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer_with_the_username_kept() {
    let app = spawn_app().await;
    app.create_staff("citra", Role::Pmi);
    let browser = app.with_client(new_client());
    let wrong = post_login(&browser, "citra", "not-her-password").await;
    assert_status(&wrong, 401);
    let wrong_html = wrong.text().await.expect("body");
    let unknown = post_login(&browser, "nobody", "not-her-password").await;
    assert_status(&unknown, 401);
    let unknown_html = unknown.text().await.expect("body");
    for html in [&wrong_html, &unknown_html] {
        assert_says(html, "login-wrong");
        assert!(
            !html.contains("not-her-password"),
            "the password is never echoed"
        );
    }
    assert!(wrong_html.contains("value=\"citra\""), "input kept");
    assert!(unknown_html.contains("value=\"nobody\""), "input kept");
    let attempts: i64 = login_attempts::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(attempts, 2);
    let failed: Vec<serde_json::Value> = audit_log::table
        .filter(audit_log::action.eq("auth.login_failed"))
        .select(audit_log::details)
        .load(&mut app.conn())
        .expect("audit");
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0]["username"], "citra");
    assert!(
        failed[1]["username"].is_null(),
        "unknown names are not stored: they may be passwords"
    );
}

#[tokio::test]
async fn empty_login_fields_are_named_on_the_same_page() {
    let app = spawn_app().await;
    let browser = app.with_client(new_client());
    let res = post_login(&browser, "dewi", "").await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert_says(&html, "login-password-missing");
    assert!(html.contains("aria-describedby=\"password-error\""));
    assert!(html.contains("value=\"dewi\""));
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_even_with_the_right_password() {
    let app = spawn_app().await;
    let account = app.create_staff("eko", Role::Pmi);
    diesel::update(staff_users::table.find(account.id))
        .set(staff_users::active.eq(false))
        .execute(&mut app.conn())
        .expect("disable");
    let browser = app.with_client(new_client());
    let res = post_login(&browser, "eko", &account.password).await;
    assert_status(&res, 401);
    assert_eq!(live_sessions(&app, account.id), 0);
}

#[tokio::test]
async fn every_login_issues_a_new_token_and_ends_the_browsers_previous_session() {
    let app = spawn_app().await;
    let account = app.create_staff("fajar", Role::Organizer);
    let browser = app.with_client(new_client());
    let first = set_cookie(
        &post_login(&browser, "fajar", &account.password).await,
        "session",
    )
    .expect("cookie");
    let second = set_cookie(
        &post_login(&browser, "fajar", &account.password).await,
        "session",
    )
    .expect("cookie");
    assert_ne!(cookie_value(&first), cookie_value(&second));
    assert_eq!(
        live_sessions(&app, account.id),
        1,
        "the first one was revoked"
    );
    assert_eq!(
        status_with_cookie(&app, "/admin", &cookie_value(&first)).await,
        303
    );
    assert_eq!(
        status_with_cookie(&app, "/admin", &cookie_value(&second)).await,
        200
    );
}

#[tokio::test]
async fn logout_kills_the_session_on_the_server() {
    let app = spawn_app().await;
    let account = app.create_staff("gita", Role::Organizer);
    let browser = app.with_client(new_client());
    let cookie = cookie_value(
        &set_cookie(
            &post_login(&browser, "gita", &account.password).await,
            "session",
        )
        .expect("cookie"),
    );
    assert_eq!(status_with_cookie(&app, "/admin", &cookie).await, 200);
    let res = browser.post_with_csrf("/logout", &[]).await;
    assert_status(&res, 303);
    let removal = set_cookie(&res, "session").expect("the cookie is cleared");
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(
        status_with_cookie(&app, "/admin", &cookie).await,
        303,
        "a copy of the old cookie no longer works"
    );
    assert_eq!(live_sessions(&app, account.id), 0);
    assert!(audit_actions(&app).contains(&"auth.logout".to_owned()));
}

#[tokio::test]
async fn a_disabled_users_existing_session_stops_working() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let (coordinator, pmi) = app.login_as(Role::Pmi).await;
    assert_status(&coordinator.get("/pmi").await, 200);
    let res = organizer
        .post_with_csrf(&format!("/admin/users/{}/disable", pmi.id), &[])
        .await;
    assert_status(&res, 200);
    let res = coordinator.get("/pmi").await;
    assert_status(&res, 303);
    assert_eq!(location(&res), "/login?next=%2Fpmi");
    assert_eq!(live_sessions(&app, pmi.id), 0);
}

#[tokio::test]
async fn a_password_reset_ends_the_accounts_sessions() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let (coordinator, pmi) = app.login_as(Role::Pmi).await;
    let res = organizer
        .post_with_csrf(&format!("/admin/users/{}/reset-password", pmi.id), &[])
        .await;
    assert_status(&res, 200);
    assert_status(&coordinator.get("/pmi").await, 303);
    let browser = app.with_client(new_client());
    let old = post_login(&browser, &pmi.username, &pmi.password).await;
    assert_status_for(&old, 401, "the old password is gone");
}

#[tokio::test]
async fn a_session_idle_for_more_than_30_minutes_is_refused() {
    let app = spawn_app().await;
    let (browser, account) = app.login_as(Role::Organizer).await;
    app.execute(&format!(
        "UPDATE staff_sessions SET last_seen_at = now() - interval '29 minutes' WHERE user_id = '{}'",
        account.id
    ));
    assert_status_for(&browser.get("/admin").await, 200, "29 minutes is fine");
    app.execute(&format!(
        "UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = '{}'",
        account.id
    ));
    let res = browser.get("/admin").await;
    assert_status(&res, 303);
    assert!(location(&res).starts_with("/login?next="));
}

#[tokio::test]
async fn a_coordinator_stays_signed_in_through_a_drive_days_lull() {
    let app = spawn_app().await;
    let (browser, account) = app.login_as(Role::Pmi).await;
    let idle_for = |interval: &str| {
        app.execute(&format!(
            "UPDATE staff_sessions SET last_seen_at = now() - interval '{interval}' WHERE user_id = '{}'",
            account.id
        ))
    };
    idle_for("3 hours 50 minutes");
    assert_status_for(&browser.get("/pmi").await, 200, "a lunch break and prayers");
    idle_for("4 hours 1 minute");
    let res = browser.get("/pmi").await;
    assert_status_for(&res, 303, "four idle hours end it");
    assert!(location(&res).starts_with("/login?next="));
}

#[tokio::test]
async fn a_coordinators_long_session_is_still_revocable_and_absolute_limited() {
    let app = spawn_app().await;
    let (browser, account) = app.login_as(Role::Pmi).await;
    app.execute(&format!(
        "UPDATE staff_sessions SET created_at = now() - interval '12 hours 1 minute', \
         expires_at = now() - interval '1 minute', last_seen_at = now() WHERE user_id = '{}'",
        account.id
    ));
    assert_status_for(&browser.get("/pmi").await, 303, "12 hours after sign-in");
    let (browser, account) = app.login_as(Role::Pmi).await;
    app.execute(&format!(
        "UPDATE staff_sessions SET revoked_at = now() WHERE user_id = '{}'",
        account.id
    ));
    assert_status_for(&browser.get("/pmi").await, 303, "revoked");
}

#[tokio::test]
async fn a_session_older_than_12_hours_is_refused_however_busy() {
    let app = spawn_app().await;
    let (browser, account) = app.login_as(Role::Organizer).await;
    app.execute(&format!(
        "UPDATE staff_sessions SET created_at = now() - interval '12 hours 1 minute', \
         expires_at = now() - interval '1 minute', last_seen_at = now() WHERE user_id = '{}'",
        account.id
    ));
    assert_status(&browser.get("/admin").await, 303);
}

#[tokio::test]
async fn last_seen_is_written_at_most_once_a_minute() {
    let app = spawn_app().await;
    let (browser, account) = app.login_as(Role::Pmi).await;
    let last_seen = || -> DateTime<Utc> {
        staff_sessions::table
            .filter(staff_sessions::user_id.eq(account.id))
            .select(staff_sessions::last_seen_at)
            .first(&mut app.conn())
            .expect("session")
    };
    app.execute(&format!(
        "UPDATE staff_sessions SET last_seen_at = now() - interval '20 seconds' WHERE user_id = '{}'",
        account.id
    ));
    let before = last_seen();
    assert_status(&browser.get("/pmi").await, 200);
    assert_eq!(last_seen(), before, "not written within the minute");
    app.execute(&format!(
        "UPDATE staff_sessions SET last_seen_at = now() - interval '2 minutes' WHERE user_id = '{}'",
        account.id
    ));
    let stale = last_seen();
    assert_status(&browser.get("/pmi").await, 200);
    assert!(last_seen() > stale, "written again after a minute");
}

#[tokio::test]
async fn posts_without_or_with_a_wrong_csrf_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let users_before: i64 = staff_users::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    let fields = [
        ("username", "mallory"),
        ("display_name", "Mallory"),
        ("role", "organizer"),
    ];
    let without = organizer.post_form("/admin/users", &fields).await;
    assert_status(&without, 403);
    assert_says(&without.text().await.expect("body"), "error-csrf-title");
    let mut wrong = vec![("csrf_token", "00ff")];
    wrong.extend_from_slice(&fields);
    assert_eq!(
        organizer
            .post_form("/admin/users", &wrong)
            .await
            .status()
            .as_u16(),
        403
    );
    let users_after: i64 = staff_users::table
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(users_before, users_after);

    // Nor can a forged form sign anyone out, or in.
    assert_status(&organizer.post_form("/logout", &[]).await, 403);
    assert_status(&organizer.get("/admin").await, 200);
    let account = app.create_staff("hana", Role::Pmi);
    let browser = app.with_client(new_client());
    let res = browser
        .post_form(
            "/login",
            &[("username", "hana"), ("password", &account.password)],
        )
        .await;
    assert_status(&res, 403);
    assert_eq!(live_sessions(&app, account.id), 0);
}

#[tokio::test]
async fn repeated_failures_for_a_username_throttle_it_until_they_age_out() {
    let app = spawn_app().await;
    let account = app.create_staff("indah", Role::Pmi);
    let browser = app.with_client(new_client());
    for attempt in 1..=5 {
        let res = post_login(&browser, "indah", &format!("guess number {attempt}")).await;
        assert_status_for(&res, 401, format_args!("attempt {attempt}"));
    }
    // Even the right password waits now: the attacker learns nothing either way.
    let res = post_login(&browser, "INDAH", &account.password).await;
    assert_status(&res, 429);
    assert!(res.headers().contains_key("retry-after"));
    let html = res.text().await.expect("body");
    assert!(html.contains("coba lagi dalam 15 menit"), "{html}");
    assert!(html.contains("value=\"INDAH\""), "input kept");
    assert!(html.contains("name=\"password\""), "the same form");
    assert_eq!(live_sessions(&app, account.id), 0);

    // Another account from the same address is not affected.
    let other = app.create_staff("joko", Role::Pmi);
    let res = post_login(&browser, "joko", &other.password).await;
    assert_status(&res, 303);

    // Fourteen minutes later: still waiting, one minute left.
    app.execute("UPDATE login_attempts SET at = at - interval '14 minutes'");
    let res = post_login(&browser, "indah", &account.password).await;
    assert_status(&res, 429);
    assert!(res.text().await.expect("body").contains("dalam 1 menit"));
    // Past the window: released, no permanent lockout.
    app.execute("UPDATE login_attempts SET at = at - interval '2 minutes'");
    let res = post_login(&browser, "indah", &account.password).await;
    assert_status(&res, 303);
}

#[tokio::test]
async fn many_failures_from_one_address_throttle_it_for_every_username() {
    let app = spawn_app().await;
    let account = app.create_staff("kartika", Role::Pmi);
    let browser = app.with_client(new_client());
    for n in 0..20 {
        let res = post_login(&browser, &format!("someone{n}"), "a wrong password").await;
        assert_status(&res, 401);
    }
    let res = post_login(&browser, "kartika", &account.password).await;
    assert_status(&res, 429);
    app.execute("UPDATE login_attempts SET at = at - interval '16 minutes'");
    let res = post_login(&browser, "kartika", &account.password).await;
    assert_status(&res, 303);
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login_and_come_back() {
    let app = spawn_app().await;
    let res = app.get("/admin/audit?action=auth.").await;
    assert_status(&res, 303);
    let next = location(&res);
    assert_eq!(next, "/login?next=%2Fadmin%2Faudit%3Faction%3Dauth.");
    let (_, html) = app.get_text(&next).await;
    assert!(html.contains("name=\"next\" value=\"/admin/audit?action=auth.\""));
    let account = app.create_staff("lina", Role::Organizer);
    let csrf = app.csrf_token(&next).await;
    let res = app
        .post_form(
            "/login",
            &[
                ("csrf_token", &csrf),
                ("username", "lina"),
                ("password", &account.password),
                ("next", "/admin/audit?action=auth."),
            ],
        )
        .await;
    assert_eq!(location(&res), "/admin/audit?action=auth.");
    assert_status(&app.get("/admin/audit?action=auth.").await, 200);
}

#[tokio::test]
async fn anonymous_form_posts_to_staff_areas_get_401() {
    let app = spawn_app().await;
    let res = app
        .post_with_csrf("/admin/users", &[("username", "x")])
        .await;
    assert_status(&res, 401);
    assert_says(&res.text().await.expect("body"), "error-unauthorized-title");
}

#[tokio::test]
async fn the_wrong_role_gets_a_friendly_403() {
    let app = spawn_app().await;
    let (coordinator, _) = app.login_as(Role::Pmi).await;
    let (status, html) = coordinator.get_text("/admin/users").await;
    assert_eq!(status, 403);
    assert_says(&html, "error-forbidden-title");
    assert!(says(&html, "nav-logout"), "still signed in, with the nav");
}

#[tokio::test]
async fn the_header_shows_who_is_signed_in_with_a_logout_button() {
    let app = spawn_app().await;
    let (organizer, account) = app.login_as(Role::Organizer).await;
    let (_, html) = organizer.get_text("/").await;
    assert!(html.contains(&format!("Test {}", account.username)));
    assert_says(&html, "role-organizer");
    assert!(html.contains("href=\"/admin\""));
    assert!(html.contains("action=\"/logout\""));
    let (coordinator, _) = app.login_as(Role::Pmi).await;
    let (_, html) = coordinator.get_text("/pmi").await;
    assert_says(&html, "role-pmi");
    assert!(
        !html.contains("href=\"/admin\""),
        "no link to an area they cannot use"
    );
    let (_, anonymous) = app.get_text("/").await;
    assert!(!anonymous.contains("action=\"/logout\""));
}

#[tokio::test]
async fn staff_pages_are_never_cached() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    for path in [
        "/admin",
        "/admin/users",
        "/admin/api-tokens",
        "/admin/audit",
        "/pmi",
        "/login",
    ] {
        let res = organizer.get(path).await;
        assert_eq!(
            res.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
    }
}

//! The rest of the security review: where "go back" links may lead, what a
//! deployment behind HTTPS tells browsers, which keys it refuses to start with,
//! and whose address the app believes.

use std::process::Command;

use crate::expect::{assert_status, assert_status_for};
use crate::helpers::{new_client, scratch_dir, spawn_app, spawn_app_with};

#[tokio::test]
async fn the_language_switch_only_returns_to_pages_of_this_site() {
    let app = spawn_app().await;
    for (next, expected) in [
        ("/admin/users", "/admin/users"),
        ("//evil.example", "/"),
        ("/%09/evil.example", "/"),
        ("/%0a/evil.example", "/"),
        ("%2F%2Fevil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("%20//evil.example", "/"),
    ] {
        let res = app
            .client
            .get(app.url(&format!("/lang/en?next={next}")))
            .send()
            .await
            .expect("lang");
        assert_status_for(&res, 303, format_args!("{next}"));
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert_eq!(location, expected, "next={next}");
    }
}

#[tokio::test]
async fn behind_https_every_answer_asks_for_https_again() {
    let plain = spawn_app().await;
    let res = plain.get("/").await;
    assert!(res.headers().get("strict-transport-security").is_none());

    let secure = spawn_app_with(|s| s.cookie_secure = true).await;
    for path in [
        "/",
        "/login",
        "/nothing-here",
        "/api/v1/drives",
        "/static/style.css",
    ] {
        let res = secure.get(path).await;
        let hsts = res
            .headers()
            .get("strict-transport-security")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(hsts.starts_with("max-age=31536000"), "{path}: {hsts:?}");
    }
}

#[test]
fn a_short_secret_key_stops_the_start_with_a_clear_message() {
    let dir = scratch_dir("short-key");
    let out = Command::new(env!("CARGO_BIN_EXE_blood-drive"))
        .arg("serve")
        .env("SECRET_KEY", "only-twenty-bytes!!!")
        .env("DATA_DIR", &dir)
        .env("DATABASE_URL", "postgres://127.0.0.1:1/none")
        .env("BIND_ADDR", "127.0.0.1:0")
        .output()
        .expect("running the binary");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("SECRET_KEY") && stderr.contains("32"),
        "the message names the setting and the length: {stderr}"
    );
}

/// The audit line of a sign-in records the address the app believes.
async fn audited_ip_of_login(app: &crate::helpers::TestApp, forwarded: &str) -> Option<String> {
    use blood_drive::db::schema::audit_log;
    use diesel::prelude::*;
    let browser = app.with_client(new_client());
    let account = app.create_staff(
        &format!("ip-{}", uuid::Uuid::new_v4().simple()),
        blood_drive::domain::vocab::Role::Pmi,
    );
    let csrf = browser.csrf_token("/login").await;
    let res = browser
        .client
        .post(browser.url("/login"))
        .header("x-forwarded-for", forwarded)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("username", account.username.as_str()),
            ("password", account.password.as_str()),
        ])
        .send()
        .await
        .expect("login");
    assert_status(&res, 303);
    audit_log::table
        .filter(audit_log::action.eq("auth.login"))
        .filter(audit_log::actor_user_id.eq(account.id))
        .select(audit_log::ip)
        .first::<Option<String>>(&mut app.conn())
        .expect("audit line")
}

#[tokio::test]
async fn x_forwarded_for_is_believed_only_from_trusted_proxies() {
    // By default nobody is a trusted proxy: the header is someone's claim.
    let app = spawn_app().await;
    assert_eq!(
        audited_ip_of_login(&app, "203.0.113.50").await.as_deref(),
        Some("127.0.0.1")
    );
    // Behind our proxy (the test client on 127.0.0.1): the hop before it.
    let proxied = spawn_app_with(|s| {
        s.trusted_proxies = blood_drive::config::TrustedProxies::parse("127.0.0.1").expect("ok")
    })
    .await;
    assert_eq!(
        audited_ip_of_login(&proxied, "198.51.100.1, 203.0.113.50")
            .await
            .as_deref(),
        Some("203.0.113.50"),
        "the rightmost address that is not a trusted proxy"
    );
    assert_eq!(
        audited_ip_of_login(&proxied, "203.0.113.50, not-an-address")
            .await
            .as_deref(),
        Some("127.0.0.1"),
        "garbage is not an address"
    );
}

#[tokio::test]
async fn downloads_that_write_an_audit_line_refuse_other_sites() {
    use blood_drive::db::schema::audit_log;
    use diesel::prelude::*;
    let app = spawn_app().await;
    let slug = crate::helpers::seed_demo(&app);
    let (organizer, _) = app
        .login_as(blood_drive::domain::vocab::Role::Organizer)
        .await;
    let audit_lines = || -> i64 {
        audit_log::table
            .filter(audit_log::action.like("%export%"))
            .count()
            .get_result(&mut app.conn())
            .expect("count")
    };
    for path in [
        format!("/admin/drives/{slug}/exports/donors.csv"),
        format!("/admin/drives/{slug}/exports/donors.xlsx"),
        format!("/pmi/drives/{slug}/roster.csv"),
    ] {
        for (header, value) in [
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
            ("origin", "http://evil.example"),
        ] {
            let before = audit_lines();
            let res = organizer
                .client
                .get(organizer.url(&path))
                .header(header, value)
                .send()
                .await
                .expect("download");
            assert_status_for(&res, 403, format_args!("{path} with {header}: {value}"));
            assert_eq!(
                audit_lines(),
                before,
                "a refused download leaves no audit line"
            );
        }
        for (header, value) in [
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-site", "none"),
            ("x-nothing", "typed address or a program"),
        ] {
            let res = organizer
                .client
                .get(organizer.url(&path))
                .header(header, value)
                .send()
                .await
                .expect("download");
            assert_status_for(&res, 200, format_args!("{path} with {header}: {value}"));
        }
    }
}

async fn login_from(
    app: &crate::helpers::TestApp,
    ip: &str,
    username: &str,
    password: &str,
) -> u16 {
    let browser = app.with_client(new_client());
    let csrf = browser.csrf_token("/login").await;
    browser
        .client
        .post(browser.url("/login"))
        .header("x-forwarded-for", ip)
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await
        .expect("login")
        .status()
        .as_u16()
}

fn behind_proxy(s: &mut blood_drive::Settings) {
    s.trusted_proxies = blood_drive::config::TrustedProxies::parse("127.0.0.1").expect("ok");
}

#[tokio::test]
async fn fifty_parallel_guesses_get_no_more_than_the_limit() {
    let app = spawn_app_with(behind_proxy).await;
    let account = app.create_staff("sari", blood_drive::domain::vocab::Role::Organizer);
    let guesses = (0..50).map(|n| {
        let app = &app;
        async move { login_from(app, "198.51.100.9", "sari", &format!("guess {n}")).await }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(
        (checked, refused),
        (
            blood_drive::auth::throttle::USERNAME_LIMIT,
            50 - blood_drive::auth::throttle::USERNAME_LIMIT
        ),
        "{statuses:?}"
    );
    // The owner, from their own desk, still gets in.
    assert_eq!(
        login_from(&app, "203.0.113.20", "sari", &account.password).await,
        303
    );
}

#[tokio::test]
async fn a_stranger_guessing_cannot_lock_the_owner_out() {
    let app = spawn_app_with(behind_proxy).await;
    let account = app.create_staff("wulan", blood_drive::domain::vocab::Role::Pmi);
    // A stranger works through three addresses, six guesses each.
    let mut refused = 0;
    for host in 1..=3 {
        for n in 0..6 {
            let status =
                login_from(&app, &format!("192.0.2.{host}"), "wulan", &format!("g{n}")).await;
            assert!(matches!(status, 401 | 429), "{status}");
            refused += usize::from(status == 429);
        }
    }
    assert_eq!(refused, 3, "each address is stopped after five guesses");
    // The owner signs in from the office: slowed down a little, never refused.
    assert_eq!(
        login_from(&app, "203.0.113.7", "wulan", &account.password).await,
        303
    );
    // The stranger's addresses stay throttled after the owner's success.
    assert_eq!(
        login_from(&app, "192.0.2.1", "wulan", &account.password).await,
        429
    );
}

#[tokio::test]
async fn setup_links_are_checked_first_and_guesses_are_throttled() {
    let app = spawn_app_with(behind_proxy).await;
    let (token, _) = blood_drive::domain::codes::SecretToken::generate().expect("token");
    let browser = app.with_client(new_client());
    let csrf = browser.csrf_token("/login").await;
    let post = |form: Vec<(&'static str, String)>| {
        let browser = &browser;
        let path = format!("/setup/{token}");
        async move {
            browser
                .client
                .post(browser.url(&path))
                .header("x-forwarded-for", "198.51.100.77")
                .form(&form)
                .send()
                .await
                .expect("setup")
                .status()
                .as_u16()
        }
    };
    // A link nobody was given: 404 before the form is even read.
    let empty = vec![("csrf_token", csrf.clone())];
    assert_eq!(post(empty.clone()).await, 404);
    let full = vec![
        ("csrf_token", csrf.clone()),
        ("username", "ratna".to_owned()),
        ("display_name", "Ratna".to_owned()),
        ("password", "a long enough passphrase".to_owned()),
        ("password_confirm", "a long enough passphrase".to_owned()),
    ];
    for _ in 1..blood_drive::auth::throttle::USERNAME_LIMIT {
        assert_eq!(post(full.clone()).await, 404);
    }
    // The sixth guess from this address waits.
    assert_eq!(post(full.clone()).await, 429);
    let staff: i64 = {
        use blood_drive::db::schema::staff_users;
        use diesel::prelude::*;
        staff_users::table
            .count()
            .get_result(&mut app.conn())
            .expect("count")
    };
    assert_eq!(staff, 0, "no account was made");
}

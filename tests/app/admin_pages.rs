//! The organizers' pages: users, API tokens (and the guard accepting them), the
//! audit log, the staff landing pages; and the `user` commands.

use actix_web::{App, HttpResponse, test as actix_test, web};
use blood_drive::db::schema::{api_tokens, audit_log, staff_users};
use blood_drive::domain::codes::SecretToken;
use blood_drive::domain::vocab::Role;
use blood_drive::store::audit::{self, Actor, AuditEntry};
use diesel::prelude::*;

use crate::expect::{assert_says, assert_status, assert_status_for};
use crate::helpers::{seed_demo, spawn_app};

/// The text of the one-time secret on a page (`<code class="secret">...</code>`).
fn shown_secret(html: &str) -> Option<String> {
    let marker = "<code class=\"secret\">";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find("</code>")?;
    Some(html[start..start + end].to_owned())
}

#[tokio::test]
async fn an_organizer_adds_a_user_whose_generated_password_is_shown_once_and_works() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let res = organizer
        .post_with_csrf(
            "/admin/users",
            &[
                ("username", " Maria.Lado "),
                ("display_name", "Maria Lado"),
                ("role", "pmi"),
            ],
        )
        .await;
    assert_status(&res, 200);
    let html = res.text().await.expect("body");
    let password = shown_secret(&html).expect("the password is shown");
    assert!(password.len() >= 20);
    assert!(html.contains("maria.lado"));
    let (_, list) = organizer.get_text("/admin/users").await;
    assert!(list.contains("Maria Lado"));
    assert!(!list.contains(&password), "shown once only");
    let coordinator = app.login("maria.lado", &password).await;
    assert_status(&coordinator.get("/pmi").await, 200);
    let created: i64 = audit_log::table
        .filter(audit_log::action.eq("user.create"))
        .count()
        .get_result(&mut app.conn())
        .expect("count");
    assert_eq!(created, 1);
}

#[tokio::test]
async fn a_bad_new_user_form_is_answered_on_the_same_page_and_nothing_is_written() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let before: i64 = staff_users::table
        .count()
        .get_result(&mut app.conn())
        .expect("n");
    let res = organizer
        .post_with_csrf(
            "/admin/users",
            &[
                ("username", "no spaces"),
                ("display_name", "Nona"),
                ("role", "boss"),
            ],
        )
        .await;
    assert_status(&res, 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("value=\"no spaces\""), "input kept");
    assert!(html.contains("value=\"Nona\""), "input kept");
    assert!(html.contains("aria-describedby=\"username-hint username-error\""));
    assert_says(&html, "users-role-invalid");
    // Taken usernames too.
    app.create_staff("yosef", Role::Pmi);
    let res = organizer
        .post_with_csrf(
            "/admin/users",
            &[
                ("username", "Yosef"),
                ("display_name", "Yosef B"),
                ("role", "pmi"),
            ],
        )
        .await;
    assert_status(&res, 422);
    assert_says(&res.text().await.expect("body"), "users-error-taken");
    let after: i64 = staff_users::table
        .count()
        .get_result(&mut app.conn())
        .expect("n");
    assert_eq!(after, before + 1, "only yosef, made directly");
}

#[tokio::test]
async fn roles_change_and_take_effect_on_the_next_request() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let (coordinator, pmi) = app.login_as(Role::Pmi).await;
    assert_status(&coordinator.get("/admin").await, 403);
    let res = organizer
        .post_with_csrf(
            &format!("/admin/users/{}/role", pmi.id),
            &[("role", "organizer")],
        )
        .await;
    assert_status(&res, 200);
    assert_status(&coordinator.get("/admin").await, 200);
    let details: serde_json::Value = audit_log::table
        .filter(audit_log::action.eq("user.change_role"))
        .select(audit_log::details)
        .first(&mut app.conn())
        .expect("audit");
    assert_eq!(details["from"], "pmi");
    assert_eq!(details["to"], "organizer");
}

#[tokio::test]
async fn organizers_cannot_disable_or_demote_themselves() {
    let app = spawn_app().await;
    let (organizer, me) = app.login_as(Role::Organizer).await;
    for (path, fields) in [
        (format!("/admin/users/{}/disable", me.id), vec![]),
        (
            format!("/admin/users/{}/role", me.id),
            vec![("role", "pmi")],
        ),
    ] {
        let res = organizer.post_with_csrf(&path, &fields).await;
        assert_status_for(&res, 422, format_args!("{path}"));
    }
    assert_status(&organizer.get("/admin").await, 200);
}

#[tokio::test]
async fn a_reset_password_is_shown_once_and_replaces_the_old_one() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let pmi = app.create_staff("rani", Role::Pmi);
    let res = organizer
        .post_with_csrf(&format!("/admin/users/{}/reset-password", pmi.id), &[])
        .await;
    let password = shown_secret(&res.text().await.expect("body")).expect("shown");
    assert_ne!(password, pmi.password);
    app.login("rani", &password).await;
    // Unknown ids are a 404, malformed ones too.
    let res = organizer
        .post_with_csrf(
            &format!("/admin/users/{}/reset-password", uuid::Uuid::new_v4()),
            &[],
        )
        .await;
    assert_status(&res, 404);
    let res = organizer
        .post_with_csrf("/admin/users/not-a-uuid/disable", &[])
        .await;
    assert_status(&res, 404);
}

#[tokio::test]
async fn api_tokens_are_shown_once_stored_hashed_and_revocable() {
    let app = spawn_app().await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let res = organizer
        .post_with_csrf("/admin/api-tokens", &[("name", "Dasbor PMI Provinsi")])
        .await;
    assert_status(&res, 200);
    let token = shown_secret(&res.text().await.expect("body")).expect("shown");
    assert!(SecretToken::looks_valid(&token));
    let (id, stored): (uuid::Uuid, Vec<u8>) = api_tokens::table
        .select((api_tokens::id, api_tokens::token_hash))
        .first(&mut app.conn())
        .expect("row");
    assert_eq!(stored, SecretToken::hash(&token));
    let (_, list) = organizer.get_text("/admin/api-tokens").await;
    assert!(list.contains("Dasbor PMI Provinsi"));
    assert!(!list.contains(&token));
    let res = organizer
        .post_with_csrf(&format!("/admin/api-tokens/{id}/revoke"), &[])
        .await;
    assert_status(&res, 200);
    let res = organizer
        .post_with_csrf(&format!("/admin/api-tokens/{id}/revoke"), &[])
        .await;
    assert_status_for(&res, 409, "already revoked");
    let actions: Vec<String> = audit_log::table
        .filter(audit_log::entity_type.eq("api_token"))
        .order(audit_log::id.asc())
        .select(audit_log::action)
        .load(&mut app.conn())
        .expect("audit");
    assert_eq!(actions, ["api_token.create", "api_token.revoke"]);
    let res = organizer
        .post_with_csrf("/admin/api-tokens", &[("name", "   ")])
        .await;
    assert_status(&res, 422);
}

/// The guard on a `StaffOrToken` route (the JSON counts come later): a valid API
/// token or a staff session passes; a revoked, unknown or missing token gets 401 JSON.
#[tokio::test]
async fn staff_or_token_routes_accept_live_api_tokens_only() {
    use blood_drive::web::routes::Access;
    let app = spawn_app().await;
    let owner = app.create_staff("owner", Role::Organizer);
    let (live, live_hash) = SecretToken::generate().expect("token");
    let (revoked, revoked_hash) = SecretToken::generate().expect("token");
    {
        use blood_drive::store::api_tokens::ApiToken;
        let mut conn = app.conn();
        ApiToken::create(&mut conn, "live", &live_hash, owner.id, None).expect("token");
        let gone =
            ApiToken::create(&mut conn, "gone", &revoked_hash, owner.id, None).expect("token");
        ApiToken::revoke(&mut conn, gone.id, owner.id, chrono::Utc::now(), None).expect("revoke");
    }
    let pool = blood_drive::db::build_pool(&app.database_url, 2);
    let service = actix_test::init_service(
        App::new()
            .app_data(web::Data::new(pool))
            .app_data(web::Data::new(blood_drive::config::RuntimeSettings {
                cookie_secure: false,
                public_url: String::new(),
                trusted_proxies: Default::default(),
                route_guards: Default::default(),
                stranger_limits: Default::default(),
                idle_timeouts: Default::default(),
            }))
            .wrap(actix_web::middleware::from_fn(
                blood_drive::web::access::identify,
            ))
            .wrap(
                actix_web::middleware::ErrorHandlers::new()
                    .default_handler(blood_drive::web::error_page::render_error),
            )
            .route(
                "/api/v1/probe",
                web::get()
                    .to(|| async { HttpResponse::Ok().body("counts") })
                    .wrap(actix_web::middleware::from_fn(
                        |req, next: actix_web::middleware::Next<actix_web::body::BoxBody>| {
                            let rule = blood_drive::web::access::Rule {
                                access: Access::StaffOrToken,
                                counts_own_posts: false,
                            };
                            blood_drive::web::access::enforce(rule, req, next)
                        },
                    )),
            ),
    )
    .await;
    let call = |auth: Option<String>| {
        let mut req = actix_test::TestRequest::get().uri("/api/v1/probe");
        if let Some(auth) = auth {
            req = req.insert_header(("authorization", auth));
        }
        req.to_request()
    };
    let res = actix_test::call_service(&service, call(Some(format!("Bearer {live}")))).await;
    assert_status(&res, 200);
    for auth in [
        None,
        Some(format!("Bearer {revoked}")),
        Some(format!("Bearer {}", SecretToken::generate().expect("t").0)),
        Some(format!("Basic {live}")),
    ] {
        let res = actix_test::call_service(&service, call(auth.clone())).await;
        assert_status_for(&res, 401, format_args!("{auth:?}"));
        let body: serde_json::Value = actix_test::read_body_json(res).await;
        assert_eq!(body["error"], "unauthorized");
    }
    let used: Option<chrono::DateTime<chrono::Utc>> = api_tokens::table
        .filter(api_tokens::name.eq("live"))
        .select(api_tokens::last_used_at)
        .first(&mut app.conn())
        .expect("row");
    assert!(used.is_some(), "use is noted");
}

/// Undoes askama's escaping of quotes, to search for JSON.
fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"").replace("&quot;", "\"")
}

#[tokio::test]
async fn the_audit_log_is_filtered_paginated_and_newest_first() {
    let app = spawn_app().await;
    let (organizer, me) = app.login_as(Role::Organizer).await;
    {
        let mut conn = app.conn();
        for n in 0..60 {
            audit::record(
                &mut conn,
                &AuditEntry {
                    actor: Actor::System,
                    action: blood_drive::store::audit::AuditAction::UnitUpdate,
                    entity_type: "drive",
                    entity_id: None,
                    drive_id: None,
                    details: serde_json::json!({ "n": n }),
                    ip: None,
                },
            )
            .expect("record");
        }
    }
    let (status, html) = organizer.get_text("/admin/audit").await;
    assert_eq!(status, 200);
    let html = unescape(&html);
    let newest = html.find("{\"n\":59}").expect("the newest line");
    let older = html.find("{\"n\":58}").expect("the next line");
    assert!(newest < older, "newest first");
    assert!(
        !html.contains("auth.login"),
        "the login came first: page two"
    );
    assert!(html.contains("rel=\"next\""), "61 lines make two pages");

    let (_, all_page2) = organizer.get_text("/admin/audit?page=2").await;
    assert!(all_page2.contains("auth.login"));

    let (_, page2) = organizer.get_text("/admin/audit?action=unit.&page=2").await;
    assert_eq!(
        unescape(&page2).matches("{\"n\":").count(),
        10,
        "50 on page one, 10 here"
    );
    assert!(page2.contains("rel=\"prev\""));
    assert!(!page2.contains("rel=\"next\""));

    let (_, by_actor) = organizer
        .get_text(&format!(
            "/admin/audit?actor={}",
            me.username.to_uppercase()
        ))
        .await;
    assert!(by_actor.contains("auth.login"));
    assert!(!by_actor.contains("unit.update"));

    let (_, by_type) = organizer
        .get_text("/admin/audit?entity_type=staff_session")
        .await;
    assert!(by_type.contains("auth.login"));
    assert!(!by_type.contains("unit.update"));

    let (_, future) = organizer.get_text("/admin/audit?from=2999-01-01").await;
    assert_says(&future, "audit-none");
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Makassar)
        .date_naive();
    let (_, range) = organizer
        .get_text(&format!(
            "/admin/audit?from={today}&to={today}&action=auth."
        ))
        .await;
    assert!(range.contains("auth.login"));

    let (status, bad) = organizer
        .get_text("/admin/audit?from=17-01-2027&page=x")
        .await;
    assert_eq!(status, 422);
    assert_says(&bad, "audit-date-invalid");
    assert!(bad.contains("value=\"17-01-2027\""), "input kept");
}

#[tokio::test]
async fn the_staff_landing_pages_list_drives_without_dead_links() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let (_, admin) = organizer.get_text("/admin").await;
    assert!(admin.contains("Donor Darah Hari Bhakti Imigrasi"));
    for link in ["/admin/users", "/admin/api-tokens", "/admin/audit"] {
        assert!(admin.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let dashboard = format!("/admin/drives/{slug}/dashboard");
    assert!(admin.contains(&format!("href=\"{dashboard}\"")));
    assert_status(&organizer.get(&dashboard).await, 200);
    let (coordinator, _) = app.login_as(Role::Pmi).await;
    let (_, pmi) = coordinator.get_text("/pmi").await;
    assert!(pmi.contains("Donor Darah Hari Bhakti Imigrasi"));
    assert!(pmi.contains("17 Januari"));
    let roster = format!("/pmi/drives/{slug}/roster");
    assert!(
        pmi.contains(&format!("href=\"{roster}\"")),
        "the roster link"
    );
    let (status, _) = coordinator.get_text(&roster).await;
    assert_eq!(status, 200, "and it works");
}

// --- The `user` commands ----------------------------------------------------

fn blood_drive(database_url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_blood-drive"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("running blood-drive");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("writing stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("output")
}

#[tokio::test]
async fn the_user_commands_add_reset_and_disable_accounts() {
    let app = spawn_app().await;
    let url = app.database_url.clone();
    let out = tokio::task::spawn_blocking(move || {
        blood_drive(
            &url,
            &[
                "user",
                "add",
                "Nadia",
                "--role",
                "organizer",
                "--password-stdin",
            ],
            Some("a long passphrase for nadia\n"),
        )
    })
    .await
    .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("passphrase"));
    let nadia = app.login("nadia", "a long passphrase for nadia").await;

    let url = app.database_url.clone();
    let out = tokio::task::spawn_blocking(move || {
        blood_drive(&url, &["user", "add", "oscar", "--role", "pmi"], None)
    })
    .await
    .expect("run");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let generated = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Password (shown once): "))
        .expect("a generated password is printed")
        .to_owned();
    let oscar = app.login("oscar", &generated).await;

    let url = app.database_url.clone();
    let out = tokio::task::spawn_blocking(move || {
        blood_drive(&url, &["user", "reset-password", "oscar"], None)
    })
    .await
    .expect("run");
    assert!(out.status.success());
    assert_status_for(&oscar.get("/pmi").await, 303, "sessions ended");

    let url = app.database_url.clone();
    let out =
        tokio::task::spawn_blocking(move || blood_drive(&url, &["user", "disable", "nadia"], None))
            .await
            .expect("run");
    assert!(!out.status.success(), "the last active organizer stays");
    assert!(String::from_utf8_lossy(&out.stderr).contains("last active organizer"));
    assert_status(&nadia.get("/admin").await, 200);

    let url = app.database_url.clone();
    let out =
        tokio::task::spawn_blocking(move || blood_drive(&url, &["user", "disable", "oscar"], None))
            .await
            .expect("run");
    assert!(out.status.success());
    let active: bool = staff_users::table
        .filter(staff_users::username.eq("oscar"))
        .select(staff_users::active)
        .first(&mut app.conn())
        .expect("row");
    assert!(!active);

    let url = app.database_url.clone();
    let out = tokio::task::spawn_blocking(move || {
        blood_drive(
            &url,
            &["user", "add", "pendek", "--role", "pmi", "--password-stdin"],
            Some("short\n"),
        )
    })
    .await
    .expect("run");
    assert!(!out.status.success(), "weak passwords are refused");
}

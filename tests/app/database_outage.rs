//! PostgreSQL killed under the app: it answers 503 with a friendly page (and
//! /readyz says so) while the database is away, and recovers by itself once it
//! is back — no restart of the app, nothing lost that was confirmed.

use std::time::{Duration, Instant};

use blood_drive::Application;
use blood_drive::db::embedded::{EmbeddedOptions, EmbeddedPostgres};
use diesel::prelude::*;

use crate::expect::{assert_status, says};
use crate::helpers::{new_client, scratch_dir, test_settings};

fn start_cluster(dir: &std::path::Path) -> EmbeddedPostgres {
    // A killed server's backends take a moment to notice and leave.
    let started = Instant::now();
    loop {
        match EmbeddedPostgres::start(dir, &EmbeddedOptions { unsafe_fast: false }) {
            Ok(cluster) => return cluster,
            Err(e) if started.elapsed() < Duration::from_secs(30) => {
                eprintln!("waiting to restart PostgreSQL: {e}");
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("restart failed: {e}"),
        }
    }
}

async fn status(client: &reqwest::Client, url: &str) -> u16 {
    client
        .get(url)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// A PostgreSQL cluster of the test's own (so it can be killed) and the app
/// on it: (the cluster, its database URL, the app's address).
async fn app_on_its_own_cluster(dir: &std::path::Path) -> (EmbeddedPostgres, String, String) {
    let cluster = tokio::task::spawn_blocking({
        let dir = dir.to_owned();
        move || start_cluster(&dir)
    })
    .await
    .expect("cluster");
    cluster.ensure_database("blood_drive").expect("db");
    let url = cluster.database_url("blood_drive");
    let app = Application::build(test_settings(url.clone()))
        .await
        .expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    (cluster, url, base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_database_gives_503_and_the_app_recovers_by_itself() {
    let dir = scratch_dir("outage");
    let (cluster, url, base) = app_on_its_own_cluster(&dir).await;
    let client = new_client();
    {
        let mut conn = PgConnection::establish(&url).expect("connect");
        blood_drive::seed::seed_demo(&mut conn, chrono::Utc::now()).expect("seed");
    }
    assert_eq!(status(&client, &format!("{base}/readyz")).await, 200);
    assert_eq!(status(&client, &format!("{base}/")).await, 200);

    // kill -9 the postmaster.
    let pid = cluster.pid();
    #[allow(unsafe_code)]
    // SAFETY: kill(2) on the server this test started.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    drop(cluster);

    assert_eq!(status(&client, &format!("{base}/readyz")).await, 503);
    let res = client.get(format!("{base}/")).send().await.expect("page");
    assert_status(&res, 503);
    let html = res.text().await.expect("body");
    assert!(
        says(&html, "error-unavailable-title"),
        "friendly page: {html}"
    );
    assert_eq!(
        status(&client, &format!("{base}/healthz")).await,
        200,
        "the process is up"
    );

    let restarted = tokio::task::spawn_blocking(move || start_cluster(&dir))
        .await
        .expect("restart");
    // Stale pooled connections are discarded on their first error: within a few
    // requests the app answers again, without a restart.
    let mut recovered = false;
    for _ in 0..300 {
        if status(&client, &format!("{base}/readyz")).await == 200
            && status(&client, &format!("{base}/")).await == 200
        {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        recovered,
        "the app did not recover after PostgreSQL came back"
    );
    let html = client
        .get(format!("{base}/"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Hari Bhakti Imigrasi"), "data survived");
    drop(restarted);
}

/// With PostgreSQL gone, one page of every area answers 503 (never 500): the
/// public pages, a donor's own link, the registration form, PMI, organizers
/// and the API, reads and writes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_area_answers_503_while_the_database_is_away() {
    use blood_drive::domain::vocab::Role;

    let dir = scratch_dir("outage-walk");
    let (cluster, url, base) = app_on_its_own_cluster(&dir).await;
    let test_app = crate::helpers::TestApp {
        address: base.clone(),
        database_url: url.clone(),
        client: new_client(),
    };
    let slug = {
        let mut conn = PgConnection::establish(&url).expect("connect");
        blood_drive::seed::seed_demo(&mut conn, chrono::Utc::now())
            .expect("seed")
            .drive_slug
    };
    let (registration, _) = crate::fixtures::booked_donor(&test_app, &slug, 77).await;
    let (organizer, _) = test_app.login_as(Role::Organizer).await;
    let (pmi, _) = test_app.login_as(Role::Pmi).await;
    let donor = test_app.with_client(new_client());
    // Form tokens fetched while the database is up (they need no database).
    let tokens = [
        organizer.any_csrf_token().await,
        pmi.any_csrf_token().await,
        donor.any_csrf_token().await,
    ];

    let pid = cluster.pid();
    #[allow(unsafe_code)]
    // SAFETY: kill(2) on the server this test started.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
    drop(cluster);

    let (link, _) = blood_drive::domain::codes::SecretToken::generate().expect("token");
    let visits: Vec<(&crate::helpers::TestApp, &str, &str, String)> = vec![
        (&donor, "GET", "public", "/".to_owned()),
        (&donor, "GET", "public", format!("/drives/{slug}")),
        (
            &donor,
            "POST",
            "registration",
            format!("/drives/{slug}/register"),
        ),
        (&donor, "GET", "donor", format!("/r/{link}")),
        (&donor, "POST", "donor", format!("/r/{link}/cancel")),
        (&donor, "GET", "api", "/api/v1/drives".to_owned()),
        (&pmi, "GET", "pmi", format!("/pmi/drives/{slug}/roster")),
        (&pmi, "POST", "pmi", format!("/pmi/drives/{slug}/checkin")),
        (
            &pmi,
            "GET",
            "pmi",
            format!("/pmi/registrations/{registration}"),
        ),
        (
            &pmi,
            "POST",
            "pmi",
            format!("/pmi/registrations/{registration}/screening"),
        ),
        (
            &organizer,
            "GET",
            "organizer",
            format!("/admin/drives/{slug}/dashboard"),
        ),
        (&organizer, "POST", "organizer", "/admin/drives".to_owned()),
        (
            &organizer,
            "POST",
            "organizer",
            format!("/admin/drives/{slug}/slots"),
        ),
        (&organizer, "GET", "organizer", "/admin/users".to_owned()),
    ];
    let mut wrong = Vec::new();
    for (who, method, area, path) in visits {
        let csrf = if std::ptr::eq(who, &organizer) {
            &tokens[0]
        } else if std::ptr::eq(who, &pmi) {
            &tokens[1]
        } else {
            &tokens[2]
        };
        let req = match method {
            "GET" => who.client.get(who.url(&path)),
            _ => who
                .client
                .post(who.url(&path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("csrf_token={csrf}&slug=x&title=y")),
        };
        let status = req.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
        if status != 503 {
            wrong.push(format!("{area}: {method} {path} answered {status}"));
        }
    }
    let res = donor
        .client
        .post(donor.url(&format!("/api/v1/drives/{slug}/registrations")))
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("api post");
    if res.status().as_u16() != 503 {
        wrong.push(format!("api: POST registrations answered {}", res.status()));
    } else {
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["error"], "unavailable");
    }
    assert!(
        wrong.is_empty(),
        "not 503 while the database is away:\n{}",
        wrong.join("\n")
    );
}

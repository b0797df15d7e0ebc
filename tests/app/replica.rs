//! A read replica for real: a primary cluster and a streaming standby made
//! from it with `pg_basebackup -R`, both from the machine's PostgreSQL
//! binaries, and the app with `DATABASE_READ_URL` on the standby. The roster
//! is served from the standby (a paused standby shows the roster as it was),
//! the app falls back to the primary when the standby lags beyond
//! `DATABASE_READ_MAX_LAG_SECONDS` or is killed, and the audit lines of the
//! exports land on the primary.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use blood_drive::db::embedded::{EmbeddedOptions, EmbeddedPostgres, find_bindir, socket_url};
use blood_drive::db::replica::REPLICA_APPLICATION_NAME;
use blood_drive::domain::vocab::Role;
use diesel::dsl::sql;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::expect::assert_status_for;
use crate::fixtures::{nip, open_drive, register, valid_fields};
use crate::helpers::{TestApp, scratch_dir, spawn_app_with, spawn_instance_with};

const DATABASE: &str = "blood_drive";
/// How long replication may take to show a row in these tests (it takes
/// milliseconds; the margin is for a loaded machine).
const REPLAY_WAIT: Duration = Duration::from_secs(30);

/// A primary and its streaming standby, each a cluster of its own.
struct Pair {
    /// Held so the primary runs until the pair is dropped.
    _primary: EmbeddedPostgres,
    standby: Option<EmbeddedPostgres>,
    primary_url: String,
    standby_url: String,
}

impl Pair {
    /// kill -9 the standby's postmaster: its socket stays, connections are refused.
    fn kill_standby(&mut self) {
        let standby = self.standby.take().expect("a running standby");
        #[allow(unsafe_code)]
        // SAFETY: kill(2) on the server this test started.
        unsafe {
            libc::kill(standby.pid(), libc::SIGKILL);
        }
        drop(standby);
    }
}

/// Runs `program` as the `postgres` user when we are root (PostgreSQL's tools
/// refuse root), else as ourselves.
fn as_postgres(program: &Path) -> Command {
    #[allow(unsafe_code)]
    // SAFETY: getuid has no preconditions.
    let root = unsafe { libc::getuid() } == 0;
    if root {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=postgres", "--regid=postgres", "--init-groups"])
            .arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// Starts a primary (the embedded cluster: `wal_level=replica`, ten WAL
/// senders and `local replication all trust` are initdb's defaults), copies it
/// with `pg_basebackup -R` and starts the copy as a hot standby streaming from
/// the primary's socket.
fn start_pair(name: &str) -> Pair {
    // The fallback's warnings show in the test's output.
    blood_drive::telemetry::init("info");
    let dir = scratch_dir(name);
    let primary = EmbeddedPostgres::start(&dir.join("primary"), &EmbeddedOptions::default())
        .expect("starting the primary");
    primary.ensure_database(DATABASE).expect("database");
    let standby_dir = dir.join("standby");
    let standby_pgdata = standby_dir.join("pgdata");
    std::fs::create_dir_all(&standby_pgdata).expect("standby folder");
    std::fs::set_permissions(
        &standby_pgdata,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .expect("standby folder mode");
    #[allow(unsafe_code)]
    // SAFETY: getuid has no preconditions.
    if unsafe { libc::getuid() } == 0 {
        let chown = Command::new("chown")
            .arg("postgres:postgres")
            .arg(&standby_pgdata)
            .status()
            .expect("chown");
        assert!(chown.success(), "giving the standby folder to postgres");
    }
    let bindir = find_bindir().expect("PostgreSQL binaries");
    let out = as_postgres(&bindir.join("pg_basebackup"))
        .arg("--pgdata")
        .arg(&standby_pgdata)
        .arg("--host")
        .arg(primary.pgdata())
        .args(["--port", "5432", "--username", "postgres"])
        .args(["--write-recovery-conf", "--wal-method=stream"])
        .args(["--checkpoint=fast", "--no-sync"])
        .output()
        .expect("running pg_basebackup");
    assert!(
        out.status.success(),
        "pg_basebackup: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The primary's socket lives in its data folder, so the copy carries the
    // socket's lock file, which would stop the standby from starting.
    for entry in std::fs::read_dir(&standby_pgdata)
        .expect("standby folder")
        .flatten()
    {
        if entry.file_name().to_string_lossy().starts_with(".s.PGSQL.") {
            std::fs::remove_file(entry.path()).expect("removing the copied socket lock");
        }
    }
    let standby = EmbeddedPostgres::start(&standby_dir, &EmbeddedOptions::default())
        .expect("starting the standby");
    let pair = Pair {
        primary_url: primary.database_url(DATABASE),
        standby_url: standby.database_url(DATABASE),
        _primary: primary,
        standby: Some(standby),
    };
    let in_recovery: bool = diesel::select(sql::<diesel::sql_types::Bool>("pg_is_in_recovery()"))
        .get_result(&mut connect(&pair.standby_url))
        .expect("asking the standby");
    assert!(in_recovery, "the copy runs as a standby");
    pair
}

async fn pair(name: &'static str) -> Pair {
    tokio::task::spawn_blocking(move || start_pair(name))
        .await
        .expect("pair")
}

fn connect(url: &str) -> PgConnection {
    PgConnection::establish(url).expect("connecting")
}

/// How many registrations of the person called `name` the server at `url` has.
fn registrations_named(url: &str, name: &str) -> i64 {
    diesel::select(
        sql::<BigInt>(
            "(SELECT count(*) FROM registrations r JOIN donors d ON d.id = r.donor_id \
             WHERE d.full_name = ",
        )
        .bind::<Text, _>(name.to_owned())
        .sql(")"),
    )
    .get_result(&mut connect(url))
    .expect("counting registrations")
}

/// Waits until the standby has replayed the registration of `name`.
async fn replayed(pair: &Pair, name: &str) {
    let started = Instant::now();
    while registrations_named(&pair.standby_url, name) == 0 {
        assert!(
            started.elapsed() < REPLAY_WAIT,
            "the standby never replayed {name}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Pauses the standby's replay and waits until it has stopped.
async fn pause_replay(pair: &Pair) {
    let url = pair.standby_url.clone();
    let mut conn = connect(&url);
    diesel::sql_query("SELECT pg_wal_replay_pause()")
        .execute(&mut conn)
        .expect("pausing replay");
    let started = Instant::now();
    loop {
        let state: String = diesel::select(sql::<Text>("pg_get_wal_replay_pause_state()"))
            .get_result(&mut conn)
            .expect("pause state");
        if state == "paused" {
            return;
        }
        assert!(started.elapsed() < REPLAY_WAIT, "replay never paused");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn resume_replay(pair: &Pair) {
    diesel::sql_query("SELECT pg_wal_replay_resume()")
        .execute(&mut connect(&pair.standby_url))
        .expect("resuming replay");
}

/// The app's read connections on the standby, as its `pg_stat_activity` names them.
fn app_sessions_on_standby(pair: &Pair) -> i64 {
    diesel::select(
        sql::<BigInt>("(SELECT count(*) FROM pg_stat_activity WHERE application_name = ")
            .bind::<Text, _>(REPLICA_APPLICATION_NAME)
            .sql(")"),
    )
    .get_result(&mut connect(&pair.standby_url))
    .expect("pg_stat_activity")
}

/// Waits until the app has connected its reads to the standby.
async fn app_reads_from_standby(pair: &Pair) {
    let started = Instant::now();
    while app_sessions_on_standby(pair) == 0 {
        assert!(
            started.elapsed() < REPLAY_WAIT,
            "the app never connected to the standby"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The app on the pair's primary, reading from its standby.
async fn app_on(pair: &Pair, max_lag: Duration) -> TestApp {
    let standby_url = pair.standby_url.clone();
    spawn_instance_with(&pair.primary_url, move |s| {
        s.database_read_url = Some(standby_url);
        s.read_max_lag = max_lag;
    })
    .await
}

/// Registers the person `serial`, called `name`, through the form in `slot`.
async fn register_named(app: &TestApp, slug: &str, slot: uuid::Uuid, serial: u32, name: &str) {
    let mut fields = valid_fields(&nip(serial), &slot.to_string());
    for (key, value) in fields.iter_mut() {
        if *key == "full_name" {
            *value = name.to_owned();
        }
    }
    register(app, slug, &fields).await;
}

async fn body_of(browser: &TestApp, path: &str) -> String {
    let res = browser.get(path).await;
    assert_status_for(&res, 200, path);
    res.text().await.expect("body")
}

fn audit_lines(url: &str, action: &str) -> i64 {
    diesel::select(
        sql::<BigInt>("(SELECT count(*) FROM audit_log WHERE action = ")
            .bind::<Text, _>(action.to_owned())
            .sql(")"),
    )
    .get_result(&mut connect(url))
    .expect("audit lines")
}

const FIRST: &str = "Maria Replika Satu";
const SECOND: &str = "Yakobus Replika Dua";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_roster_is_read_from_the_replica_and_shows_a_registration_once_replayed() {
    let pair = pair("replica-reads").await;
    // A paused replica falls behind; with an hour allowed, it keeps serving.
    let app = app_on(&pair, Duration::from_secs(3600)).await;
    let drive = open_drive(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let roster = format!("/pmi/drives/{}/roster", drive.slug);
    register_named(&app, &drive.slug, drive.slots[0], 1, FIRST).await;
    replayed(&pair, FIRST).await;
    app_reads_from_standby(&pair).await;
    assert!(body_of(&pmi, &roster).await.contains(FIRST));

    // Replay stops: the primary gets the second registration, the standby does not.
    pause_replay(&pair).await;
    register_named(&app, &drive.slug, drive.slots[1], 2, SECOND).await;
    assert_eq!(registrations_named(&pair.primary_url, SECOND), 1);
    assert_eq!(registrations_named(&pair.standby_url, SECOND), 0);

    // Every heavy read shows the standby's state: the first person, not the second.
    for path in [
        roster.clone(),
        format!("{roster}/print"),
        format!("/pmi/drives/{}/roster.csv", drive.slug),
    ] {
        let body = body_of(&pmi, &path).await;
        assert!(
            body.contains(FIRST),
            "{path} shows the replayed registration"
        );
        assert!(
            !body.contains(SECOND),
            "{path} was read from the paused standby, which lacks the second registration"
        );
    }
    let donors = body_of(
        &organizer,
        &format!("/admin/drives/{}/exports/donors.csv", drive.slug),
    )
    .await;
    assert!(
        donors.contains(FIRST) && !donors.contains(SECOND),
        "{donors}"
    );
    for path in ["dashboard", "report", "exports/counts.csv"] {
        body_of(&organizer, &format!("/admin/drives/{}/{path}", drive.slug)).await;
    }
    // The audit lines of the downloads went to the primary (the standby is
    // read-only: had they gone there, the downloads would have failed).
    assert_eq!(audit_lines(&pair.primary_url, "roster.export"), 1);
    assert_eq!(audit_lines(&pair.primary_url, "export.donors"), 1);
    assert_eq!(audit_lines(&pair.standby_url, "roster.export"), 0);

    // Replay resumes: the second registration reaches the roster.
    resume_replay(&pair);
    replayed(&pair, SECOND).await;
    let html = body_of(&pmi, &roster).await;
    assert!(html.contains(FIRST) && html.contains(SECOND));
    drop(pair);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_lagging_beyond_the_setting_sends_reads_to_the_primary() {
    let pair = pair("replica-lag").await;
    let app = app_on(&pair, Duration::from_secs(1)).await;
    let drive = open_drive(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let roster = format!("/pmi/drives/{}/roster", drive.slug);
    register_named(&app, &drive.slug, drive.slots[0], 1, FIRST).await;
    replayed(&pair, FIRST).await;
    app_reads_from_standby(&pair).await;

    pause_replay(&pair).await;
    register_named(&app, &drive.slug, drive.slots[1], 2, SECOND).await;
    // Once the standby is more than a second behind (and the verdict, kept
    // about a second, has been renewed), the roster comes from the primary.
    let started = Instant::now();
    loop {
        let html = body_of(&pmi, &roster).await;
        if html.contains(SECOND) {
            break;
        }
        assert!(
            started.elapsed() < REPLAY_WAIT,
            "the roster kept coming from a standby that stopped replaying"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "a standby paused behind a 1 s limit: roster from the primary after {:?}",
        started.elapsed()
    );
    assert_eq!(
        registrations_named(&pair.standby_url, SECOND),
        0,
        "the standby still lacks the second registration: the roster came from the primary"
    );
    resume_replay(&pair);
    replayed(&pair, SECOND).await;
    assert!(body_of(&pmi, &roster).await.contains(SECOND));
    drop(pair);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_replica_leaves_every_heavy_read_answering_from_the_primary() {
    let mut pair = pair("replica-killed").await;
    let app = app_on(&pair, blood_drive::config::DEFAULT_READ_MAX_LAG).await;
    let drive = open_drive(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    register_named(&app, &drive.slug, drive.slots[0], 1, FIRST).await;
    replayed(&pair, FIRST).await;
    app_reads_from_standby(&pair).await;
    let slug = &drive.slug;
    let pages: Vec<(&TestApp, String)> = vec![
        (&pmi, format!("/pmi/drives/{slug}/roster")),
        (&pmi, format!("/pmi/drives/{slug}/roster/print")),
        (&pmi, format!("/pmi/drives/{slug}/roster.csv")),
        (&organizer, format!("/admin/drives/{slug}/dashboard")),
        (&organizer, format!("/admin/drives/{slug}/report")),
        (
            &organizer,
            format!("/admin/drives/{slug}/exports/counts.csv"),
        ),
        (
            &organizer,
            format!("/admin/drives/{slug}/exports/counts.xlsx"),
        ),
        (
            &organizer,
            format!("/admin/drives/{slug}/exports/donors.csv"),
        ),
        (
            &organizer,
            format!("/admin/drives/{slug}/exports/donors.xlsx"),
        ),
    ];
    // Every page once on the standby, so its pool holds connections that
    // are about to break.
    for (browser, path) in &pages {
        body_of(browser, path).await;
    }

    pair.kill_standby();
    register_named(&app, slug, drive.slots[1], 2, SECOND).await;
    for round in ["first after the kill", "second"] {
        for (browser, path) in &pages {
            let started = Instant::now();
            let res = browser.get(path).await;
            let status = res.status().as_u16();
            let body = res.bytes().await.expect("body");
            eprintln!("{round}: {path} {status} in {:?}", started.elapsed());
            assert_status_for(&status, 200, path);
            if path.ends_with("/roster") || path.ends_with("donors.csv") {
                let text = String::from_utf8_lossy(&body);
                assert!(
                    text.contains(SECOND),
                    "{path} comes from the primary, which has the newest registration"
                );
            }
        }
    }
    assert!(audit_lines(&pair.primary_url, "roster.export") >= 3);
    drop(pair);
}

#[tokio::test]
async fn a_replica_that_never_answers_costs_the_pages_nothing() {
    let nowhere = scratch_dir("replica-nowhere");
    let app = spawn_app_with(|s| {
        s.database_read_url = Some(socket_url(&nowhere, DATABASE));
        s.read_max_lag = Duration::from_secs(5);
    })
    .await;
    let drive = open_drive(&app);
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (organizer, _) = app.login_as(Role::Organizer).await;
    register_named(&app, &drive.slug, drive.slots[0], 1, FIRST).await;
    let slug = &drive.slug;
    let roster = body_of(&pmi, &format!("/pmi/drives/{slug}/roster")).await;
    assert!(roster.contains(FIRST));
    body_of(&pmi, &format!("/pmi/drives/{slug}/roster.csv")).await;
    body_of(&organizer, &format!("/admin/drives/{slug}/dashboard")).await;
    let donors = body_of(
        &organizer,
        &format!("/admin/drives/{slug}/exports/donors.csv"),
    )
    .await;
    assert!(donors.contains(FIRST));
    // A drive that does not exist is still a 404, not a 503.
    let res = pmi.get("/pmi/drives/no-such-drive/roster").await;
    assert_status_for(&res, 404, "an unknown drive");
}

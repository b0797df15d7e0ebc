//! The embedded cluster starts, refuses a second owner, and stops without orphans;
//! the real binary serves and leaves no postgres behind on Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use blood_drive::db::embedded::{EmbeddedError, EmbeddedOptions, EmbeddedPostgres};
use diesel::prelude::*;

use crate::helpers::scratch_dir;

fn alive(pid: i32) -> bool {
    // A zombie still has a /proc entry; check its state too.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| s.split_whitespace().nth(2).is_none_or(|state| state != "Z"))
        .unwrap_or(false)
}

fn wait_gone(pid: i32) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if !alive(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn embedded_cluster_starts_refuses_a_second_owner_and_stops_cleanly() {
    let dir = scratch_dir("embedded-lifecycle");
    let options = EmbeddedOptions { unsafe_fast: true };
    let mut cluster = EmbeddedPostgres::start(&dir, &options).expect("start");
    let pid = cluster.pid();
    assert!(alive(pid));
    cluster.ensure_database("blood_drive").expect("create db");
    cluster.ensure_database("blood_drive").expect("idempotent");
    let mut conn = PgConnection::establish(&cluster.database_url("blood_drive")).expect("connect");
    diesel::connection::SimpleConnection::batch_execute(
        &mut conn,
        "CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)",
    )
    .expect("write");
    drop(conn);

    match EmbeddedPostgres::start(&dir, &options) {
        Err(EmbeddedError::AlreadyRunning(_)) => {}
        Err(other) => panic!("expected AlreadyRunning, got {other}"),
        Ok(_) => panic!("a second owner must be refused"),
    }
    assert!(
        dir.join("pgdata/.s.PGSQL.5432").exists(),
        "socket lives in the data folder"
    );

    cluster.stop().expect("stop");
    assert!(wait_gone(pid), "postgres {pid} still running after stop");

    // Starting again reuses the data.
    let cluster = EmbeddedPostgres::start(&dir, &options).expect("restart");
    let mut conn = PgConnection::establish(&cluster.database_url("blood_drive")).expect("connect");
    #[derive(QueryableByName)]
    struct X {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        x: i32,
    }
    let row: X = diesel::sql_query("SELECT x FROM kept")
        .get_result(&mut conn)
        .expect("read");
    assert_eq!(row.x, 7);
    let pid = cluster.pid();
    drop(conn);
    drop(cluster);
    assert!(wait_gone(pid), "dropping the handle stops the server");
}

#[test]
fn serve_runs_the_demo_and_ctrl_c_leaves_no_postgres() {
    let dir = scratch_dir("serve-binary");
    let mut child = Command::new(env!("CARGO_BIN_EXE_blood-drive"))
        .args(["serve", "--demo"])
        .env_remove("DATABASE_URL")
        .env("DATA_DIR", &dir)
        .env("BIND_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn blood-drive");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    let url = loop {
        let line = lines.next().expect("serve exited early").expect("line");
        printed.push(line.clone());
        if let Some(rest) = line.strip_prefix("blood-drive is serving at ") {
            break rest.split_whitespace().next().expect("url").to_owned();
        }
    };
    let output = printed.join("\n");
    assert!(output.contains("Demo drive created"), "{output}");
    assert!(
        output.contains("panitia"),
        "organizer password printed: {output}"
    );

    let body = reqwest::blocking_get(&format!("{url}/"));
    assert!(body.contains("Hari Bhakti Imigrasi"), "{body}");

    let pid_file =
        std::fs::read_to_string(dir.join("pgdata/postmaster.pid")).expect("postmaster.pid");
    let pg_pid: i32 = pid_file
        .lines()
        .next()
        .expect("pid")
        .trim()
        .parse()
        .expect("number");
    assert!(alive(pg_pid));

    // Ctrl-C: SIGINT to the app only (postgres sits in its own process group).
    #[allow(unsafe_code)]
    // SAFETY: kill(2) on our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().expect("wait");
    assert!(status.success(), "clean exit: {status}");
    assert!(wait_gone(pg_pid), "postgres {pg_pid} survived Ctrl-C");
}

mod reqwest {
    /// A tiny blocking GET without pulling reqwest's blocking feature.
    pub fn blocking_get(url: &str) -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            ::reqwest::get(url)
                .await
                .expect("GET")
                .text()
                .await
                .expect("body")
        })
    }
}

//! Correctness at scale and under faults: three app processes racing for the
//! last seats, and PostgreSQL killed (`kill -9` of the postmaster) under load.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use blood_drive::db::embedded::{EmbeddedOptions, EmbeddedPostgres};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text, Uuid as SqlUuid};
use tokio::runtime::Runtime;
use uuid::Uuid;

use crate::nip_for;
use crate::server::{BIN, start_server};

fn registration_body(n: usize, slot: Uuid) -> serde_json::Value {
    serde_json::json!({
        "employee_type": "pns", "nip": nip_for(n), "full_name": "Peserta Uji",
        "work_unit": "KANIM-KUPANG", "phone": "081234567890", "weight_kg": 60,
        "slot_id": slot.to_string(),
    })
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

pub struct Race {
    pub requests: usize,
    pub created: usize,
    pub refused: usize,
    pub other: Vec<u16>,
    pub counter: i64,
    pub rows: i64,
    pub seconds: f64,
}

impl Race {
    pub fn ok(&self) -> bool {
        self.created == 100
            && self.counter == 100
            && self.rows == 100
            && self.refused == self.requests - 100
    }

    pub fn line(&self) -> String {
        format!(
            "3 instances, {} concurrent registrations for 100 seats in {:.2} s: {} × 201, {} × 409 slot_full, other {:?}; slot counter {}, booked rows {} — {}",
            self.requests,
            self.seconds,
            self.created,
            self.refused,
            self.other,
            self.counter,
            self.rows,
            if self.ok() {
                "exactly 100 booked"
            } else {
                "MISMATCH"
            }
        )
    }
}

/// Three app processes on one database; `requests` unique donors at once,
/// spread round-robin over them, for one slot of 100 seats.
pub fn race_for_seats(
    rt: &Runtime,
    database_url: &str,
    drive_slug: &str,
    slot: Uuid,
    requests: usize,
) -> Race {
    let servers: Vec<_> = (0..3).map(|_| start_server(database_url)).collect();
    let urls: Vec<String> = servers
        .iter()
        .map(|s| format!("{}/api/v1/drives/{drive_slug}/registrations", s.url))
        .collect();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(requests)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let started = Instant::now();
    let statuses: Vec<u16> = rt.block_on(async {
        let tasks: Vec<_> = (0..requests)
            .map(|k| {
                let (client, url) = (client.clone(), urls[k % urls.len()].clone());
                let body = registration_body(4_000_000 + k, slot);
                tokio::spawn(async move {
                    client
                        .post(url)
                        .json(&body)
                        .send()
                        .await
                        .map_or(0, |r| r.status().as_u16())
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap_or(0));
        }
        out
    });
    let seconds = started.elapsed().as_secs_f64();
    drop(servers);
    let mut conn = PgConnection::establish(database_url).expect("connect");
    let counter = diesel::sql_query("SELECT booked::bigint AS n FROM slots WHERE id = $1")
        .bind::<SqlUuid, _>(slot)
        .get_result::<Count>(&mut conn)
        .expect("counter")
        .n;
    let rows = diesel::sql_query(
        "SELECT count(*) AS n FROM registrations WHERE slot_id = $1 AND status = 'booked'",
    )
    .bind::<SqlUuid, _>(slot)
    .get_result::<Count>(&mut conn)
    .expect("rows")
    .n;
    let mut other: Vec<u16> = statuses
        .iter()
        .copied()
        .filter(|s| *s != 201 && *s != 409)
        .collect();
    other.sort_unstable();
    other.dedup();
    Race {
        requests,
        created: statuses.iter().filter(|s| **s == 201).count(),
        refused: statuses.iter().filter(|s| **s == 409).count(),
        other,
        counter,
        rows,
        seconds,
    }
}

pub struct Crash {
    pub confirmed: usize,
    pub found: i64,
    pub unavailable: usize,
    pub failed_otherwise: usize,
    pub first_success_after_restart: Option<f64>,
    pub outage_seconds: f64,
    pub check_passed: bool,
}

impl Crash {
    pub fn ok(&self) -> bool {
        self.found == self.confirmed as i64
            && self.check_passed
            && self.first_success_after_restart.is_some()
    }

    pub fn line(&self) -> String {
        format!(
            "kill -9 of the PostgreSQL postmaster under registration load: {} confirmed (201), {} of them found afterwards; {} × 503 (database down {:.1} s, restart included), {} other failures; first success {} after the restart; `blood-drive check`: {}",
            self.confirmed,
            self.found,
            self.unavailable,
            self.outage_seconds,
            self.failed_otherwise,
            self.first_success_after_restart
                .map_or("NEVER".to_owned(), |s| format!("{s:.2} s")),
            if self.check_passed {
                "exit 0"
            } else {
                "FAILED"
            }
        )
    }
}

/// Starts the embedded cluster in `dir`, waiting while a killed server's
/// backends are still leaving.
pub fn start_cluster(dir: &Path) -> EmbeddedPostgres {
    let started = Instant::now();
    loop {
        match EmbeddedPostgres::start(dir, &EmbeddedOptions { unsafe_fast: false }) {
            Ok(cluster) => return cluster,
            Err(e) if started.elapsed() < Duration::from_secs(60) => {
                eprintln!("waiting to restart PostgreSQL: {e}");
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("restart failed: {e}"),
        }
    }
}

#[derive(Default)]
struct CrashTally {
    confirmed: Mutex<Vec<String>>,
    unavailable: AtomicUsize,
    failed_otherwise: AtomicUsize,
    restarted_at: Mutex<Option<Instant>>,
    first_success_after_restart: Mutex<Option<f64>>,
    stop: AtomicBool,
}

/// Registration load on a fresh app process; after `before` the postmaster is
/// killed (its pid from `postmaster.pid`), `down` later the cluster is started
/// again, and the load goes on for `after`. Every code confirmed to a client
/// is then looked up, and `blood-drive check` runs.
#[allow(clippy::too_many_arguments)]
pub fn crash_under_load(
    rt: &Runtime,
    cluster: &mut Option<EmbeddedPostgres>,
    dir: &Path,
    database_url: &str,
    drive_slug: &str,
    slot: Uuid,
    connections: usize,
    (before, down, after): (Duration, Duration, Duration),
) -> Crash {
    let server = start_server(database_url);
    let url = format!("{}/api/v1/drives/{drive_slug}/registrations", server.url);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let tally = Arc::new(CrashTally::default());
    let workers: Vec<_> = (0..connections)
        .map(|worker| {
            let (client, url, tally) = (client.clone(), url.clone(), tally.clone());
            rt.spawn(async move {
                let mut i = 0;
                while !tally.stop.load(Ordering::Relaxed) {
                    let body = registration_body(8_000_000 + worker * 100_000 + i, slot);
                    i += 1;
                    let res = client.post(&url).json(&body).send().await;
                    let status = res.as_ref().map_or(0, |r| r.status().as_u16());
                    if status == 201 {
                        let json: serde_json::Value = match res {
                            Ok(r) => r.json().await.unwrap_or_default(),
                            Err(_) => serde_json::Value::Null,
                        };
                        let code = json["code"].as_str().unwrap_or_default().to_owned();
                        tally.confirmed.lock().expect("lock").push(code);
                        let restarted = *tally.restarted_at.lock().expect("lock");
                        if let Some(at) = restarted {
                            tally
                                .first_success_after_restart
                                .lock()
                                .expect("lock")
                                .get_or_insert(at.elapsed().as_secs_f64());
                        }
                    } else if status == 503 {
                        tally.unavailable.fetch_add(1, Ordering::Relaxed);
                    } else {
                        tally.failed_otherwise.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();

    std::thread::sleep(before);
    let pgdata = cluster.as_ref().expect("cluster").pgdata().to_path_buf();
    let postmaster = std::fs::read_to_string(pgdata.join("postmaster.pid"))
        .ok()
        .and_then(|s| s.lines().next().map(str::to_owned))
        .expect("postmaster.pid");
    let killed_at = Instant::now();
    let killed = Command::new("kill")
        .args(["-9", postmaster.trim()])
        .status()
        .expect("kill");
    assert!(killed.success(), "kill -9 {postmaster}");
    drop(cluster.take());
    std::thread::sleep(down);
    *cluster = Some(start_cluster(dir));
    let outage_seconds = killed_at.elapsed().as_secs_f64();
    *tally.restarted_at.lock().expect("lock") = Some(Instant::now());
    std::thread::sleep(after);
    tally.stop.store(true, Ordering::Relaxed);
    rt.block_on(async {
        for w in workers {
            let _ = w.await;
        }
    });
    drop(server);

    let confirmed = tally.confirmed.lock().expect("lock").clone();
    let mut conn = PgConnection::establish(database_url).expect("connect after restart");
    let found = diesel::sql_query("SELECT count(*) AS n FROM registrations WHERE code = ANY($1)")
        .bind::<Array<Text>, _>(&confirmed)
        .get_result::<Count>(&mut conn)
        .expect("found")
        .n;
    let check_passed = Command::new(BIN)
        .arg("check")
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .status()
        .is_ok_and(|s| s.success());
    let first_success_after_restart = *tally.first_success_after_restart.lock().expect("lock");
    Crash {
        confirmed: confirmed.len(),
        found,
        unavailable: tally.unavailable.load(Ordering::Relaxed),
        failed_otherwise: tally.failed_otherwise.load(Ordering::Relaxed),
        first_success_after_restart,
        outage_seconds,
        check_passed,
    }
}

/// The id of the first slot of `slug` (the copies made for the harness have one).
pub fn first_slot(conn: &mut PgConnection, slug: &str) -> Uuid {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    diesel::sql_query(
        "SELECT s.id FROM slots s JOIN drives d ON d.id = s.drive_id \
         WHERE d.slug = $1 ORDER BY s.starts_at LIMIT 1",
    )
    .bind::<Text, _>(slug)
    .get_result::<Id>(conn)
    .expect("slot")
    .id
}

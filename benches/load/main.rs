//! Load harness: `cargo bench --bench load` seeds a realistic drive on a private
//! PostgreSQL cluster (fsync on), starts the real release binary against it,
//! drives it with an own tokio/reqwest load generator on the same machine, and
//! prints a table of requests/s and latency percentiles, the app's peak memory,
//! and a pgbench run of the booking transaction for comparison. Then, one line
//! each: the donor-list exports of 10 000 and 100 000 registrations (time and
//! the app's memory), three app processes racing 1 000 donors for 100 seats,
//! and PostgreSQL killed with `kill -9` under registration load.
//!
//! Why an own generator: the registration scenario needs a unique, valid NIP
//! per request, which is awkward in wrk/oha; and it keeps the harness a single
//! `cargo` command with no tools to install.
//!
//! Environment: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32).

mod exports;
mod faults;
mod floor;
mod seed;
mod server;
mod stations;

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use blood_drive::db::embedded::{EmbeddedOptions, EmbeddedPostgres, find_bindir};
use diesel::prelude::*;
use tokio::sync::Mutex;

use server::{memory_mb, start_server};

struct Outcome {
    label: String,
    requests: usize,
    errors: usize,
    seconds: f64,
    latencies_us: Vec<u64>,
}

impl Outcome {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let idx = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
        self.latencies_us[idx] as f64 / 1000.0
    }

    fn row(&self) -> String {
        format!(
            "| {:<50} | {:>9.0} | {:>8.2} | {:>8.2} | {:>6} |",
            self.label,
            self.requests as f64 / self.seconds,
            self.percentile(0.50),
            self.percentile(0.99),
            self.errors
        )
    }
}

/// Runs `connections` workers for `seconds`, each calling `request(worker, i)`.
async fn load<F, Fut>(label: &str, connections: usize, seconds: u64, request: F) -> Outcome
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let results = Arc::new(Mutex::new((Vec::new(), 0usize)));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..connections {
        let request = request.clone();
        let results = results.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0;
            let mut i = 0;
            while Instant::now() < deadline {
                let t = Instant::now();
                let ok = request(worker, i).await;
                lat.push(t.elapsed().as_micros() as u64);
                if !ok {
                    errors += 1;
                }
                i += 1;
            }
            let mut r = results.lock().await;
            r.0.extend(lat);
            r.1 += errors;
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let seconds = started.elapsed().as_secs_f64();
    let (mut latencies_us, errors) = Arc::try_unwrap(results)
        .map(|m| m.into_inner())
        .unwrap_or_default();
    latencies_us.sort_unstable();
    Outcome {
        label: label.to_owned(),
        requests: latencies_us.len(),
        errors,
        seconds,
        latencies_us,
    }
}

/// "drive page: 0.52 of the floor (3 900 / 7 500 req/s), p99 21 ms vs 9 ms".
fn ratio_line(what: &str, app: &Outcome, floor: &Outcome) -> String {
    format!(
        "{what}: {:.2} of the floor ({:.0} / {:.0} req/s), p99 {:.1} ms vs {:.1} ms",
        rate(app) / rate(floor),
        rate(app),
        rate(floor),
        app.percentile(0.99),
        floor.percentile(0.99)
    )
}

fn print_table(rows: &[Outcome]) {
    println!(
        "| scenario                                           |     req/s | p50 (ms) | p99 (ms) | errors |"
    );
    println!(
        "|----------------------------------------------------|-----------|----------|----------|--------|"
    );
    for r in rows {
        println!("{}", r.row());
    }
}

/// A valid NIP, unique for every `n` below 18 million: serial from the last
/// three digits, birth date from the next ones, sex from the top.
pub fn nip_for(n: usize) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1975, 1, 1).expect("date")
        + chrono::Duration::days((n / 1000 % 9000) as i64);
    let serial = n % 1000;
    let sex = 1 + (n / 9_000_000) % 2;
    format!("{}202001{}{:03}", birth.format("%Y%m%d"), sex, serial)
}

/// The booking transaction in plain SQL, for pgbench.
const PGBENCH_SCRIPT: &str = r#"
BEGIN;
INSERT INTO donors (nip, employee_type, full_name, sex, birth_date, phone, weight_kg)
  VALUES (lpad(nextval('bench_seq')::text, 18, '9'), 'pns', 'Bench Donor', 'male', '1985-03-12', '+6281234567890', 60)
  RETURNING id AS donor_id \gset
UPDATE slots SET booked = booked + 1 WHERE id = ':slot'::uuid AND booked < capacity;
INSERT INTO registrations (drive_id, donor_id, slot_id, status, prescreen_verdict, code, manage_token_hash, source, sex, age_years, first_time)
  SELECT ':drive'::uuid, ':donor_id'::uuid, ':slot'::uuid, 'booked', 'eligible', c, sha256(convert_to(c, 'UTF8')), 'self', 'male', 41, true
  FROM (SELECT lpad((nextval('bench_seq') % 100000000)::text, 8, '0') AS c) AS code;
END;
"#;

const ROSTER_ROWS: i32 = 500;
const SMALL_EXPORT: usize = 10_000;
const LARGE_EXPORT: usize = 100_000;
const RACE_DONORS: usize = 1_000;

/// The roomy slot the write scenarios book, and its drive.
#[derive(QueryableByName)]
struct Ids {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    slot: uuid::Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    drive: uuid::Uuid,
}

fn main() {
    floor::serve_if_asked();
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let connections: usize = std::env::var("BENCH_CONNECTIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32);
    let dir = std::env::temp_dir().join(format!("blood-drive-bench-{}", std::process::id()));
    let mut cluster = Some(
        EmbeddedPostgres::start(&dir, &EmbeddedOptions::default()).expect("embedded PostgreSQL"),
    );
    let url = {
        let c = cluster.as_ref().expect("cluster");
        c.ensure_database("bench").expect("database");
        c.database_url("bench")
    };
    let mut conn = PgConnection::establish(&url).expect("connect");
    blood_drive::db::run_migrations(&mut conn).expect("migrate");
    let report = blood_drive::seed::seed_demo(&mut conn, chrono::Utc::now()).expect("seed");
    let slug = report.drive_slug;
    // One roomy slot for the write scenarios, so nothing is ever full.
    diesel::sql_query(
        "UPDATE slots SET capacity = 10000000 WHERE id = (SELECT id FROM slots ORDER BY starts_at LIMIT 1)",
    )
    .execute(&mut conn)
    .expect("roomy slot");
    let ids: Ids = diesel::sql_query(
        "SELECT id AS slot, drive_id AS drive FROM slots ORDER BY starts_at LIMIT 1",
    )
    .get_result(&mut conn)
    .expect("slot id");

    // `BENCH_ONLY=ratios`: the drive page and the registration against their
    // floors, nothing else (a minute with BENCH_SECONDS=10).
    let ratios_only = std::env::var("BENCH_ONLY").is_ok_and(|v| v == "ratios");
    if ratios_only {
        let server = start_server(&url);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(connections)
            .build()
            .expect("client");
        let (rows, ratios, app_peak) = ratio_scenarios(
            &rt,
            &client,
            &server.url,
            server.pid(),
            &url,
            &slug,
            &ids,
            connections,
            seconds,
        );
        print_table(&rows);
        for line in ratios {
            println!("{line}");
        }
        println!("app peak memory (VmHWM): {app_peak:.1} MB");
        drop(server);
        drop(cluster.take());
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }

    // Copies of the demo drive: a 500-person roster, donor lists of 10 000 and
    // 100 000, and one slot of 100 seats to race for.
    let seeding = Instant::now();
    let roster_drive = seed::copy_drive(&mut conn, &slug, "bench-roster", 100, 20).expect("drive");
    seed::add_registrations(&mut conn, roster_drive, ROSTER_ROWS, "RA", "800001").expect("roster");
    for (slug_of, rows, tag, nips) in [
        ("bench-export-10k", SMALL_EXPORT, "RB", "800002"),
        ("bench-export-100k", LARGE_EXPORT, "RC", "800003"),
    ] {
        let drive = seed::copy_drive(&mut conn, &slug, slug_of, 100, 20).expect("drive");
        seed::add_registrations(&mut conn, drive, rows as i32, tag, nips).expect("rows");
    }
    seed::copy_drive(&mut conn, &slug, "bench-race", 1, 100).expect("race drive");
    stations::seed(&mut conn, &slug);
    let race_slot = faults::first_slot(&mut conn, "bench-race");
    // Planner statistics for the bulk rows, as a database that grew over weeks
    // has them (autovacuum would only get there a minute after the insert).
    diesel::sql_query("ANALYZE")
        .execute(&mut conn)
        .expect("analyze");
    eprintln!(
        "seeded {} registrations in {:.1} s",
        ROSTER_ROWS as usize + SMALL_EXPORT + LARGE_EXPORT,
        seeding.elapsed().as_secs_f64()
    );
    server::add_staff_user(&url, "bench-pmi", "pmi");
    server::add_staff_user(&url, "bench-organizer", "organizer");
    for name in ["bench-reception", "bench-screening", "bench-bed"] {
        server::add_staff_user(&url, name, "pmi");
    }

    let server = start_server(&url);
    let base = server.url.clone();
    let pid = server.pid();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut rows = Vec::new();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .expect("client");

    if std::env::var("BENCH_ONLY").is_ok_and(|v| v == "stations") {
        let pmi = rt.block_on(server::signed_in(&base, "bench-pmi", connections));
        let rows = stations::scenario(&rt, &mut conn, &base, &pmi, seconds);
        print_table(&rows);
        return;
    }

    let (ratio_rows, ratios, app_peak) = ratio_scenarios(
        &rt,
        &client,
        &base,
        pid,
        &url,
        &slug,
        &ids,
        connections,
        seconds,
    );
    rows.extend(ratio_rows);

    // The PMI roster of 500 registrations, signed in as a coordinator: one
    // person at a time (the target), then under the same load as above.
    let pmi = rt.block_on(server::signed_in(&base, "bench-pmi", connections));
    let roster_url = format!("{base}/pmi/drives/bench-roster/roster");
    rt.block_on(async {
        for _ in 0..20 {
            let _ = pmi.get(&roster_url).send().await;
        }
    });
    for (label, workers) in [
        ("GET /pmi/drives/{slug}/roster, 500 rows, 1 conn", 1),
        ("GET /pmi/drives/{slug}/roster, 500 rows", connections),
    ] {
        let (c, u) = (pmi.clone(), roster_url.clone());
        rows.push(rt.block_on(load(label, workers, seconds, move |_, _| {
            let (c, u) = (c.clone(), u.clone());
            async move {
                match c.get(u).send().await {
                    // The whole page, not just its first bytes.
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                }
            }
        })));
    }

    // The day as stations: three coordinators, 200 donors; then the screening
    // queue page of the 500-registration drive with 250 waiting.
    rows.extend(stations::scenario(&rt, &mut conn, &base, &pmi, seconds));

    // The same transaction, straight in pgbench.
    diesel::sql_query("CREATE SEQUENCE IF NOT EXISTS bench_seq START 100000000")
        .execute(&mut conn)
        .expect("seq");
    let script = dir.join("booking.sql");
    std::fs::File::create(&script)
        .and_then(|mut f| f.write_all(PGBENCH_SCRIPT.as_bytes()))
        .expect("script");
    let pgbench = find_bindir()
        .map(|b| b.join("pgbench"))
        .unwrap_or_else(|| PathBuf::from("pgbench"));
    let out = Command::new(pgbench)
        .args([
            "-n",
            "-c",
            &connections.to_string(),
            "-j",
            "2",
            "-T",
            &seconds.to_string(),
            "-f",
        ])
        .arg(&script)
        .args([
            "-D",
            &format!("slot={}", ids.slot),
            "-D",
            &format!("drive={}", ids.drive),
        ])
        .arg(&url)
        .output()
        .expect("pgbench");
    let pgbench_text = String::from_utf8_lossy(&out.stdout);
    let tps = pgbench_text
        .lines()
        .find(|l| l.starts_with("tps"))
        .unwrap_or("tps = ? (pgbench failed)")
        .to_owned();

    drop(server);

    // Exports, each from a fresh app process so its peak memory is the export's.
    let mut export_runs = Vec::new();
    for (slug_of, rows_in) in [
        ("bench-export-10k", SMALL_EXPORT),
        ("bench-export-100k", LARGE_EXPORT),
    ] {
        for file in ["donors.csv", "donors.xlsx"] {
            export_runs.push(exports::measure(
                &rt,
                &url,
                "bench-organizer",
                slug_of,
                file,
                rows_in,
            ));
        }
    }

    // Three instances, 1 000 donors at once, 100 seats.
    let race = faults::race_for_seats(&rt, &url, "bench-race", race_slot, RACE_DONORS);

    // PostgreSQL killed under registration load, then started again.
    drop(conn);
    let crash = faults::crash_under_load(
        &rt,
        &mut cluster,
        &dir,
        &url,
        &slug,
        ids.slot,
        connections,
        (
            Duration::from_secs(3),
            Duration::from_secs(4),
            Duration::from_secs(5),
        ),
    );

    println!();
    println!(
        "blood-drive load harness — {connections} connections, {seconds} s per scenario, app + PostgreSQL + generator on this machine"
    );
    println!();
    println!("Ratios to the floor (same run, same generator, same database, pool 4):");
    for line in &ratios {
        println!("  {line}");
    }
    println!();
    print_table(&rows);
    println!();
    println!("pgbench, the booking transaction alone: {tps}");
    println!("app peak memory (VmHWM) over drive page + registrations: {app_peak:.1} MB");
    for run in &export_runs {
        println!("{}", run.line());
    }
    println!("{}", race.line());
    println!("{}", crash.line());
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    drop(cluster);
    let _ = std::fs::remove_dir_all(&dir);
    // Correctness is not a number to look at: a broken promise fails the run.
    assert!(
        export_runs.iter().all(exports::ExportRun::complete),
        "an export was incomplete"
    );
    assert!(
        race.ok(),
        "the seat race did not end with exactly 100 booked"
    );
    assert!(
        crash.ok(),
        "a confirmed registration was lost or check failed"
    );
}

/// The drive page and the registration API, each followed by its floor (the
/// same request on the bare stack, `floor.rs`), with the same generator,
/// `BENCH_ROUNDS` times (default 1, at most 10) interleaved, so a slow moment
/// of the machine falls on both sides: the rows, the ratio lines (each
/// round's and, over several rounds, the median and the pooled ratio: all the
/// app's requests over all the floor's) and the app's peak memory.
#[allow(clippy::too_many_arguments)]
fn ratio_scenarios(
    rt: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    base: &str,
    pid: u32,
    url: &str,
    slug: &str,
    ids: &Ids,
    connections: usize,
    seconds: u64,
) -> (Vec<Outcome>, Vec<String>, f64) {
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .clamp(1, 10);
    let floor = floor::start(url);
    let f = floor.url.clone();
    for target in [base, f.as_str()] {
        rt.block_on(async {
            for _ in 0..200 {
                let _ = client.get(format!("{target}/drives/{slug}")).send().await;
            }
        });
    }
    let mut rows = Vec::new();
    let mut page_ratios = Vec::new();
    let mut booking_ratios = Vec::new();
    let mut lines = Vec::new();
    for round in 0..rounds {
        let tag = if rounds > 1 {
            format!(" #{}", round + 1)
        } else {
            String::new()
        };
        let app_page = || {
            page_load(
                rt,
                client,
                base,
                slug,
                &format!("GET /drives/{{slug}} (drive page){tag}"),
                connections,
                seconds,
            )
        };
        let floor_page = || {
            page_load(
                rt,
                client,
                &f,
                slug,
                &format!("floor: GET /drives/{{slug}} (1 query, askama){tag}"),
                connections,
                seconds,
            )
        };

        // Registration through the JSON API: unique donors, full rule
        // evaluation, limits, booking transaction with its audit line.
        let (c, b, s, slot) = (client.clone(), base.to_owned(), slug.to_owned(), ids.slot);
        let app_booking = || {
            rt.block_on(load(
            &format!("POST /api/v1/drives/{{slug}}/registrations{tag}"),
            connections,
            seconds,
            {
            let (c, b, s) = (c.clone(), b.clone(), s.clone());
            move |worker, i| {
                let n = round * 800_000 + worker * 25_000 + i;
                let body = serde_json::json!({
                    "employee_type": "pns", "nip": nip_for(n), "full_name": "Peserta Uji",
                    "work_unit": "KANIM-KUPANG", "phone": "081234567890", "weight_kg": 60,
                    "slot_id": slot.to_string(),
                });
                let (c, url) = (c.clone(), format!("{b}/api/v1/drives/{s}/registrations"));
                async move {
                    matches!(c.post(url).json(&body).send().await, Ok(r) if r.status().as_u16() == 201)
                }
            }
            },
        ))
        };
        let (c, fu, drive, slot) = (client.clone(), f.clone(), ids.drive, ids.slot);
        let floor_booking = || {
            rt.block_on(load(
            &format!("floor: POST /book (donor, seat, registration; 1 tx){tag}"),
            connections,
            seconds,
            {
            let (c, fu) = (c.clone(), fu.clone());
            move |worker, i| {
                let body = serde_json::json!({
                    "nip": nip_for(9_000_000 + round * 800_000 + worker * 25_000 + i),
                    "drive_id": drive, "slot_id": slot,
                });
                let (c, url) = (c.clone(), format!("{fu}/book"));
                async move {
                    matches!(c.post(url).json(&body).send().await, Ok(r) if r.status().as_u16() == 201)
                }
            }
            },
        ))
        };
        // Every other round the floor goes first: whatever the one before
        // leaves behind (autovacuum, a checkpoint) falls on both sides.
        let ((app_page, floor_page), (app_booking, floor_booking)) = if round % 2 == 0 {
            let page = (app_page(), floor_page());
            (page, (app_booking(), floor_booking()))
        } else {
            let page = floor_page();
            let page = (app_page(), page);
            let booking = floor_booking();
            (page, (app_booking(), booking))
        };
        lines.push(ratio_line(
            &format!("drive page{tag}"),
            &app_page,
            &floor_page,
        ));
        lines.push(ratio_line(
            &format!("registration{tag}"),
            &app_booking,
            &floor_booking,
        ));
        page_ratios.push(rate(&app_page) / rate(&floor_page));
        booking_ratios.push(rate(&app_booking) / rate(&floor_booking));
        rows.extend([app_page, floor_page, app_booking, floor_booking]);
    }
    let app_peak = memory_mb(pid, "VmHWM");
    drop(floor);
    if rounds > 1 {
        let pooled = |app: usize, floor: usize| {
            let total = |i: usize| -> f64 {
                rows.iter()
                    .skip(i)
                    .step_by(4)
                    .map(|o: &Outcome| o.requests as f64 / o.seconds)
                    .sum()
            };
            total(app) / total(floor)
        };
        lines.push(format!(
            "over {rounds} rounds: drive page {:.2} (median {:.2}), registration {:.2} (median {:.2}) of the floor",
            pooled(0, 1),
            median(&mut page_ratios),
            pooled(2, 3),
            median(&mut booking_ratios)
        ));
    }
    (rows, lines, app_peak)
}

fn rate(o: &Outcome) -> f64 {
    o.requests as f64 / o.seconds
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The drive page under load, at `base` (the app or its floor).
fn page_load(
    rt: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    base: &str,
    slug: &str,
    label: &str,
    connections: usize,
    seconds: u64,
) -> Outcome {
    let (c, b, s) = (client.clone(), base.to_owned(), slug.to_owned());
    rt.block_on(load(label, connections, seconds, move |_, _| {
        let (c, url) = (c.clone(), format!("{b}/drives/{s}"));
        async move { matches!(c.get(url).send().await, Ok(r) if r.status().is_success()) }
    }))
}

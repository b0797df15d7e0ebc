//! The day of the drive as stations, over HTTP: three coordinators, one per
//! station (reception, screening, the bed), process 200 donors at once, each
//! working their station's queue as the pages offer it. Reported: each save's
//! p50/p99, the station pages' p50, the wall time; and the screening queue
//! page of a 500-registration drive (250 waiting) on its own, one request at
//! a time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use tokio::sync::Mutex;

use super::server::{extract_csrf, signed_in};
use super::{Outcome, load};

pub const DONORS: i32 = 200;
const SLUG: &str = "bench-stations";

/// Latencies (µs) of one kind of request.
type Samples = Arc<Mutex<Vec<u64>>>;

async fn timed<T>(samples: &Samples, work: impl std::future::Future<Output = T>) -> T {
    let t = Instant::now();
    let out = work.await;
    samples.lock().await.push(t.elapsed().as_micros() as u64);
    out
}

fn called(html: &str, station: &str) -> Option<String> {
    let marker = format!("/stations/{station}/");
    let at = html.find(&marker)? + marker.len();
    html.get(at..at + 36).map(str::to_owned)
}

/// Seeds the stations' drive: a copy of the demo drive with `DONORS` booked.
pub fn seed(conn: &mut PgConnection, template: &str) {
    let drive = super::seed::copy_drive(conn, template, SLUG, 10, 40).expect("drive");
    super::seed::add_registrations(conn, drive, DONORS, "ST", "800009").expect("donors");
}

async fn reception(base: String, samples: (Samples, Samples)) -> usize {
    let c = signed_in(&base, "bench-reception", 2).await;
    let mut done = 0;
    for g in 1..=DONORS {
        let code = format!("ST{g:06}");
        let page = format!("{base}/pmi/drives/{SLUG}/checkin");
        let html = timed(&samples.0, async {
            let r = c.get(format!("{page}?code={code}")).send().await.ok()?;
            r.text().await.ok()
        })
        .await
        .unwrap_or_default();
        let csrf = extract_csrf(&html).unwrap_or_default();
        let ok = timed(&samples.1, async {
            let form = [
                ("csrf_token", csrf.as_str()),
                ("code", code.as_str()),
                ("fever_last_7_days", "no"),
                ("medication_last_3_days", "no"),
                ("slept_under_4_hours", "no"),
            ];
            matches!(c.post(&page).form(&form).send().await, Ok(r) if r.status().as_u16() == 303)
        })
        .await;
        done += usize::from(ok);
    }
    done
}

/// Works one calling station until `DONORS` are saved there (or time is up).
async fn caller(
    base: String,
    user: &'static str,
    station: &'static str,
    samples: (Samples, Samples),
) -> usize {
    let c = signed_in(&base, user, 2).await;
    let page = format!("{base}/pmi/drives/{SLUG}/stations/{station}");
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut done = 0usize;
    while done < DONORS as usize && Instant::now() < deadline {
        let html = timed(&samples.0, async {
            let r = c.get(&page).send().await.ok()?;
            r.text().await.ok()
        })
        .await
        .unwrap_or_default();
        let Some(id) = called(&html, station) else {
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        };
        let csrf = extract_csrf(&html).unwrap_or_default();
        let bag = format!("NTT-B-{done:05}");
        let form: Vec<(&str, &str)> = if station == "screening" {
            vec![
                ("csrf_token", &csrf),
                ("seen", "0"),
                ("weight_kg", "62"),
                ("hb_g_dl", "13.5"),
                ("systolic", "120"),
                ("diastolic", "80"),
                ("pulse", "72"),
                ("temperature_c", "36.7"),
                ("tested_group", "O+"),
                ("decision", ""),
            ]
        } else {
            vec![
                ("csrf_token", &csrf),
                ("bag_number", &bag),
                ("volume_ml", "350"),
                ("outcome", "complete"),
                ("reaction", "none"),
                ("notes", ""),
            ]
        };
        let ok = timed(&samples.1, async {
            matches!(c.post(format!("{page}/{id}")).form(&form).send().await,
                     Ok(r) if r.status().as_u16() == 303)
        })
        .await;
        done += usize::from(ok);
    }
    done
}

fn outcome(label: &str, samples: Vec<u64>, seconds: f64, errors: usize) -> Outcome {
    let mut latencies_us = samples;
    latencies_us.sort_unstable();
    Outcome {
        label: label.to_owned(),
        requests: latencies_us.len(),
        errors,
        seconds,
        latencies_us,
    }
}

/// Three coordinators, 200 donors; the rows for the report, and the wall time.
pub async fn three_coordinators(base: &str) -> (Vec<Outcome>, f64) {
    let s = || (Samples::default(), Samples::default());
    let (r, sc, bed) = (s(), s(), s());
    let started = Instant::now();
    let (arrived, screened, donated) = tokio::join!(
        reception(base.to_owned(), (r.0.clone(), r.1.clone())),
        caller(
            base.to_owned(),
            "bench-screening",
            "screening",
            (sc.0.clone(), sc.1.clone())
        ),
        caller(
            base.to_owned(),
            "bench-bed",
            "donation",
            (bed.0.clone(), bed.1.clone())
        ),
    );
    let wall = started.elapsed().as_secs_f64();
    let n = DONORS as usize;
    let take = |s: &Samples| s.try_lock().map(|v| v.clone()).unwrap_or_default();
    let rows = vec![
        outcome(
            "stations: reception, GET ?code= (card)",
            take(&r.0),
            wall,
            0,
        ),
        outcome(
            "stations: reception, save check-in",
            take(&r.1),
            wall,
            n - arrived,
        ),
        outcome(
            "stations: screening, GET station (queue + form)",
            take(&sc.0),
            wall,
            0,
        ),
        outcome("stations: screening, save", take(&sc.1), wall, n - screened),
        outcome(
            "stations: bed, GET station (queue + form)",
            take(&bed.0),
            wall,
            0,
        ),
        outcome(
            "stations: bed, save donation",
            take(&bed.1),
            wall,
            n - donated,
        ),
    ];
    (rows, wall)
}

/// The screening queue page of the 500-registration drive, 250 waiting.
pub fn fill_queue(conn: &mut PgConnection, roster_slug: &str) {
    diesel::sql_query(
        "UPDATE registrations r SET status = 'checked_in', \
                checked_in_at = now() - (r.age_years || ' minutes')::interval \
           FROM drives d \
          WHERE d.id = r.drive_id AND d.slug = $1 AND r.status = 'booked' \
            AND r.code < (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY code) \
                            FROM registrations WHERE drive_id = d.id)",
    )
    .bind::<diesel::sql_types::Text, _>(roster_slug)
    .execute(conn)
    .expect("checked in");
}

/// The whole station scenario: three coordinators and 200 donors, then the
/// screening queue page of the 500-registration drive (`bench-roster`) with
/// 250 waiting, one request at a time for `seconds`.
pub fn scenario(
    rt: &tokio::runtime::Runtime,
    conn: &mut PgConnection,
    base: &str,
    pmi: &reqwest::Client,
    seconds: u64,
) -> Vec<Outcome> {
    let (mut rows, wall) = rt.block_on(three_coordinators(base));
    println!(
        "stations: {DONORS} donors through reception, screening and the bed by three coordinators in {wall:.1} s"
    );
    fill_queue(conn, "bench-roster");
    let (c, u) = (
        pmi.clone(),
        format!("{base}/pmi/drives/bench-roster/stations/screening"),
    );
    rows.push(rt.block_on(load(
        "GET screening station, 500 rows (250 waiting), 1 conn",
        1,
        seconds,
        move |_, _| {
            let (c, u) = (c.clone(), u.clone());
            async move {
                match c.get(u).send().await {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    _ => false,
                }
            }
        },
    )));
    rows
}

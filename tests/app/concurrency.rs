//! Seats under contention: many registrations for one slot at once, one NIP
//! many times at once, and reschedules and cancellations racing each other.
//! Whatever the interleaving, the counter and the rows must agree.

use std::sync::Barrier;

use blood_drive::db::schema::{registrations, slots};
use blood_drive::store::registrations::{BookingError, cancel, reschedule};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};
use tokio::task::JoinSet;
use uuid::Uuid;

use crate::expect::assert_status;
use crate::fixtures::{OpenDrive, nip, open_drive, registration_body, set_capacity};
use crate::helpers::{TestApp, spawn_app_with};

/// Statuses that hold a seat (counted in `slots.booked` unless over capacity).
const SEATED: [&str; 5] = ["booked", "checked_in", "donated", "deferred", "no_show"];

/// Enough connections for the crowd; the slot's row lock is what serializes bookings.
async fn spawn_roomy_app() -> TestApp {
    spawn_app_with(|settings| settings.pool_size = 16).await
}

/// Posts every body at once; on `slot_full`, optionally asks for the waitlist.
async fn register_at_once(
    app: &TestApp,
    drive: &OpenDrive,
    bodies: Vec<Value>,
    waitlist_when_full: bool,
) -> Vec<(u16, Value)> {
    let url = app.url(&drive.registrations_path());
    let mut tasks = JoinSet::new();
    for body in bodies {
        let client = app.client.clone();
        let url = url.clone();
        tasks.spawn(async move {
            let post = |body: Value| {
                let client = client.clone();
                let url = url.clone();
                async move {
                    let res = client.post(url).json(&body).send().await.expect("POST");
                    let status = res.status().as_u16();
                    (status, res.json::<Value>().await.expect("json body"))
                }
            };
            let (status, answer) = post(body.clone()).await;
            if waitlist_when_full && status == 409 && answer["error"] == "slot_full" {
                let mut body = body;
                body["slot_id"] = json!("waitlist");
                return post(body).await;
            }
            (status, answer)
        });
    }
    let mut outcomes = Vec::new();
    while let Some(outcome) = tasks.join_next().await {
        outcomes.push(outcome.expect("task"));
    }
    outcomes
}

/// (the slot's counter, its capacity, rows holding one of its seats).
fn seats(conn: &mut PgConnection, slot: Uuid) -> (i32, i32, i64) {
    let (booked, capacity) = slots::table
        .find(slot)
        .select((slots::booked, slots::capacity))
        .first(conn)
        .expect("slot");
    let rows = registrations::table
        .filter(registrations::slot_id.eq(slot))
        .filter(registrations::status.eq_any(SEATED))
        .filter(registrations::over_capacity.eq(false))
        .count()
        .get_result(conn)
        .expect("rows");
    (booked, capacity, rows)
}

fn count_status(outcomes: &[(u16, Value)], status: u16, key: &str, value: &str) -> usize {
    outcomes
        .iter()
        .filter(|(s, body)| *s == status && body[key] == value)
        .count()
}

#[tokio::test]
async fn two_hundred_people_racing_for_ten_seats_book_exactly_ten() {
    let app = spawn_roomy_app().await;
    let drive = open_drive(&app);
    let slot = drive.slots[0];
    set_capacity(&mut app.conn(), slot, 10);
    let bodies = (0..200)
        .map(|n| registration_body(&nip(n), &slot.to_string()))
        .collect();

    let outcomes = register_at_once(&app, &drive, bodies, false).await;

    assert_eq!(count_status(&outcomes, 201, "status", "booked"), 10);
    assert_eq!(count_status(&outcomes, 409, "error", "slot_full"), 190);
    let mut conn = app.conn();
    assert_eq!(seats(&mut conn, slot), (10, 10, 10));
    let all: i64 = registrations::table
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(all, 10, "no registration without its seat");
}

#[tokio::test]
async fn those_who_miss_a_seat_can_take_the_waitlist_instead() {
    let app = spawn_roomy_app().await;
    let drive = open_drive(&app);
    let slot = drive.slots[0];
    set_capacity(&mut app.conn(), slot, 10);
    let bodies = (0..200)
        .map(|n| registration_body(&nip(n), &slot.to_string()))
        .collect();

    let outcomes = register_at_once(&app, &drive, bodies, true).await;

    assert_eq!(count_status(&outcomes, 201, "status", "booked"), 10);
    assert_eq!(count_status(&outcomes, 201, "status", "waitlisted"), 190);
    let mut conn = app.conn();
    assert_eq!(seats(&mut conn, slot), (10, 10, 10));
    let waitlisted: i64 = registrations::table
        .filter(registrations::status.eq("waitlisted"))
        .filter(registrations::slot_id.is_null())
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(waitlisted, 190);
}

#[tokio::test]
async fn one_nip_sent_twenty_times_at_once_registers_once() {
    let app = spawn_roomy_app().await;
    let drive = open_drive(&app);
    let slot = drive.slots[0];
    set_capacity(&mut app.conn(), slot, 10);
    let nip = nip(42);
    let bodies = (0..20)
        .map(|_| registration_body(&nip, &slot.to_string()))
        .collect();

    let outcomes = register_at_once(&app, &drive, bodies, false).await;

    assert_eq!(count_status(&outcomes, 201, "status", "booked"), 1);
    assert_eq!(count_status(&outcomes, 409, "error", "duplicate"), 19);
    let mut conn = app.conn();
    assert_eq!(seats(&mut conn, slot), (1, 10, 1));
    let all: i64 = registrations::table
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(all, 1);
}

/// Registers `count` people (from NIP number `first`) in `slot_id`; returns their ids.
async fn register_each(
    app: &TestApp,
    drive: &OpenDrive,
    first: u32,
    count: u32,
    slot_id: &str,
) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for n in first..first + count {
        let res = app
            .post_json(
                &drive.registrations_path(),
                &registration_body(&nip(n), slot_id),
            )
            .await;
        assert_status(&res, 201);
        let body: Value = res.json().await.expect("json");
        let code = body["code"].as_str().expect("code").to_owned();
        ids.push(
            registrations::table
                .filter(registrations::code.eq(code))
                .select(registrations::id)
                .first(&mut app.conn())
                .expect("registration"),
        );
    }
    ids
}

#[tokio::test]
async fn racing_reschedules_and_cancellations_never_overbook_nor_unseat_anyone() {
    let app = spawn_roomy_app().await;
    let drive = open_drive(&app);
    let (a, b) = (drive.slots[0], drive.slots[1]);
    {
        let mut conn = app.conn();
        set_capacity(&mut conn, a, 16);
        set_capacity(&mut conn, b, 16);
    }
    // 15 + 15 seated, one seat free in each slot, six people waiting.
    let mut donors: Vec<(Uuid, Uuid)> = Vec::new();
    for (first, slot) in [(0, a), (15, b)] {
        for id in register_each(&app, &drive, first, 15, &slot.to_string()).await {
            donors.push((id, slot));
        }
    }
    register_each(&app, &drive, 30, 6, "waitlist").await;
    let cancelling = 5;

    let database_url = app.database_url.clone();
    let barrier = Barrier::new(donors.len());
    let unexpected: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = donors
            .iter()
            .enumerate()
            .map(|(i, &(id, start))| {
                let (barrier, url) = (&barrier, &database_url);
                scope.spawn(move || {
                    let mut conn = PgConnection::establish(url).expect("connection");
                    let mut errors = Vec::new();
                    let mut at = start;
                    barrier.wait();
                    for _ in 0..6 {
                        let other = if at == a { b } else { a };
                        match reschedule(&mut conn, id, other) {
                            Ok(moved) => at = moved.to,
                            Err(BookingError::SlotFull) => {}
                            Err(e) => errors.push(format!("reschedule: {e:?}")),
                        }
                    }
                    if i < cancelling
                        && let Err(e) = cancel(&mut conn, id)
                    {
                        errors.push(format!("cancel: {e:?}"));
                    }
                    errors
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect()
    });
    assert!(unexpected.is_empty(), "{unexpected:?}");

    let mut conn = app.conn();
    for slot in [a, b] {
        let (booked, capacity, rows) = seats(&mut conn, slot);
        assert_eq!(i64::from(booked), rows, "counter and rows agree");
        assert!(booked <= capacity);
    }
    let kept: Vec<Uuid> = donors.iter().skip(cancelling).map(|d| d.0).collect();
    let still_seated: i64 = registrations::table
        .filter(registrations::id.eq_any(&kept))
        .filter(registrations::status.eq("booked"))
        .filter(registrations::slot_id.eq_any([a, b]))
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(still_seated, kept.len() as i64, "nobody lost their seat");
    let (seated_a, seated_b) = (seats(&mut conn, a).2, seats(&mut conn, b).2);
    let waiting: i64 = registrations::table
        .filter(registrations::status.eq("waitlisted"))
        .count()
        .get_result(&mut conn)
        .expect("count");
    assert_eq!(
        seated_a + seated_b + waiting,
        (donors.len() - cancelling + 6) as i64,
        "everyone not cancelled is seated or waiting"
    );
}

#[tokio::test]
async fn a_cancellation_promotes_the_longest_waiting_person_the_slot_fits() {
    let app = spawn_roomy_app().await;
    let drive = open_drive(&app);
    let (a, b) = (drive.slots[0], drive.slots[1]);
    set_capacity(&mut app.conn(), a, 1);
    let seated = register_each(&app, &drive, 0, 1, &a.to_string()).await[0];
    let waiting = register_each(&app, &drive, 1, 3, "waitlist").await;
    let mut conn = app.conn();
    let now = Utc::now();
    for (i, id) in waiting.iter().enumerate() {
        diesel::update(registrations::table.find(id))
            .set(registrations::waitlisted_at.eq(now - Duration::minutes(10 - i as i64)))
            .execute(&mut conn)
            .expect("waiting order");
    }
    // The longest waiting accepts only slot B.
    diesel::update(registrations::table.find(waiting[0]))
        .set(registrations::waitlist_slot_ids.eq(vec![Some(b)]))
        .execute(&mut conn)
        .expect("preference");

    let cancelled = cancel(&mut conn, seated).expect("cancel");

    assert_eq!(cancelled.promoted, Some(waiting[1]));
    let rows: Vec<(Uuid, String, Option<Uuid>)> = registrations::table
        .filter(registrations::id.eq_any(&waiting))
        .select((
            registrations::id,
            registrations::status,
            registrations::slot_id,
        ))
        .load(&mut conn)
        .expect("rows");
    for (id, status, slot) in rows {
        if id == waiting[1] {
            assert_eq!((status.as_str(), slot), ("booked", Some(a)));
        } else {
            assert_eq!((status.as_str(), slot), ("waitlisted", None));
        }
    }
    assert_eq!(seats(&mut conn, a), (1, 1, 1));
}

//! Three app instances on one PostgreSQL, as behind a load balancer: many
//! people registering at once for few seats never overbook, whichever instance
//! serves whom (the small version of the load harness's multi-instance run).

use blood_drive::db::schema::{registrations, slots};
use diesel::prelude::*;

use crate::fixtures::{nip, slot_ids, valid_fields};
use crate::helpers::{TestApp, extract_csrf, new_client, seed_demo, spawn_app, spawn_instance};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_and_150_people_for_20_seats_book_exactly_20() {
    let first = spawn_app().await;
    let slug = seed_demo(&first);
    let slot = slot_ids(&first)[0];
    first.execute(&format!(
        "UPDATE slots SET capacity = 20 WHERE id = '{slot}'"
    ));
    let instances = [
        first.address.clone(),
        spawn_instance(&first.database_url).await.address,
        spawn_instance(&first.database_url).await.address,
    ];

    let mut tasks = Vec::new();
    for person in 0..150u32 {
        let form_at = instances[person as usize % 3].clone();
        // The form comes from one instance and is posted to another: the CSRF
        // secret is shared, as it must be behind a load balancer.
        let post_to = instances[(person as usize + 1) % 3].clone();
        let slug = slug.clone();
        tasks.push(tokio::spawn(async move {
            let client = new_client();
            let path = format!("/drives/{slug}/register");
            let html = client
                .get(format!("{form_at}{path}"))
                .send()
                .await
                .expect("form")
                .text()
                .await
                .expect("body");
            let csrf = extract_csrf(&html).expect("csrf");
            let fields = valid_fields(&nip(person), &slot.to_string());
            let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            all.push(("csrf_token", &csrf));
            all.push(("step", "slot"));
            let body: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(all)
                .finish();
            client
                .post(format!("{post_to}{path}"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }));
    }
    let mut booked = 0;
    let mut full = 0;
    for t in tasks {
        match t.await.expect("task") {
            303 => booked += 1,
            409 => full += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((booked, full), (20, 130));

    let app: &TestApp = &first;
    let mut conn = app.conn();
    let counter: i32 = slots::table
        .find(slot)
        .select(slots::booked)
        .first(&mut conn)
        .expect("slot");
    let rows: i64 = registrations::table
        .filter(registrations::slot_id.eq(slot))
        .count()
        .get_result(&mut conn)
        .expect("rows");
    assert_eq!((counter, rows), (20, 20));
    assert_eq!(
        blood_drive::store::invariants::check_all(&mut conn).expect("check"),
        vec![]
    );
}

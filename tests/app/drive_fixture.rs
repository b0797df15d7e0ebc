//! An open drive with known slots, distinct valid NIPs and registration bodies,
//! for the API, concurrency and fuzz tests.

use blood_drive::db::schema::{drives, slots};
use blood_drive::store::drives::Drive;
use blood_drive::store::slots::Slot;
use chrono::{Duration, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, seed_demo};

pub struct OpenDrive {
    pub slug: String,
    pub id: Uuid,
    pub date: NaiveDate,
    /// The ten demo slots (six seats each), in time order.
    pub slots: Vec<Uuid>,
}

impl OpenDrive {
    pub fn registrations_path(&self) -> String {
        format!("/api/v1/drives/{}/registrations", self.slug)
    }
}

/// The demo drive, with registration open whatever today's date (the seed
/// closes it the evening before the drive).
pub fn open_drive(app: &TestApp) -> OpenDrive {
    let slug = seed_demo(app);
    let mut conn = app.conn();
    let now = Utc::now();
    diesel::update(drives::table.filter(drives::slug.eq(&slug)))
        .set((
            drives::registration_opens_at.eq(now - Duration::days(1)),
            drives::registration_closes_at.eq(now + Duration::days(1)),
        ))
        .execute(&mut conn)
        .expect("opening registration");
    let drive = Drive::find_by_slug(&mut conn, &slug).expect("drive");
    let slots = Slot::for_drive(&mut conn, drive.id)
        .expect("slots")
        .iter()
        .map(|s| s.id)
        .collect();
    OpenDrive {
        slug,
        id: drive.id,
        date: drive.drive_date,
        slots,
    }
}

pub fn set_capacity(conn: &mut PgConnection, slot: Uuid, capacity: i32) {
    diesel::update(slots::table.find(slot))
        .set(slots::capacity.eq(capacity))
        .execute(conn)
        .expect("setting capacity");
}

/// The `n`-th of many distinct valid NIPs (`n` < 19 980): born on 15 May of
/// 1980-1999, appointed in March at 21, both sexes, serial 001-999.
pub fn valid_nip(n: u32) -> String {
    let year = 1980 + (n / 999) % 20;
    let serial = n % 999 + 1;
    let sex = 1 + n % 2;
    format!("{year}0515{}03{sex}{serial:03}", year + 21)
}

/// A complete registration for `nip` in `slot_id` (a slot id or "waitlist").
pub fn registration_body(nip: &str, slot_id: &str) -> Value {
    json!({
        "full_name": "Maria Goreti Bria",
        "nip": nip,
        "employee_type": "pns",
        "work_unit": "KANIM-KUPANG",
        "phone": "0812 3456 7890",
        "weight_kg": 58.5,
        "donation_count": 2,
        "slot_id": slot_id,
    })
}

#[test]
fn generated_nips_are_distinct_and_valid() {
    let today = Utc::now().date_naive();
    let mut seen = std::collections::HashSet::new();
    for n in (0..19_980).step_by(7) {
        let nip = valid_nip(n);
        blood_drive::domain::identity::parse_nip(&nip, today)
            .unwrap_or_else(|e| panic!("{nip}: {e:?}"));
        assert!(seen.insert(nip));
    }
}

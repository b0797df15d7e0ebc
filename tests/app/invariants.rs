//! `blood-drive check` finds broken promises and says which.

use blood_drive::store::invariants::check_all;

use crate::fixtures::{nip, register, slot_ids, valid_fields};
use crate::helpers::{seed_demo, spawn_app};

#[tokio::test]
async fn a_healthy_drive_passes_and_a_wrong_counter_is_reported() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let slots = slot_ids(&app);
    register(&app, &slug, &valid_fields(&nip(1), &slots[0].to_string())).await;
    register(&app, &slug, &valid_fields(&nip(2), &slots[0].to_string())).await;
    let mut conn = app.conn();
    assert_eq!(check_all(&mut conn).expect("check"), vec![]);

    let bin = env!("CARGO_BIN_EXE_blood-drive");
    let ok = std::process::Command::new(bin)
        .arg("check")
        .env("DATABASE_URL", &app.database_url)
        .output()
        .expect("run check");
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("All invariants hold"));

    app.execute(&format!(
        "UPDATE slots SET booked = 1 WHERE id = '{}'",
        slots[0]
    ));
    let breaches = check_all(&mut conn).expect("check");
    assert_eq!(breaches.len(), 1);
    assert!(
        breaches[0].detail.contains("counter says 1 booked"),
        "{breaches:?}"
    );

    let bad = std::process::Command::new(bin)
        .arg("check")
        .env("DATABASE_URL", &app.database_url)
        .output()
        .expect("run check");
    assert!(!bad.status.success(), "non-zero exit on a breach");
    assert!(String::from_utf8_lossy(&bad.stdout).contains("slot counter equals"));
}

//! Erasure leaves nothing of the person behind (review #12, item 8): after an
//! organizer erases two donors — one who registered, was checked in, screened
//! with an override and gave blood, and one seated as a walk-in beyond
//! capacity — a full `pg_dump` of the database holds none of their names,
//! NIP/NIK, birth dates, phones, email, health answers, nor any free text the
//! coordinators typed about them. And the audit log never held answers or free
//! text in the first place.

use std::process::Command;

use blood_drive::db::embedded::find_bindir;
use blood_drive::db::schema::{audit_log, donors, registrations};
use blood_drive::domain::vocab::Role;
use blood_drive::i18n::Lang;
use diesel::prelude::*;
use uuid::Uuid;

use crate::expect::{assert_status_for, says, says_in};
use crate::fixtures::{register, slot_ids, valid_fields};
use crate::helpers::{TestApp, seed_demo, spawn_app};

// The donor who registers online: a woman (the NIP's 15th digit), born 1979-11-23.
const NAME: &str = "Rosalinda Kolo Manafe";
const NIP: &str = "197911232005012417";
const BIRTH: &str = "1979-11-23";
const PHONE_TYPED: &str = "0812 9988 7766";
const EMAIL: &str = "rosalinda.manafe77@example.id";
/// A health answer: the date of a tattoo.
const TATTOO: &str = "2017-02-14";
const OVERRIDE_REASON: &str = "Hb diulang di lengan kiri oleh dr. Welhelmina";
const NOTES: &str = "Pingsan ringan, diberi teh manis oleh Suster Agustina";

// The walk-in: a non-ASN woman by her NIK (day 23 + 40), born 1988-07-23.
const WALK_IN_NAME: &str = "Bernadeta Sinlae Taneo";
const NIK: &str = "5371016307884217";
const WALK_IN_BIRTH: &str = "1988-07-23";
const WALK_IN_PHONE_TYPED: &str = "0813 3771 2468";
const OVER_CAPACITY_REASON: &str = "Disetujui Kepala Seksi Fransiskus Lelan";

/// What must be gone after the erasure, wherever it was stored.
fn secrets() -> Vec<&'static str> {
    vec![
        NAME,
        "Manafe",
        NIP,
        BIRTH,
        // The phone as stored: +62 and the number without its leading 0.
        "81299887766",
        EMAIL,
        TATTOO,
        // The day-of answers' keys appear only where the answers are stored.
        "slept_under_4_hours",
        OVERRIDE_REASON,
        "Welhelmina",
        NOTES,
        "Agustina",
        WALK_IN_NAME,
        "Taneo",
        NIK,
        WALK_IN_BIRTH,
        "81337712468",
        OVER_CAPACITY_REASON,
        "Lelan",
    ]
}

struct Day {
    slug: String,
    /// The donor who registered, and their registration.
    donor: Uuid,
    registration: Uuid,
    /// The walk-in donor and registration.
    walk_in_donor: Uuid,
    walk_in: Uuid,
}

/// Registration, check-in, screening with an override, donation with notes,
/// and a walk-in over capacity, all through the pages.
async fn a_day_at_the_drive(app: &TestApp) -> Day {
    let slug = seed_demo(app);
    let slots = slot_ids(app);
    let mut fields = valid_fields(NIP, &slots[0].to_string());
    for (key, value) in fields.iter_mut() {
        match *key {
            "full_name" => *value = NAME.to_owned(),
            "phone" => *value = PHONE_TYPED.to_owned(),
            _ => {}
        }
    }
    fields.push(("email", EMAIL.to_owned()));
    fields.push(("tattoo_piercing_date", TATTOO.to_owned()));
    fields.push(("pregnant", "no".to_owned()));
    fields.push(("breastfeeding", "no".to_owned()));
    register(app, &slug, &fields).await;
    let (registration, donor, code): (Uuid, Uuid, String) = registrations::table
        .inner_join(donors::table)
        .filter(donors::nip.eq(NIP))
        .select((registrations::id, donors::id, registrations::code))
        .first(&mut app.conn())
        .expect("the registration");
    let answers: serde_json::Value = registrations::table
        .find(registration)
        .select(registrations::answers)
        .first(&mut app.conn())
        .expect("answers");
    assert_eq!(answers["tattoo_piercing_date"], TATTOO, "{answers}");

    let (pmi, _) = app.login_as(Role::Pmi).await;
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/drives/{slug}/checkin"),
            &[
                ("code", code.as_str()),
                ("fever_last_7_days", "no"),
                ("medication_last_3_days", "no"),
                ("slept_under_4_hours", "yes"),
            ],
        )
        .await;
    assert_status_for(&res, 303, "checked in");

    // Hb 12.4 suggests a deferral; the coordinator accepts, saying why.
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/registrations/{registration}/screening"),
            &[
                ("weight_kg", "62"),
                ("hb_g_dl", "12.4"),
                ("systolic", "120"),
                ("diastolic", "80"),
                ("pulse", "72"),
                ("temperature_c", "36.8"),
                ("decision", "accept"),
                ("override_reason", OVERRIDE_REASON),
            ],
        )
        .await;
    assert_status_for(&res, 303, "screened with an override");

    let res = pmi
        .post_with_csrf(
            &format!("/pmi/registrations/{registration}/donation"),
            &[
                ("bag_number", "NTT-4471"),
                ("volume_ml", "350"),
                ("outcome", "complete"),
                ("reaction", "mild"),
                ("notes", NOTES),
            ],
        )
        .await;
    assert_status_for(&res, 303, "donation recorded");

    let slot = slots[1].to_string();
    let res = pmi
        .post_with_csrf(
            &format!("/pmi/drives/{slug}/walk-in"),
            &[
                ("id_number", NIK),
                ("full_name", WALK_IN_NAME),
                ("work_unit", "KANIM-KUPANG"),
                ("phone", WALK_IN_PHONE_TYPED),
                ("weight_kg", "57"),
                ("slot_id", slot.as_str()),
                ("over_capacity", "yes"),
                ("over_capacity_reason", OVER_CAPACITY_REASON),
            ],
        )
        .await;
    assert_status_for(&res, 303, "walk-in seated");
    let (walk_in, walk_in_donor): (Uuid, Uuid) = registrations::table
        .inner_join(donors::table)
        .filter(donors::nik.eq(NIK))
        .select((registrations::id, donors::id))
        .first(&mut app.conn())
        .expect("the walk-in");

    Day {
        slug,
        donor,
        registration,
        walk_in_donor,
        walk_in,
    }
}

/// The whole database as plain SQL, the way a backup would hold it.
fn pg_dump(app: &TestApp) -> String {
    let bindir = find_bindir().expect("PostgreSQL binaries");
    let out = Command::new(bindir.join("pg_dump"))
        .args(["--format=plain", "--no-owner", "--dbname"])
        .arg(&app.database_url)
        .output()
        .expect("pg_dump");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the dump is UTF-8")
}

fn found_in(dump: &str) -> Vec<&'static str> {
    secrets().into_iter().filter(|s| dump.contains(s)).collect()
}

#[tokio::test]
async fn after_an_erasure_a_full_dump_holds_nothing_of_the_person() {
    let app = spawn_app().await;
    let day = a_day_at_the_drive(&app).await;

    // Before: the dump holds every one of them (the test sees what it looks for).
    let before = pg_dump(&app);
    assert_eq!(found_in(&before), secrets(), "the fixture stores them all");

    let (organizer, _) = app.login_as(Role::Organizer).await;
    for donor in [day.donor, day.walk_in_donor] {
        let res = organizer
            .post_with_csrf(
                &format!("/admin/donors/{donor}/erase"),
                &[("drive", day.slug.as_str()), ("confirm", "yes")],
            )
            .await;
        assert_status_for(&res, 303, "erased");
    }

    let after = pg_dump(&app);
    assert_eq!(
        found_in(&after),
        Vec::<&str>::new(),
        "left in the dump after the erasure"
    );
    // The rows stay for the counts: the bag and the walk-in are still there.
    assert!(after.contains("NTT-4471"));
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (status, page) = pmi
        .get_text(&format!("/pmi/registrations/{}", day.registration))
        .await;
    assert_eq!(status, 200, "an erased donor's card still opens");
    assert!(!page.contains(OVERRIDE_REASON));
    assert!(
        says(&page, "pmi-erased-text") || says_in(&page, Lang::En, "pmi-erased-text"),
        "the override stays, its words are gone"
    );
}

#[tokio::test]
async fn audit_details_hold_codes_and_flags_and_pmi_still_sees_its_reasons() {
    let app = spawn_app().await;
    let day = a_day_at_the_drive(&app).await;

    let lines: Vec<(String, serde_json::Value)> = audit_log::table
        .filter(audit_log::entity_id.eq_any([day.registration, day.walk_in]))
        .order(audit_log::id.asc())
        .select((audit_log::action, audit_log::details))
        .load(&mut app.conn())
        .expect("audit lines");
    let actions: Vec<&str> = lines.iter().map(|(a, _)| a.as_str()).collect();
    for expected in [
        "registration.create",
        "registration.check_in",
        "screening.record",
        "donation.record",
        "registration.walk_in",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    for (action, details) in &lines {
        let text = details.to_string();
        for key in ["day_of", "override_reason", "over_capacity_reason", "q"] {
            assert!(
                details.get(key).is_none(),
                "{action} stores {key:?}: {text}"
            );
        }
        for secret in secrets() {
            assert!(!text.contains(secret), "{action} stores {secret:?}: {text}");
        }
        // Only ids, codes, statuses, counts, enumerations and flags: no
        // string longer than a bag number or a timestamp.
        for value in details.as_object().expect("an object").values() {
            if let Some(s) = value.as_str() {
                assert!(s.len() <= 40, "{action}: free text? {s:?}");
            }
        }
    }
    let details_of = |action: &str| {
        lines
            .iter()
            .find(|(a, _)| a == action)
            .map(|(_, d)| d.clone())
            .expect("line")
    };
    let screening = details_of("screening.record");
    assert_eq!(screening["overridden"], true, "{screening}");
    assert_eq!(screening["suggested"], "defer");
    let walk_in = details_of("registration.walk_in");
    assert_eq!(walk_in["over_capacity"], true, "{walk_in}");

    // PMI still sees what it typed, read from where it is kept.
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let (status, page) = pmi
        .get_text(&format!("/pmi/registrations/{}", day.registration))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(OVERRIDE_REASON), "override reason shown");
    let (status, page) = pmi
        .get_text(&format!("/pmi/registrations/{}", day.walk_in))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains(OVER_CAPACITY_REASON),
        "over-capacity reason shown"
    );
}

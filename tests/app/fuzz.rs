//! Arbitrary input: the form parser and the registration checks never panic,
//! and the API never answers 5xx, whatever the body.

use blood_drive::domain::eligibility::{BagVolume, evaluate};
use blood_drive::domain::registration_input::{RegistrationInput, parse_donor_facts};
use blood_drive::domain::rule_set::RuleSet;
use blood_drive::registration::check_input;
use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

use crate::fixtures::{nip, open_drive, registration_body};
use crate::helpers::spawn_app;

/// Every field name a registration or self-check reads, and some it ignores.
const FIELDS: &[&str] = &[
    "full_name",
    "nip",
    "nik",
    "employee_type",
    "sex",
    "birth_date",
    "work_unit",
    "phone",
    "email",
    "blood_group",
    "rhesus",
    "weight_kg",
    "last_donation_date",
    "donation_count",
    "slot_id",
    "tattoo_piercing_date",
    "minor_surgery_date",
    "major_surgery_date",
    "tooth_extraction_date",
    "transfusion_date",
    "delivery_date",
    "malaria_recovery_date",
    "live_vaccine_date",
    "rabies_treatment_date",
    "pregnant",
    "breastfeeding",
    "permanent_condition",
    "fever_last_7_days",
    "medication_last_3_days",
    "slept_under_4_hours",
    "drive",
    "csrf_token",
    "step",
];

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(FIELDS).prop_map(str::to_owned),
        1 => ".{0,16}",
    ]
}

/// Text people (and attackers) type: anything, digits, dates, markup, SQL,
/// NUL, numbers that do not fit, and now and then something huge.
fn nasty_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => ".{0,40}",
        4 => "[0-9]{0,20}",
        4 => "[0-9 ./+-]{0,14}",
        2 => prop::sample::select(vec![
            "<script>alert(1)</script>",
            "'; DROP TABLE registrations; --",
            "\u{0}",
            "a\u{0}b",
            "waitlist",
            "ya",
            "tidak",
            "yes",
            "1985-03-12",
            "31-02-1985",
            "+262143-12-31",
            "-0001-01-01",
            "0000-00-00",
            "198503122010011002",
            "5371041203850001",
            "NaN",
            "inf",
            "1e308",
            "-55,5",
            "4294967296",
            "KANIM-KUPANG",
            "non_asn",
            "female",
            "AB",
            "negative",
        ])
        .prop_map(str::to_owned),
        1 => (0usize..100_000).prop_map(|n| "9".repeat(n)),
        1 => (0usize..20_000).prop_map(|n| "é\u{202e}".repeat(n)),
    ]
}

fn units() -> Vec<String> {
    vec!["KANIM-KUPANG".to_owned(), "LAPAS-KUPANG".to_owned()]
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2200, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a valid date"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_form_bodies_never_panic_the_registration_checks(
        pairs in prop::collection::vec((field_name(), nasty_text()), 0..40),
        raw in ".{0,300}",
        today in any_date(),
        drive_date in any_date(),
    ) {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        for body in [encoded, raw] {
            let Ok(input) = serde_urlencoded::from_str::<RegistrationInput>(&body) else {
                continue;
            };
            for require_answers in [true, false] {
                let _ = check_input(&units(), &input, today, require_answers);
            }
            if let Ok((facts, answers)) = parse_donor_facts(&input, today) {
                for bag in [BagVolume::Ml350, BagVolume::Ml450] {
                    let _ = evaluate(&RuleSet::default(), &facts, &answers, drive_date, bag);
                }
            }
        }
    }
}

/// A JSON scalar, mostly text.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        8 => nasty_text().prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What a field gets: mostly a scalar, sometimes any JSON.
fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![6 => scalar(), 1 => json_value()]
}

/// A body: an object of mostly real fields, a valid registration with some
/// fields replaced, any JSON value, or bytes that are not JSON at all.
fn body(slug: String, slot: String) -> impl Strategy<Value = Vec<u8>> {
    let object = prop::collection::btree_map(field_name(), field_value(), 0..30)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    let tampered = (
        0u32..19_000,
        prop::bool::ANY,
        prop::collection::vec((field_name(), field_value()), 0..4),
    )
        .prop_map(move |(n, waitlist, changes)| {
            let slot = if waitlist { "waitlist" } else { slot.as_str() };
            let mut body = registration_body(&nip(n), slot);
            body["drive"] = Value::String(slug.clone());
            for (key, value) in changes {
                body[key] = value;
            }
            body
        });
    prop_oneof![
        3 => object.prop_map(|v| v.to_string().into_bytes()),
        3 => tampered.prop_map(|v| v.to_string().into_bytes()),
        1 => json_value().prop_map(|v| v.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..200),
    ]
}

#[test]
fn arbitrary_json_never_makes_the_api_fail() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (app, drive) = runtime.block_on(async {
        let app = spawn_app().await;
        let drive = open_drive(&app);
        (app, drive)
    });
    let paths = [drive.registrations_path(), "/api/v1/eligibility".to_owned()];
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (
        body(drive.slug.clone(), drive.slots[0].to_string()),
        prop::sample::select(paths.to_vec()),
    );
    let result = runner.run(&strategy, |(bytes, path)| {
        let (status, text) = runtime.block_on(async {
            let res = app
                .client
                .post(app.url(&path))
                .header("content-type", "application/json")
                .body(bytes.clone())
                .send()
                .await
                .expect("POST");
            let status = res.status().as_u16();
            (status, res.text().await.expect("body"))
        });
        if status >= 500 {
            return Err(TestCaseError::fail(format!(
                "{path} answered {status} {text} to {}",
                String::from_utf8_lossy(&bytes)
            )));
        }
        let json: Result<Value, _> = serde_json::from_str(&text);
        prop_assert!(json.is_ok(), "{} {}: not JSON: {}", path, status, text);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

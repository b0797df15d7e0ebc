//! The self-check page: a verdict at the drive's date, nothing stored.

use crate::expect::assert_says;
use crate::helpers::{seed_demo, spawn_app};

fn answers() -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("birth_date", "1990-05-01".to_owned()),
        ("sex", "female".to_owned()),
        ("weight_kg", "50".to_owned()),
    ];
    for key in [
        "pregnant",
        "breastfeeding",
        "permanent_condition",
        "fever_last_7_days",
        "medication_last_3_days",
        "slept_under_4_hours",
    ] {
        f.push((key, "no".to_owned()));
    }
    f
}

async fn check(
    app: &crate::helpers::TestApp,
    fields: Vec<(&'static str, String)>,
) -> (u16, String) {
    let csrf = app.csrf_token("/eligibility").await;
    let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("csrf_token", &csrf));
    let res = app.post_form("/eligibility", &all).await;
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

#[tokio::test]
async fn an_eligible_person_is_invited_to_register() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let mut fields = answers();
    fields.push(("drive", slug.clone()));
    let (status, html) = check(&app, fields).await;
    assert_eq!(status, 200);
    assert_says(&html, "eligibility-verdict-eligible");
    assert!(html.contains(&format!("/drives/{slug}/register")));
}

#[tokio::test]
async fn a_deferral_is_computed_at_the_drive_date() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let mut fields = answers();
    fields.push(("drive", slug));
    // Gave birth 2026-08-01: six months later is 2027-02-01, after the drive.
    fields.push(("delivery_date", "2026-08-01".to_owned()));
    let (status, html) = check(&app, fields).await;
    assert_eq!(status, 200);
    assert_says(&html, "eligibility-verdict-deferred");
    assert!(html.contains("1 Februari 2027"), "{html}");
}

#[tokio::test]
async fn missing_answers_are_named_and_input_kept() {
    let app = spawn_app().await;
    let (status, html) = check(&app, vec![("weight_kg", "55,5".to_owned())]).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"birth_date-error\""));
    assert!(html.contains("id=\"fever_last_7_days-error\""));
    assert!(html.contains("value=\"55,5\""));
}

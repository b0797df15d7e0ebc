//! The report the head of office signs: its letterhead (set on the drive, else
//! the regional office), the signature block with names and NIPs, and PMI's
//! official figures saved, audited and shown beside ours with the difference.
//! Mistakes answer 422 with what was typed kept and nothing stored.

use std::collections::BTreeMap;

use blood_drive::domain::vocab::Role;
use blood_drive::i18n::Lang;
use diesel::RunQueryDsl;

use crate::expect::{assert_field_error, assert_says, assert_says_in, assert_status, html_escape};
use crate::fixtures::{RECORDED_SLUG, recorded_drive};
use crate::helpers::{TestApp, spawn_app};

const CHAIR_NIP: &str = "19850312 201001 1 002";
const HEAD_NIP: &str = "197003152000032001";

/// Every `data-k="..."` value of a page.
fn numbers_on(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let marker = "data-k=\"";
    let mut rest = html;
    while let Some(start) = rest.find(marker) {
        rest = &rest[start + marker.len()..];
        let end = rest.find('"').expect("attribute end");
        let key = rest[..end].to_owned();
        let text_start = rest.find('>').expect("tag end") + 1;
        let text_end = text_start + rest[text_start..].find('<').expect("text end");
        out.insert(key, rest[text_start..text_end].to_owned());
        rest = &rest[text_end..];
    }
    out
}

/// The fixture drive's form as stored, with `changes` on top.
fn drive_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", "Fixture drive"),
        ("drive_date", "2027-01-17"),
        ("time_zone", "Asia/Makassar"),
        ("venue", "Aula Kanwil"),
        ("partner", "PMI Provinsi NTT"),
        ("opens_at", "2026-12-01T08:00"),
        ("closes_at", "2027-01-16T08:00"),
        ("target_bags", "10"),
        ("bag_volume_ml", "350"),
        ("status", "open"),
        ("registration_mode", "staff_list"),
    ];
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        fields.push((name, value));
    }
    fields
}

#[derive(diesel::QueryableByName)]
struct Signs {
    #[diesel(sql_type = diesel::sql_types::Text)]
    office_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    chair_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    chair_nip: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    head_nip: String,
}

fn stored_signs(app: &TestApp) -> Signs {
    diesel::sql_query(format!(
        "SELECT office_name, chair_name, chair_nip, head_nip FROM drives WHERE slug = '{RECORDED_SLUG}'"
    ))
    .get_result(&mut app.conn())
    .expect("drive")
}

#[derive(diesel::QueryableByName)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(app: &TestApp, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<N>(&mut app.conn())
        .expect("count")
        .n
}

#[tokio::test]
async fn the_report_carries_the_letterhead_the_activity_and_the_signatures_set_on_the_drive() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let report = format!("/admin/drives/{RECORDED_SLUG}/report");

    // Nothing set, no regional office among the units: the committee heads
    // it, and the signature lines wait for a pen.
    let (status, html) = organizer.get_text(&report).await;
    assert_eq!(status, 200);
    assert_says(&html, "report-office-fallback");
    assert_says(&html, "report-sign-acknowledged");
    assert_says(&html, "report-sign-head");
    assert_says(&html, "report-sign-chair");
    assert!(html.contains("report-blank"), "a line to sign by hand");
    assert!(html.contains("Aula Kanwil") && html.contains("PMI Provinsi NTT"));
    assert!(
        html.contains("08.00–09.30 WITA"),
        "from the first slot to the last"
    );
    assert_says(&html, "report-pmi-none");

    // The regional office in the unit list heads it next.
    app.execute(
        "INSERT INTO work_units (code, name, kind) VALUES
           ('KANWIL', 'Kantor Wilayah Kementerian Hukum NTT', 'kanwil')",
    );
    let (_, html) = organizer.get_text(&report).await;
    assert!(html.contains("Kantor Wilayah Kementerian Hukum NTT"));

    // Set on the drive form: the office, its address, both signatories.
    let res = organizer
        .post_with_csrf(
            &format!("/admin/drives/{RECORDED_SLUG}"),
            &drive_form(&[
                ("office_name", "Kanwil Kemenkum Nusa Tenggara Timur"),
                ("office_address", "Jl. Palapa No. 12, Oebobo, Kupang"),
                ("chair_name", "Maria Goreti Fanggidae"),
                ("chair_nip", CHAIR_NIP),
                ("head_name", "Dr. Yohanis Kolo, S.H."),
                ("head_nip", HEAD_NIP),
            ]),
        )
        .await;
    assert_status(&res, 303);
    let stored = stored_signs(&app);
    assert_eq!(
        stored.chair_nip, "198503122010011002",
        "stored as its digits"
    );
    assert_eq!(stored.head_nip, HEAD_NIP);

    let (_, html) = organizer.get_text(&report).await;
    for text in [
        "Kanwil Kemenkum Nusa Tenggara Timur",
        "Jl. Palapa No. 12, Oebobo, Kupang",
        "Maria Goreti Fanggidae",
        "NIP 19850312 201001 1 002",
        "Dr. Yohanis Kolo, S.H.",
        "NIP 19700315 200003 2 001",
    ] {
        assert!(
            html.contains(&html_escape(text)),
            "the report shows {text:?}"
        );
    }
    assert!(!html.contains("Kantor Wilayah Kementerian Hukum NTT"));
    // The head of office signs on the left, the chair on the right.
    assert!(html.find("Yohanis Kolo") < html.find("Maria Goreti"));

    // The edit form shows the NIP as printed on documents.
    let (_, edit) = organizer
        .get_text(&format!("/admin/drives/{RECORDED_SLUG}"))
        .await;
    assert!(edit.contains(&format!("value=\"{CHAIR_NIP}\"")));

    // In English.
    organizer.get("/lang/en?next=/").await;
    let (_, html) = organizer.get_text(&report).await;
    assert_says_in(&html, Lang::En, "report-sign-acknowledged");
    assert_says_in(&html, Lang::En, "report-sign-chair");
    assert_says_in(&html, Lang::En, "report-heading");
}

#[tokio::test]
async fn a_bad_nip_or_an_overlong_office_is_refused_with_what_was_typed_kept() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let long = "K".repeat(201);
    for (field, value) in [
        ("chair_nip", "12345"),
        ("head_nip", "19850312 201001 3 002"),
        ("chair_nip", "-19850312201001100"),
        ("office_name", long.as_str()),
    ] {
        let res = organizer
            .post_with_csrf(
                &format!("/admin/drives/{RECORDED_SLUG}"),
                &drive_form(&[("chair_name", "Maria Goreti Fanggidae"), (field, value)]),
            )
            .await;
        assert_status(&res, 422);
        let html = res.text().await.expect("page");
        assert_field_error(&html, field);
        assert!(
            html.contains(&format!("value=\"{}\"", html_escape(value))),
            "{field}: what was typed is kept"
        );
        assert!(html.contains("value=\"Maria Goreti Fanggidae\""));
        let stored = stored_signs(&app);
        assert_eq!(stored.chair_name, "", "nothing half-written");
        assert_eq!(stored.office_name, "");
    }
}

#[tokio::test]
async fn pmi_figures_are_saved_audited_and_shown_beside_ours_with_the_difference() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let (organizer, _) = app.login_as(Role::Organizer).await;
    organizer.get("/lang/en?next=/").await;
    let report = format!("/admin/drives/{RECORDED_SLUG}/report");
    let post = format!("/admin/drives/{RECORDED_SLUG}/pmi-figures");

    // Ours: 5 bags, A 3, O 2 (one rhesus negative). PMI received 6: one O more.
    let res = organizer
        .post_with_csrf(
            &post,
            &[
                ("bags_total", "6"),
                ("group_a", "3"),
                ("group_b", "0"),
                ("group_ab", "0"),
                ("group_o", "3"),
                ("rh_negative", "1"),
            ],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(
        res.headers()["location"],
        format!("/admin/drives/{RECORDED_SLUG}/report?saved=1#pmi")
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM drive_pmi_figures WHERE bags_total = 6 AND group_o = 3"
        ),
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM audit_log WHERE action = 'drive.pmi_figures'
               AND details->>'bags_total' = '6'"
        ),
        1,
        "the save is audited"
    );

    let (status, html) = organizer.get_text(&format!("{report}?saved=1")).await;
    assert_eq!(status, 200);
    assert_says_in(&html, Lang::En, "report-pmi-saved");
    let n = numbers_on(&html);
    let get = |k: &str| n.get(k).map(String::as_str);
    assert_eq!(get("blood_groups/total/bags"), Some("5"), "ours");
    assert_eq!(get("pmi/total/pmi"), Some("6"));
    assert_eq!(get("pmi/total/difference"), Some("+1"));
    assert_eq!(get("pmi/A/pmi"), Some("3"));
    assert_eq!(get("pmi/A/difference"), Some("0"));
    assert_eq!(get("pmi/O/difference"), Some("+1"));
    assert_eq!(get("pmi/rh_negative/ours"), Some("1"));
    assert_eq!(get("pmi/rh_negative/pmi"), Some("1"));
    assert_says_in(&html, Lang::En, "report-pmi-more");
    // The form shows what is stored.
    assert!(html.contains("id=\"bags_total\" name=\"bags_total\" value=\"6\""));

    // Corrected: the line is replaced, both saves audited; now they match.
    let res = organizer
        .post_with_csrf(
            &post,
            &[
                ("bags_total", "5"),
                ("group_a", "3"),
                ("group_b", "0"),
                ("group_ab", "0"),
                ("group_o", "2"),
            ],
        )
        .await;
    assert_status(&res, 303);
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM drive_pmi_figures"),
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM audit_log WHERE action = 'drive.pmi_figures'"
        ),
        2
    );
    let (_, html) = organizer.get_text(&report).await;
    assert_says_in(&html, Lang::En, "report-pmi-match");
    assert_eq!(
        numbers_on(&html)
            .get("pmi/O/difference")
            .map(String::as_str),
        Some("0")
    );

    // A total alone: said in words under the table, fewer than ours.
    let res = organizer
        .post_with_csrf(&post, &[("bags_total", "4")])
        .await;
    assert_status(&res, 303);
    let (_, html) = organizer.get_text(&report).await;
    let n = numbers_on(&html);
    assert_eq!(n.get("pmi/total/pmi").map(String::as_str), Some("4"));
    assert_eq!(
        n.get("pmi/total/difference").map(String::as_str),
        Some("−1")
    );
    assert!(
        !n.contains_key("pmi/A/pmi"),
        "no group columns without PMI's groups"
    );
    assert_says_in(&html, Lang::En, "report-pmi-fewer");
}

#[tokio::test]
async fn wrong_pmi_figures_are_refused_with_what_was_typed_kept_and_nothing_stored() {
    let app = spawn_app().await;
    recorded_drive(&app);
    let (organizer, _) = app.login_as(Role::Organizer).await;
    let post = format!("/admin/drives/{RECORDED_SLUG}/pmi-figures");
    let huge = "9".repeat(5000);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("bags_total", "-3")], "bags_total"),
        (vec![("bags_total", "")], "bags_total"),
        (vec![("bags_total", "1.000")], "bags_total"),
        (vec![("bags_total", "=1+1")], "bags_total"),
        (vec![("bags_total", "100001")], "bags_total"),
        (vec![("bags_total", huge.as_str())], "bags_total"),
        (vec![("bags_total", "5"), ("group_a", "-1")], "group_a"),
        (vec![("bags_total", "5"), ("group_a", "5")], "group_b"),
        (
            vec![
                ("bags_total", "5"),
                ("group_a", "1"),
                ("group_b", "1"),
                ("group_ab", "1"),
                ("group_o", "1"),
            ],
            "group_a",
        ),
        (
            vec![("bags_total", "5"), ("rh_negative", "6")],
            "rh_negative",
        ),
    ];
    for (fields, wrong) in cases {
        let res = organizer.post_with_csrf(&post, &fields).await;
        assert_status(&res, 422);
        let html = res.text().await.expect("page");
        assert_field_error(&html, wrong);
        for (name, value) in &fields {
            assert!(
                html.contains(&format!(
                    "id=\"{name}\" name=\"{name}\" value=\"{}\"",
                    html_escape(value)
                )),
                "{name}: {value:?} is kept"
            );
        }
        assert_says(&html, "report-heading");
    }
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM drive_pmi_figures"),
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM audit_log WHERE action = 'drive.pmi_figures'"
        ),
        0
    );

    // Another drive's address, or none: not found, nothing stored.
    for path in [
        "/admin/drives/no-such-drive/pmi-figures",
        "/admin/drives/fixture%2Ddrive%00/pmi-figures",
    ] {
        let res = organizer.post_with_csrf(path, &[("bags_total", "5")]).await;
        assert_status(&res, 404);
    }
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM drive_pmi_figures"),
        0
    );

    // A PMI coordinator may not type the office's figures.
    let (pmi, _) = app.login_as(Role::Pmi).await;
    let res = pmi.post_with_csrf(&post, &[("bags_total", "5")]).await;
    assert_status(&res, 403);
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM drive_pmi_figures"),
        0
    );
}

//! The report the head of office signs, in a real browser: an organizer sets
//! the letterhead and the signatories, types PMI's official figures, and the
//! report prints on exactly one A4 page, in Indonesian and in English.

use blood_drive::domain::vocab::Role;
use fantoccini::wd::PrintConfiguration;

use super::{Browser, DESKTOP, PHONE};
use crate::fixtures::{RECORDED_SLUG, recorded_drive};
use crate::helpers::{TestApp, spawn_app};

/// Pages of a PDF: its `/Type /Page` objects (not the `/Type /Pages` tree).
fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count()
}

/// Prints the page as Chromium would to A4 (WebDriver's print command) and
/// keeps the PDF beside the screenshots; returns its page count.
async fn print_pages(b: &Browser, name: &str) -> usize {
    let config = PrintConfiguration::builder()
        .background(true)
        .shrink_to_fit(false)
        .build()
        .expect("print configuration");
    let pdf = b.client().print(config).await.expect("printing to PDF");
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let dir = super::screenshot_dir();
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(format!("{name}.pdf")), &pdf).expect("writing the PDF");
    pdf_pages(&pdf)
}

async fn sign_in(app: &TestApp, b: &mut Browser, username: &str) {
    let account = app.create_staff(username, Role::Organizer);
    b.visit("/login").await;
    b.fill("#username", &account.username).await;
    b.fill("#password", &account.password).await;
    b.follow("form[action=\"/login\"] button[type=submit]")
        .await;
    b.find("a[href=\"/admin/drives\"]").await;
}

#[tokio::test]
async fn the_signed_report_prints_on_one_a4_page_in_both_languages() {
    let app = spawn_app().await;
    recorded_drive(&app);
    // A Kanwil drive as it is: units with their long names, more invited
    // than the report lists.
    app.execute(
        "UPDATE work_units SET name = CASE code
             WHEN 'ALPHA' THEN 'Divisi Pelayanan Hukum Kantor Wilayah Kementerian Hukum NTT'
             WHEN 'BETA' THEN 'Lembaga Pemasyarakatan Kelas IIA Kupang'
             ELSE 'Rumah Tahanan Negara Kelas IIB Kefamenanu' END",
    );
    app.execute(
        "INSERT INTO work_units (code, name, kind, headcount) VALUES
           ('KANIM-KPG', 'Kantor Imigrasi Kelas I Tempat Pemeriksaan Imigrasi Kupang', 'kanim', 48),
           ('LPKA-KPG', 'Lembaga Pembinaan Khusus Anak Kelas I Kupang', 'lapas', 36),
           ('BAPAS-KPG', 'Balai Pemasyarakatan Kelas II Kupang', 'lapas', 24),
           ('RUPBASAN', 'Rumah Penyimpanan Benda Sitaan Negara Kelas I Kupang', 'lapas', 12)",
    );
    app.execute(&format!(
        "INSERT INTO drive_units (drive_id, work_unit_id)
         SELECT d.id, u.id FROM drives d, work_units u
         WHERE d.slug = '{RECORDED_SLUG}' AND u.code IN ('KANIM-KPG', 'LPKA-KPG', 'BAPAS-KPG', 'RUPBASAN')"
    ));
    let mut b = Browser::open(&app, DESKTOP, "id-ID,id").await;
    sign_in(&app, &mut b, "panitia-laporan").await;

    // The letterhead and the signatories, on the drive form.
    b.visit(&format!("/admin/drives/{RECORDED_SLUG}")).await;
    b.fill(
        "#office_name",
        "Kantor Wilayah Kementerian Hukum Nusa Tenggara Timur",
    )
    .await;
    b.fill(
        "#office_address",
        "Jl. Palapa No. 12, Oebobo, Kota Kupang, Nusa Tenggara Timur 85111",
    )
    .await;
    b.fill("#chair_name", "Maria Goreti Fanggidae, S.H., M.H.")
        .await;
    b.fill("#chair_nip", "19850312 201001 2 002").await;
    b.fill("#head_name", "Dr. Yohanis Kolo, S.H., M.Hum.").await;
    b.fill("#head_nip", "19700315 200003 1 001").await;
    b.check(Some("report-01-drive-form")).await;
    b.follow(&format!(
        "form[action=\"/admin/drives/{RECORDED_SLUG}\"] button[type=submit]"
    ))
    .await;
    b.find(".notice--ok").await;

    // PMI's figures after the drive: one O bag more than the committee counted.
    b.visit(&format!("/admin/drives/{RECORDED_SLUG}/report"))
        .await;
    for (field, value) in [
        ("#bags_total", "6"),
        ("#group_a", "3"),
        ("#group_b", "0"),
        ("#group_ab", "0"),
        ("#group_o", "3"),
        ("#rh_negative", "1"),
    ] {
        b.fill(field, value).await;
    }
    b.follow(&format!(
        "form[action=\"/admin/drives/{RECORDED_SLUG}/pmi-figures\"] button[type=submit]"
    ))
    .await;
    b.find(".notice--ok").await;
    // The letterhead is set in capitals, as Indonesian letterheads are.
    b.assert_text("KANTOR WILAYAH KEMENTERIAN HUKUM NUSA TENGGARA TIMUR")
        .await;
    b.assert_text("NIP 19850312 201001 2 002").await;
    b.assert_text("PMI mencatat 1 kantong lebih banyak daripada hitungan panitia.")
        .await;
    b.assert_text("Unit kerja lainnya ada di rekap Excel: 2.")
        .await;
    b.check(Some("report-02-id")).await;
    assert_eq!(
        print_pages(&b, "report-id").await,
        1,
        "the Indonesian report prints on one A4 page"
    );

    // In English.
    b.follow("a[hreflang=en]").await;
    b.assert_text("Acknowledged,").await;
    b.assert_text("PMI's total is 1 above the committee's count.")
        .await;
    b.check(Some("report-03-en")).await;
    assert_eq!(
        print_pages(&b, "report-en").await,
        1,
        "the English report prints on one A4 page"
    );
    b.assert_accessible("report-desktop");
    b.close().await;

    // On a phone the report reads without sideways scrolling.
    let mut b = Browser::open(&app, PHONE, "id-ID,id").await;
    sign_in(&app, &mut b, "panitia-ponsel").await;
    b.visit(&format!("/admin/drives/{RECORDED_SLUG}/report"))
        .await;
    b.check(Some("report-04-phone")).await;
    b.assert_accessible("report-phone");
    b.close().await;
}

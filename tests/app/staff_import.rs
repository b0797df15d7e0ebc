//! `blood-drive import-staff`: a staff list in CSV or XLSX, checked row by row,
//! imported all or nothing.

use std::process::{Command, Output};

use blood_drive::i18n::Lang;
use blood_drive::import::{FileError, read_table};
use diesel::prelude::*;

use crate::expect::{assert_says_in, assert_status_for};
use crate::helpers::{TestApp, scratch_dir, seed_demo, spawn_app};

fn import(app: &TestApp, file: &std::path::Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blood-drive"))
        .arg("import-staff")
        .arg(file)
        .args(["--lang", "en"])
        .args(extra)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("running blood-drive import-staff")
}

fn listed(app: &TestApp) -> i64 {
    blood_drive::store::staff_directory::count(&mut app.conn()).expect("count")
}

/// A valid, distinct NIP for each `i` (the shared generator).
fn nip(i: usize) -> String {
    crate::fixtures::nip(u32::try_from(i).expect("small index"))
}

fn write(name: &str, body: &[u8]) -> std::path::PathBuf {
    let path = scratch_dir(&format!("import-{}", uuid::Uuid::new_v4().simple())).join(name);
    std::fs::write(&path, body).expect("write");
    path
}

#[tokio::test]
async fn a_ten_thousand_row_list_is_imported_whole() {
    let app = spawn_app().await;
    seed_demo(&app);
    let units = ["KANIM-KUPANG", "LAPAS-KUPANG", "DIV-ADM", "RUTAN-SOE"];
    let mut csv = String::from("nip,name,unit,email,phone\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "{},Pegawai {i},{},pegawai{i}@kemenkum.go.id,0812{:08}\n",
            nip(i),
            units[i % units.len()],
            i
        ));
    }
    let file = write("staff.csv", csv.as_bytes());
    assert!(csv.len() < 5 * 1024 * 1024);
    let started = std::time::Instant::now();
    let out = import(&app, &file, &[]);
    let elapsed = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("import of 10000 rows took {elapsed:?} (command included)");
    assert!(String::from_utf8_lossy(&out.stdout).contains("10000 staff imported"));
    assert_eq!(listed(&app), 10_000);

    // A second import with one bad row changes nothing at all.
    let bad = csv.replacen(&nip(5), "12345", 1);
    let out = import(&app, &write("staff.csv", bad.as_bytes()), &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("row 7, column \"nip\""), "{stderr}");
    assert_says_in(&stderr, Lang::En, "import-refused");
    assert_eq!(listed(&app), 10_000);
}

#[tokio::test]
async fn each_kind_of_bad_input_is_refused_with_row_column_and_reason() {
    let app = spawn_app().await;
    seed_demo(&app);
    let good = format!("nip,name,unit\n{},Ana,KANIM-KUPANG\n", nip(1));
    assert!(
        import(&app, &write("ok.csv", good.as_bytes()), &[])
            .status
            .success()
    );
    assert_eq!(listed(&app), 1);

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "bad nip",
            format!(
                "nip,name,unit\n{},Ana,KANIM-KUPANG\n1985,Budi,KANIM-KUPANG\n",
                nip(2)
            )
            .into_bytes(),
            "row 3, column \"nip\"",
        ),
        (
            "duplicate row",
            format!(
                "nip,name,unit\n{0},Ana,KANIM-KUPANG\n{0},Ana,KANIM-KUPANG\n",
                nip(2)
            )
            .into_bytes(),
            "already on row 2",
        ),
        (
            "unknown unit",
            format!("nip,name,unit\n{},Ana,NOWHERE\n", nip(2)).into_bytes(),
            "No work unit has the code \"NOWHERE\"",
        ),
        (
            "wrong column",
            format!("nip,name,unit,salary\n{},Ana,KANIM-KUPANG,1\n", nip(2)).into_bytes(),
            "Unknown column \"salary\"",
        ),
        (
            "too large",
            vec![b'a'; 5 * 1024 * 1024 + 1],
            "larger than 5 MB",
        ),
        (
            "not csv or xlsx",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "neither a CSV",
        ),
    ];
    for (what, body, expected) in cases {
        let out = import(&app, &write("list.csv", &body), &[]);
        assert!(!out.status.success(), "{what}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{what}: {stderr}");
        assert_eq!(listed(&app), 1, "{what}: nothing written");
    }
}

#[tokio::test]
async fn an_xlsx_list_of_one_unit_replaces_only_that_unit() {
    let app = spawn_app().await;
    seed_demo(&app);
    let other = format!("nip,name,unit\n{},Ana,LAPAS-KUPANG\n", nip(1));
    assert!(
        import(&app, &write("other.csv", other.as_bytes()), &[])
            .status
            .success()
    );

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["NIP", "Nama", "HP"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for r in 1..=3u32 {
        sheet.write_string(r, 0, nip(r as usize + 10)).expect("nip");
        sheet.write_string(r, 1, format!("Staf {r}")).expect("name");
        sheet
            .write_string(r, 2, "+62 812 3456 7890")
            .expect("phone");
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    let out = import(
        &app,
        &write("kanim.xlsx", &bytes),
        &["--unit", "kanim-kupang"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(listed(&app), 4, "the other unit's entry stays");

    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let kanim = diesel::sql_query(
        "SELECT count(*) AS n FROM staff_directory s JOIN work_units u ON u.id = s.work_unit_id
         WHERE u.code = 'KANIM-KUPANG' AND s.phone = '+6281234567890'",
    )
    .get_result::<N>(&mut app.conn())
    .expect("count")
    .n;
    assert_eq!(kanim, 3);
}

#[tokio::test]
async fn each_invited_unit_gets_its_link_and_a_whatsapp_message() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let list = format!(
        "nip,name,unit\n{},Ana,KANIM-KUPANG\n{},Budi,KANIM-KUPANG\n",
        nip(1),
        nip(2)
    );
    assert!(
        import(&app, &write("list.csv", list.as_bytes()), &[])
            .status
            .success()
    );
    let (organizer, _) = app
        .login_as(blood_drive::domain::vocab::Role::Organizer)
        .await;
    organizer.get("/lang/en?next=/").await;
    let (status, html) = organizer
        .get_text(&format!("/admin/drives/{slug}/invitations"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("/drives/{slug}/register")));
    assert!(html.contains("Kantor Imigrasi Kelas I TPI Kupang"));
    assert!(html.contains("Staff on the imported list: 2"));
    assert!(html.contains("https://wa.me/?text="));
}

/// A multipart body with a file field and plain fields.
fn multipart(file_name: &str, file: &[u8], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "----blood-drive-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(browser: &TestApp, file: &[u8], fields: &[(&str, &str)]) -> (u16, String) {
    // The browser has its CSRF cookie from the form, and says where the post comes from.
    browser.csrf_token("/admin/units/import").await;
    let (content_type, body) = multipart("list.csv", file, fields);
    let res = browser
        .client
        .post(browser.url("/admin/units/import"))
        .header("content-type", content_type)
        .header("origin", browser.address.as_str())
        .body(body)
        .send()
        .await
        .expect("upload");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

#[tokio::test]
async fn the_upload_page_previews_explains_and_imports_all_or_nothing() {
    let app = spawn_app().await;
    seed_demo(&app);
    let (organizer, _) = app
        .login_as(blood_drive::domain::vocab::Role::Organizer)
        .await;
    organizer.get("/lang/en?next=/").await;
    let good = format!(
        "nip,name,unit\n{},Ana,KANIM-KUPANG\n{},Budi,LAPAS-KUPANG\n",
        nip(1),
        nip(2)
    );

    let (status, html) = upload(&organizer, good.as_bytes(), &[("action", "preview")]).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("All 2 rows are right"));
    assert!(html.contains(&nip(2)));
    assert_eq!(listed(&app), 0, "a preview saves nothing");

    let bad = format!(
        "{good}{},Ana again,KANIM-KUPANG\n123,Cici,NOWHERE\n",
        nip(1)
    );
    let (status, html) = upload(&organizer, bad.as_bytes(), &[("action", "import")]).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("<th scope=\"row\">4</th><td>nip</td><td>This NIP is already on row 2.</td>"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"row\">5</th><td>unit</td>"));
    assert_eq!(listed(&app), 0, "nothing half-written");

    let (status, html) = upload(
        &organizer,
        b"\x89PNG\r\n\x1a\n\0\0",
        &[("action", "import")],
    )
    .await;
    assert_eq!(status, 422);
    assert_says_in(&html, Lang::En, "import-error-not-csv-or-xlsx");
    let (status, _) = upload(
        &organizer,
        &vec![b'a'; 5 * 1024 * 1024 + 10],
        &[("action", "import")],
    )
    .await;
    assert_eq!(status, 413);

    let (status, html) = upload(&organizer, good.as_bytes(), &[("action", "import")]).await;
    assert_eq!(status, 200);
    assert!(html.contains("2 staff imported."));
    assert_eq!(listed(&app), 2);
}

// --- Hostile files -----------------------------------------------------------

/// The peak resident memory of this process so far, in KiB (`VmHWM`).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .expect("/proc/self/status")
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// A 5 KB workbook with cells at A1 and XFD1048576: read as a range, that is
/// 2^34 cells (calamine asked for 512 GiB and the process aborted).
fn corner_to_corner_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "nip").expect("A1");
    sheet
        .write_string(1_048_575, 16_383, "x")
        .expect("XFD1048576");
    book.save_to_buffer().expect("xlsx")
}

/// One part of a workbook made huge: an XML head, a unit repeated, a tail.
struct Bomb {
    part: &'static str,
    head: &'static str,
    unit: &'static str,
    tail: &'static str,
}

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";

/// A sheet of millions of rows of one cell.
const SHEET_BOMB: Bomb = Bomb {
    part: "xl/worksheets/sheet1.xml",
    head: "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>",
    unit: "<row><c><v>1</v></c></row>",
    tail: "</sheetData></worksheet>",
};

/// Millions of shared strings: calamine reads them all when it opens the book.
const STRINGS_BOMB: Bomb = Bomb {
    part: "xl/sharedStrings.xml",
    head: "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    unit: "<si><t>a</t></si>",
    tail: "</sst>",
};

/// A workbook one of whose parts unpacks to `mib` MiB, written and compressed
/// piece by piece (the test never holds the whole part). With `lie`, the
/// zip's index declares that part to be 1 000 bytes.
fn zip_bomb_xlsx(bomb: &Bomb, mib: usize, lie: bool) -> Vec<u8> {
    use std::io::Write;
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "nip").expect("A1");
    let genuine = book.save_to_buffer().expect("xlsx");
    let mut parts = zip::ZipArchive::new(std::io::Cursor::new(genuine)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..parts.len() {
        let part = parts.by_index_raw(i).expect("part");
        if part.name() != bomb.part {
            out.raw_copy_file(part).expect("copy");
        }
    }
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    out.start_file(bomb.part, options).expect("part");
    out.write_all(format!("{XML}{}", bomb.head).as_bytes())
        .expect("head");
    let chunk = bomb.unit.repeat((1 << 20) / bomb.unit.len());
    let mut written = 0;
    while written < mib << 20 {
        out.write_all(chunk.as_bytes()).expect("chunk");
        written += chunk.len();
    }
    out.write_all(bomb.tail.as_bytes()).expect("tail");
    let mut bytes = out.finish().expect("zip").into_inner();
    if lie {
        let mut patched = 0;
        let name = bomb.part.as_bytes();
        for p in 0..bytes.len().saturating_sub(46) {
            let u16_at = |b: &[u8], at: usize| usize::from(b[at]) | usize::from(b[at + 1]) << 8;
            // Central directory entry: size at 24, name length at 28, name at 46.
            if bytes[p..].starts_with(b"PK\x01\x02")
                && bytes[p + 46..].starts_with(name)
                && u16_at(&bytes, p + 28) == name.len()
            {
                bytes[p + 24..p + 28].copy_from_slice(&1000u32.to_le_bytes());
                patched += 1;
            }
            // Local header: size at 22, name length at 26, name at 30.
            if bytes[p..].starts_with(b"PK\x03\x04")
                && bytes[p + 30..].starts_with(name)
                && u16_at(&bytes, p + 26) == name.len()
            {
                bytes[p + 22..p + 26].copy_from_slice(&1000u32.to_le_bytes());
                patched += 1;
            }
        }
        assert!(patched >= 1, "the part's declared size is patched");
    }
    bytes
}

/// Bytes that look random (a fixed generator, so a failure can be replayed).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 56) as u8
        })
        .collect()
}

/// A zip that holds no workbook.
fn plain_zip() -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .expect("file");
    out.write_all(b"not a workbook").expect("write");
    out.finish().expect("zip").into_inner()
}

type Hostile = (&'static str, Vec<u8>, FileError, &'static str);

/// Each hostile file, the error `read_table` gives it and the English message
/// the page and the command show (made once: the zip bombs take a while).
fn hostile_files() -> &'static [Hostile] {
    static FILES: std::sync::OnceLock<Vec<Hostile>> = std::sync::OnceLock::new();
    FILES.get_or_init(make_hostile_files)
}

fn make_hostile_files() -> Vec<Hostile> {
    use blood_drive::import::FileError as E;
    let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nstream\n".to_vec();
    pdf.extend(noise(20_000, 7));
    let mut not_a_zip = b"PK\x03\x04".to_vec();
    not_a_zip.extend(noise(50_000, 3));
    let many_rows = format!("nip,name,unit\n{}", "1,a,B\n".repeat(60_000));
    vec![
        (
            "cells at A1 and XFD1048576",
            corner_to_corner_xlsx(),
            E::TooManyRows,
            "more than 50000 rows",
        ),
        (
            "a zip bomb",
            zip_bomb_xlsx(&SHEET_BOMB, 300, false),
            E::UnpackedTooLarge,
            "larger than 32 MB",
        ),
        (
            "a zip bomb that declares a small sheet",
            zip_bomb_xlsx(&SHEET_BOMB, 300, true),
            E::UnpackedTooLarge,
            "larger than 32 MB",
        ),
        (
            "a zip bomb of shared strings that declares a small part",
            zip_bomb_xlsx(&STRINGS_BOMB, 300, true),
            E::UnpackedTooLarge,
            "larger than 32 MB",
        ),
        (
            "a 4.9 MB line",
            vec![b'a'; 4_900_000],
            E::CellTooLong { row: 1 },
            "Row 1 has a cell longer than 1000 characters",
        ),
        (
            "a line of two million columns",
            "a,".repeat(2_000_000).into_bytes(),
            E::TooManyColumns { row: 1 },
            "Row 1 has more than 50 columns",
        ),
        (
            "60 000 rows",
            many_rows.into_bytes(),
            E::TooManyRows,
            "more than 50000 rows",
        ),
        (
            "random bytes",
            noise(100_000, 1),
            E::NotCsvOrXlsx,
            "neither a CSV",
        ),
        ("a renamed PDF", pdf, E::NotCsvOrXlsx, "neither a CSV"),
        (
            "random bytes after a zip signature",
            not_a_zip,
            E::NotCsvOrXlsx,
            "neither a CSV",
        ),
        (
            "a zip that is not a workbook",
            plain_zip(),
            E::NotCsvOrXlsx,
            "neither a CSV",
        ),
    ]
}

#[test]
fn read_table_refuses_each_hostile_file_in_bounded_memory() {
    for (what, bytes, expected, _) in hostile_files() {
        assert!(
            bytes.len() <= 5 * 1024 * 1024,
            "{what}: within the upload limit"
        );
        let before = peak_rss_kib();
        let got = read_table(bytes);
        let after = peak_rss_kib();
        eprintln!(
            "{what} ({} bytes): {got:?}; peak RSS {before} KiB -> {after} KiB (+{} KiB)",
            bytes.len(),
            after - before
        );
        assert_eq!(got, Err(expected.clone()), "{what}");
        // A safety bound, not a measurement: the explosive files once took
        // gigabytes (or aborted the process).
        assert!(
            after - before < 200 * 1024,
            "{what}: peak memory grew by {} KiB",
            after - before
        );
    }
}

#[tokio::test]
async fn the_command_refuses_each_hostile_file_with_its_reason() {
    let app = spawn_app().await;
    seed_demo(&app);
    for (what, bytes, _, message) in hostile_files() {
        let out = import(&app, &write("list.xlsx", bytes), &[]);
        assert!(!out.status.success(), "{what}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{what}: {stderr}");
    }
    assert_eq!(listed(&app), 0);
}

#[tokio::test]
async fn the_upload_page_refuses_each_hostile_file_and_keeps_serving() {
    let app = spawn_app().await;
    seed_demo(&app);
    let (organizer, _) = app
        .login_as(blood_drive::domain::vocab::Role::Organizer)
        .await;
    organizer.get("/lang/en?next=/").await;
    let files = hostile_files();
    let before = peak_rss_kib();
    for (what, bytes, _, message) in files {
        let (status, html) = upload(&organizer, bytes, &[("action", "import")]).await;
        assert_eq!(status, 422, "{what}: {html}");
        assert!(html.contains(message), "{what}: {html}");
        assert_status_for(
            &app.get("/healthz").await,
            200,
            format_args!("{what}: the server still answers"),
        );
    }
    // The server runs in this process: a measurement, printed (other tests run alongside).
    eprintln!(
        "uploads of the hostile files: peak RSS {before} KiB -> {} KiB",
        peak_rss_kib()
    );
    assert_eq!(listed(&app), 0);

    // The same refusal in Indonesian.
    organizer.get("/lang/id?next=/").await;
    let (status, html) = upload(&organizer, &corner_to_corner_xlsx(), &[]).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Berkas berisi lebih dari 50000 baris"),
        "{html}"
    );
}

#[tokio::test]
async fn an_upload_started_by_another_site_is_refused() {
    let app = spawn_app().await;
    seed_demo(&app);
    let (organizer, _) = app
        .login_as(blood_drive::domain::vocab::Role::Organizer)
        .await;
    let csrf = organizer.csrf_token("/admin/units/import").await;
    let file = b"nip,nama,unit\n";
    for (origin, fetch_site, query) in [
        (None, None, format!("?csrf_token={csrf}")),
        (Some("http://evil.example"), None, String::new()),
        (None, Some("cross-site"), String::new()),
        (None, Some("same-site"), String::new()),
    ] {
        let (content_type, body) = multipart("list.csv", file, &[("action", "check")]);
        let mut req = organizer
            .client
            .post(organizer.url(&format!("/admin/units/import{query}")))
            .header("content-type", content_type)
            .body(body);
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            req = req.header("sec-fetch-site", site);
        }
        let res = req.send().await.expect("upload");
        assert_status_for(&res, 403, format_args!("{origin:?} {fetch_site:?} {query}"));
    }
    let (status, _) = upload(&organizer, file, &[("action", "check")]).await;
    assert_ne!(status, 403, "from the site's own page it is read");
    let page = organizer.get_text("/admin/units/import").await.1;
    assert!(
        !page.contains("csrf_token="),
        "the form's address carries no token"
    );
}

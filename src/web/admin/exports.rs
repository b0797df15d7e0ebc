//! `/admin/drives/{slug}/exports/*`: counts (anonymous) and the donor list
//! (personal data: audited as `export.donors`). Files are never cached. The
//! donor CSV is streamed, so a list of any size costs the app one chunk of memory.
//! The rows come from the read replica while it keeps up (`web::with_read_conn`);
//! the audit line of a donor list goes to the primary in a transaction of its
//! own, before the rows are read.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::{Connection, PgConnection};

use crate::db::PgPool;
use crate::db::replica::ReadPool;
use crate::domain::audit_action::AuditAction;
use crate::error::AppError;
use crate::export::files::{ExportError, counts_csv};
use crate::export::roster::{DonorCsv, DonorXlsx};
use crate::export::workbook::counts_xlsx;
use crate::export::{Table, count_tables};
use crate::i18n::{I18n, Lang};
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::counts::drive_counts;
use crate::store::donor_list::{for_each_donor_batch, registration_count};
use crate::store::drives::Drive;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::csrf::NotCrossSite;
use crate::web::{with_conn, with_read_conn};

const CSV: &str = "text/csv; charset=utf-8";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl From<ExportError> for AppError {
    fn from(e: ExportError) -> Self {
        AppError::Internal(e.into())
    }
}

fn attachment(content_type: &str, file_name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(body)
}

async fn counts_tables(
    reads: &web::Data<ReadPool>,
    t: &I18n,
    slug: String,
) -> Result<(Drive, Vec<Table>), AppError> {
    let (drive, counts) = with_read_conn(reads, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let counts = drive_counts(conn, &drive)?;
        Ok((drive, counts))
    })
    .await?;
    let tables = count_tables(t, &drive, &counts);
    Ok((drive, tables))
}

/// `GET /admin/drives/{slug}/exports/counts.csv`
pub async fn counts_as_csv(
    req: HttpRequest,
    reads: web::Data<ReadPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let t = I18n::new(Lang::for_request(&req));
    let (drive, tables) = counts_tables(&reads, &t, slug.into_inner()).await?;
    let body = counts_csv(&tables)?;
    Ok(attachment(CSV, &format!("{}-counts.csv", drive.slug), body))
}

/// `GET /admin/drives/{slug}/exports/counts.xlsx`
pub async fn counts_as_xlsx(
    req: HttpRequest,
    reads: web::Data<ReadPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let t = I18n::new(Lang::for_request(&req));
    let (drive, tables) = counts_tables(&reads, &t, slug.into_inner()).await?;
    let body = counts_xlsx(&t, &drive, &tables, chrono::Utc::now())?;
    Ok(attachment(
        XLSX,
        &format!("{}-counts.xlsx", drive.slug),
        body,
    ))
}

/// Records the download of the donor list (personal data) before any row is
/// read: on the primary, in a transaction of its own.
fn audit_donor_export(
    conn: &mut PgConnection,
    by: uuid::Uuid,
    ip: Option<&str>,
    drive: &Drive,
    format: &str,
    rows: i64,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(by),
                action: AuditAction::ExportDonors,
                entity_type: "drive",
                entity_id: Some(drive.id),
                drive_id: Some(drive.id),
                details: serde_json::json!({ "format": format, "rows": rows }),
                ip,
            },
        )
    })?;
    Ok(())
}

/// The drive and how many rows its donor list has (from the replica while it
/// keeps up), then the audit line of the download (on the primary).
async fn drive_for_donor_list(
    pool: &web::Data<PgPool>,
    reads: &web::Data<ReadPool>,
    req: &HttpRequest,
    by: uuid::Uuid,
    slug: String,
    format: &'static str,
) -> Result<Drive, AppError> {
    let (drive, rows) = with_read_conn(reads, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let rows = registration_count(conn, drive.id)?;
        Ok((drive, rows))
    })
    .await?;
    let ip = client_ip(req);
    with_conn(pool, move |conn| {
        audit_donor_export(conn, by, ip.as_deref(), &drive, format, rows)?;
        Ok(drive)
    })
    .await
}

/// Chunks of a streamed file waiting for a slow reader; the reading thread
/// waits when they are all taken, so memory stays flat.
const CHUNKS_IN_FLIGHT: usize = 4;
/// Rows per chunk of a streamed CSV (about 200 KB).
const ROWS_PER_CHUNK: usize = 1000;

/// `GET /admin/drives/{slug}/exports/donors.csv`: streamed. The rows are read
/// in one query, row by row, on a blocking thread that holds one pooled read
/// connection (the replica's while it keeps up) until the file is done, and
/// pass through a bounded channel.
pub async fn donors_as_csv(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    reads: web::Data<ReadPool>,
    Organizer(me): Organizer,
    _: NotCrossSite,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let t = I18n::new(Lang::for_request(&req));
    let drive = drive_for_donor_list(&pool, &reads, &req, me.id, slug.into_inner(), "csv").await?;
    // Taken before the answer starts, so a database outage is still a 503.
    let mut conn = {
        let reads = reads.clone();
        web::block(move || reads.checkout()).await??.conn
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<web::Bytes, ExportError>>(CHUNKS_IN_FLIGHT);
    let csv = DonorCsv::new(t, &drive);
    let drive_id = drive.id;
    actix_web::rt::task::spawn_blocking(move || {
        let send = |chunk: Vec<u8>| {
            tx.blocking_send(Ok(web::Bytes::from(chunk)))
                .map_err(|_| ExportError::Cancelled)
        };
        let written = send(csv.header()?).and_then(|()| {
            for_each_donor_batch(&mut conn, drive_id, ROWS_PER_CHUNK, |rows| {
                send(csv.lines(rows)?)
            })
        });
        match written {
            Ok(_) | Err(ExportError::Cancelled) => {}
            Err(e) => {
                tracing::error!(error = %e, "donor list export failed midway");
                // The reader sees a broken download rather than a short file.
                let _ = tx.blocking_send(Err(e));
            }
        }
        Ok::<(), ExportError>(())
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, CSV))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}-donors.csv\"", drive.slug),
        ))
        .streaming(body))
}

/// `GET /admin/drives/{slug}/exports/donors.xlsx`: a workbook is a zip whose
/// index comes last, so it is finished before it is sent; the rows go into it
/// batch by batch (constant-memory mode), never all at once.
pub async fn donors_as_xlsx(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    reads: web::Data<ReadPool>,
    Organizer(me): Organizer,
    _: NotCrossSite,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let t = I18n::new(Lang::for_request(&req));
    let drive = drive_for_donor_list(&pool, &reads, &req, me.id, slug.into_inner(), "xlsx").await?;
    let (slug, body) = with_read_conn(&reads, move |conn| {
        let mut xlsx = DonorXlsx::new(&t, &drive)?;
        for_each_donor_batch(conn, drive.id, ROWS_PER_CHUNK, |rows| xlsx.append(rows))?;
        Ok((drive.slug.clone(), xlsx.finish()?))
    })
    .await?;
    Ok(attachment(XLSX, &format!("{slug}-donors.xlsx"), body))
}

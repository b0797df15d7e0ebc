//! `/admin/drives/{slug}/exports/*`: counts (anonymous) and the donor list
//! (personal data: audited as `export.donors`). Files are never cached.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::error::AppError;
use crate::export::files::{ExportError, counts_csv, table_csv, tables_xlsx};
use crate::export::roster::donor_table;
use crate::export::{Table, count_tables};
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::counts::drive_counts;
use crate::store::donor_list::donor_list;
use crate::store::drives::Drive;
use crate::web::auth::client_ip;
use crate::web::i18n::{I18n, Lang};
use crate::web::with_conn;

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
    pool: &web::Data<PgPool>,
    t: I18n,
    slug: String,
) -> Result<(Drive, Vec<Table>), AppError> {
    let (drive, counts) = with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let counts = drive_counts(conn, &drive)?;
        Ok((drive, counts))
    })
    .await?;
    let tables = count_tables(&t, &drive, &counts);
    Ok((drive, tables))
}

/// `GET /admin/drives/{slug}/exports/counts.csv`
pub async fn counts_as_csv(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let t = I18n::new(Lang::for_request(&req));
    let (drive, tables) = counts_tables(&pool, t, slug.into_inner()).await?;
    let body = counts_csv(&tables)?;
    Ok(attachment(CSV, &format!("{}-counts.csv", drive.slug), body))
}

/// `GET /admin/drives/{slug}/exports/counts.xlsx`
pub async fn counts_as_xlsx(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let t = I18n::new(Lang::for_request(&req));
    let (drive, tables) = counts_tables(&pool, t, slug.into_inner()).await?;
    let body = tables_xlsx(&tables, true)?;
    Ok(attachment(
        XLSX,
        &format!("{}-counts.xlsx", drive.slug),
        body,
    ))
}

#[derive(Clone, Copy)]
enum Format {
    Csv,
    Xlsx,
}

async fn donors(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    me: CurrentStaff,
    slug: String,
    format: Format,
) -> Result<HttpResponse, AppError> {
    let t = I18n::new(Lang::for_request(&req));
    let ip = client_ip(&req);
    let by = me.id;
    let format_name = match format {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    };
    let (drive, rows) = with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let rows = donor_list(conn, drive.id)?;
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(by),
                action: "export.donors",
                entity_type: "drive",
                entity_id: Some(drive.id),
                drive_id: Some(drive.id),
                details: serde_json::json!({ "format": format_name, "rows": rows.len() }),
                ip: ip.as_deref(),
            },
        )?;
        Ok((drive, rows))
    })
    .await?;
    let table = donor_table(&t, &drive, &rows);
    Ok(match format {
        Format::Csv => attachment(
            CSV,
            &format!("{}-donors.csv", drive.slug),
            table_csv(&table)?,
        ),
        Format::Xlsx => attachment(
            XLSX,
            &format!("{}-donors.xlsx", drive.slug),
            tables_xlsx(std::slice::from_ref(&table), false)?,
        ),
    })
}

/// `GET /admin/drives/{slug}/exports/donors.csv`
pub async fn donors_as_csv(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    me: CurrentStaff,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    donors(req, pool, me, slug.into_inner(), Format::Csv).await
}

/// `GET /admin/drives/{slug}/exports/donors.xlsx`
pub async fn donors_as_xlsx(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    me: CurrentStaff,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    donors(req, pool, me, slug.into_inner(), Format::Xlsx).await
}

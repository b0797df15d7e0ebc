//! `/admin/units/import`: upload a staff list (CSV or XLSX, at most 5 MB) and
//! see it checked row by row. "Preview" only checks; "Import" checks again and
//! saves every row, or nothing when any row is wrong.

use std::collections::HashSet;

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use futures_util::StreamExt;

use crate::db::PgPool;
use crate::error::AppError;
use crate::import::{FileError, MAX_FILE_BYTES, StaffRow, check_rows, read_table};
use crate::store::audit::Actor;
use crate::store::staff_directory;
use crate::store::units::WorkUnit;
use crate::web::access::Organizer;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

/// Rows shown in a preview.
const PREVIEW_ROWS: usize = 20;

pub struct ErrorLine {
    pub row: usize,
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "admin/staff_import.html")]
struct ImportPage {
    ctx: PageCtx,
    units: Vec<(String, String)>,
    unit: String,
    notice: Option<Notice>,
    errors: Vec<ErrorLine>,
    preview: Vec<StaffRow>,
    total: usize,
}

/// What the page shows after a request: a message, the rows' problems, or
/// the rows themselves.
struct Outcome {
    status: StatusCode,
    notice: Option<Notice>,
    errors: Vec<ErrorLine>,
    rows: Vec<StaffRow>,
}

impl Outcome {
    fn plain() -> Self {
        Outcome {
            status: StatusCode::OK,
            notice: None,
            errors: Vec::new(),
            rows: Vec::new(),
        }
    }

    fn refused(status: StatusCode, text: String) -> Self {
        Outcome {
            status,
            notice: Some(Notice::bad(text)),
            ..Outcome::plain()
        }
    }
}

async fn respond(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    unit: String,
    outcome: Outcome,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let units = with_conn(pool, |conn| Ok(WorkUnit::list(conn)?)).await?;
    let total = outcome.rows.len();
    respond::html(
        outcome.status,
        &ImportPage {
            ctx,
            units: units.into_iter().map(|u| (u.code, u.name)).collect(),
            unit,
            notice: outcome.notice,
            errors: outcome.errors,
            preview: outcome.rows.into_iter().take(PREVIEW_ROWS).collect(),
            total,
        },
    )
}

/// `GET /admin/units/import`
pub async fn form(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    respond(&req, &pool, String::new(), Outcome::plain()).await
}

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    file: Option<Result<Vec<u8>, FileError>>,
    unit: String,
    import: bool,
}

async fn read_upload(mut payload: Multipart) -> Result<Upload, AppError> {
    let mut upload = Upload::default();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| AppError::BadRequest(e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                upload.file = Some(match field.bytes(MAX_FILE_BYTES).await {
                    Ok(Ok(bytes)) => Ok(bytes.to_vec()),
                    Ok(Err(e)) => return Err(AppError::BadRequest(e.to_string())),
                    Err(_) => Err(FileError::TooLarge),
                });
                if matches!(upload.file, Some(Err(FileError::TooLarge))) {
                    // Stop reading: the rest of the body is not wanted.
                    break;
                }
            }
            "unit" | "action" => {
                let value = match field.bytes(1024).await {
                    Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).trim().to_owned(),
                    _ => return Err(AppError::BadRequest("form field too long".into())),
                };
                if name == "unit" {
                    upload.unit = value;
                } else {
                    upload.import = value == "import";
                }
            }
            _ => {
                // Drain fields we do not know.
                let _ = field.bytes(1024).await;
            }
        }
    }
    Ok(upload)
}

/// `POST /admin/units/import` (multipart; the CSRF token travels in the query string).
pub async fn upload(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let upload = read_upload(payload).await?;
    let unit = upload.unit.to_uppercase();
    let only_unit = (!unit.is_empty()).then(|| unit.clone());
    let checked = match file_bytes(&ctx, upload.file) {
        Ok(bytes) => check_file(&ctx, &pool, bytes, only_unit.clone()).await?,
        Err(outcome) => Err(outcome),
    };
    let rows = match checked {
        Ok(rows) => rows,
        Err(outcome) => return respond(&req, &pool, unit, outcome).await,
    };
    if !upload.import {
        let outcome = Outcome {
            notice: Some(Notice {
                kind: "info",
                text: ctx.t.t1("import-preview-ok", "count", rows.len()),
            }),
            rows,
            ..Outcome::plain()
        };
        return respond(&req, &pool, unit, outcome).await;
    }
    let written = with_conn(&pool, move |conn| {
        Ok(staff_directory::replace(
            conn,
            &rows,
            only_unit.as_deref(),
            Actor::Staff(me.id),
        )?)
    })
    .await?;
    let outcome = Outcome {
        notice: Some(Notice::ok(ctx.t.t1("import-saved", "count", written))),
        ..Outcome::plain()
    };
    respond(&req, &pool, String::new(), outcome).await
}

/// A refusal of the file as a whole, in the person's language.
fn file_refused(ctx: &PageCtx, e: &FileError) -> Outcome {
    let status = if *e == FileError::TooLarge {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Outcome::refused(status, ctx.t.message(e.message_key(), &e.message_args()))
}

/// The uploaded file's bytes, or why there are none to read.
fn file_bytes(ctx: &PageCtx, file: Option<Result<Vec<u8>, FileError>>) -> Result<Vec<u8>, Outcome> {
    match file {
        Some(Ok(bytes)) if !bytes.is_empty() => Ok(bytes),
        Some(Err(e)) => Err(file_refused(ctx, &e)),
        _ => Err(Outcome::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t.t("import-error-no-file"),
        )),
    }
}

/// Reads and checks every row on a blocking thread (not on the async workers
/// that answer everyone else): the rows, or the page listing their problems.
async fn check_file(
    ctx: &PageCtx,
    pool: &web::Data<PgPool>,
    bytes: Vec<u8>,
    only_unit: Option<String>,
) -> Result<Result<Vec<StaffRow>, Outcome>, AppError> {
    let known: HashSet<String> = with_conn(pool, |conn| {
        Ok(staff_directory::unit_ids(conn)?.into_keys().collect())
    })
    .await?;
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Makassar)
        .date_naive();
    let checked = web::block(move || {
        let table = read_table(&bytes)?;
        Ok::<_, FileError>(check_rows(&table, &known, only_unit.as_deref(), today))
    })
    .await?;
    Ok(match checked {
        Err(e) => Err(file_refused(ctx, &e)),
        Ok(Err(errors)) => Err(Outcome {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            notice: Some(Notice::bad(ctx.t.t1(
                "import-refused",
                "count",
                errors.len(),
            ))),
            errors: errors
                .iter()
                .take(500)
                .map(|e| ErrorLine {
                    row: e.row,
                    column: e.column.clone(),
                    message: ctx.t.message(e.key, &e.args),
                })
                .collect(),
            rows: Vec::new(),
        }),
        Ok(Ok(rows)) => Ok(rows),
    })
}

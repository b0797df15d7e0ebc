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

async fn respond(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    status: StatusCode,
    unit: String,
    notice: Option<Notice>,
    errors: Vec<ErrorLine>,
    rows: Vec<StaffRow>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let units = with_conn(pool, |conn| Ok(WorkUnit::list(conn)?)).await?;
    let total = rows.len();
    respond::html(
        status,
        &ImportPage {
            ctx,
            units: units.into_iter().map(|u| (u.code, u.name)).collect(),
            unit,
            notice,
            errors,
            preview: rows.into_iter().take(PREVIEW_ROWS).collect(),
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
    respond(
        &req,
        &pool,
        StatusCode::OK,
        String::new(),
        None,
        Vec::new(),
        Vec::new(),
    )
    .await
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
    let refuse = |e: &FileError| Notice::bad(ctx.t.message(e.message_key(), &e.message_args()));
    let bytes = match upload.file {
        Some(Ok(bytes)) if !bytes.is_empty() => bytes,
        Some(Err(e)) => {
            let status = if e == FileError::TooLarge {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let notice = Some(refuse(&e));
            return respond(&req, &pool, status, unit, notice, Vec::new(), Vec::new()).await;
        }
        _ => {
            let notice = Some(Notice::bad(ctx.t.t("import-error-no-file")));
            return respond(
                &req,
                &pool,
                StatusCode::UNPROCESSABLE_ENTITY,
                unit,
                notice,
                Vec::new(),
                Vec::new(),
            )
            .await;
        }
    };
    let known: HashSet<String> = with_conn(&pool, |conn| {
        Ok(staff_directory::unit_ids(conn)?.into_keys().collect())
    })
    .await?;
    let only_unit = (!unit.is_empty()).then(|| unit.clone());
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Makassar)
        .date_naive();
    // Reading and checking a file is work for a blocking thread, not for the
    // async workers that answer everyone else.
    let checked = {
        let only_unit = only_unit.clone();
        web::block(move || {
            let table = read_table(&bytes)?;
            Ok::<_, FileError>(check_rows(&table, &known, only_unit.as_deref(), today))
        })
        .await?
    };
    let checked = match checked {
        Ok(checked) => checked,
        Err(e) => {
            let notice = Some(refuse(&e));
            return respond(
                &req,
                &pool,
                StatusCode::UNPROCESSABLE_ENTITY,
                unit,
                notice,
                Vec::new(),
                Vec::new(),
            )
            .await;
        }
    };
    let rows = match checked {
        Ok(rows) => rows,
        Err(errors) => {
            let lines = errors
                .iter()
                .take(500)
                .map(|e| ErrorLine {
                    row: e.row,
                    column: e.column.clone(),
                    message: ctx.t.message(e.key, &e.args),
                })
                .collect();
            let notice = Some(Notice::bad(ctx.t.t1(
                "import-refused",
                "count",
                errors.len(),
            )));
            return respond(
                &req,
                &pool,
                StatusCode::UNPROCESSABLE_ENTITY,
                unit,
                notice,
                lines,
                Vec::new(),
            )
            .await;
        }
    };
    if !upload.import {
        let notice = Some(Notice {
            kind: "info",
            text: ctx.t.t1("import-preview-ok", "count", rows.len()),
        });
        return respond(&req, &pool, StatusCode::OK, unit, notice, Vec::new(), rows).await;
    }
    let to_save = rows.clone();
    let written = with_conn(&pool, move |conn| {
        Ok(staff_directory::replace(
            conn,
            &to_save,
            only_unit.as_deref(),
            Actor::Staff(me.id),
        )?)
    })
    .await?;
    let notice = Some(Notice::ok(ctx.t.t1("import-saved", "count", written)));
    respond(
        &req,
        &pool,
        StatusCode::OK,
        String::new(),
        notice,
        Vec::new(),
        Vec::new(),
    )
    .await
}

//! `POST /admin/drives/{slug}/slots`: the template's slots, previewed or saved
//! on the drive's day (refused if one overlaps a slot the drive has).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::DateTime;
use chrono_tz::Tz;

use super::page::{Answer, back_to_slots, respond};
use super::template_form::TemplateForm;
use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::domain::slot_plan::PlannedSlot;
use crate::domain::slot_time::place_slots;
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::drive_admin::{self, DriveAdminError};
use crate::store::drives::Drive;
use crate::store::slots::NewSlot;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::form_errors::FormErrors;
use crate::web::respond::Notice;
use crate::web::{PageCtx, with_conn};

/// `POST /admin/drives/{slug}/slots`: previews the template's slots, or saves them.
pub async fn generate(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    slug: web::Path<String>,
    form: web::Form<TemplateForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let slug = slug.into_inner();
    let form = form.into_inner();
    let planned = match form.parse(&ctx) {
        Ok(p) => p,
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let answer = Answer::form_refused(&ctx, status, form, errors);
            return respond(&req, &pool, slug, answer).await;
        }
    };
    if form.action != "save" {
        let answer = Answer {
            notice: Some(Notice {
                kind: "info",
                text: ctx.t.t("org-slots-preview-notice"),
            }),
            preview: planned,
            form,
            ..Answer::ok()
        };
        return respond(&req, &pool, slug, answer).await;
    }
    let Some(clash) = save(&req, &pool, slug.clone(), me, planned).await? else {
        return Ok(back_to_slots(&slug));
    };
    let mut errors = FormErrors::default();
    errors.add(
        "start",
        ctx.t
            .t1("org-slots-error-overlap", "time", ctx.t.time(&clash)),
    );
    let answer = Answer::form_refused(&ctx, StatusCode::CONFLICT, form, errors);
    respond(&req, &pool, slug, answer).await
}

/// Saves the planned slots on the drive's day; `Some` start of a slot they
/// overlap (on the drive's clock) if they do, and then nothing is saved.
async fn save(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    slug: String,
    me: CurrentStaff,
    planned: Vec<PlannedSlot>,
) -> Result<Option<DateTime<Tz>>, AppError> {
    let ip = client_ip(req);
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let new = new_slots(&drive, &planned)?;
        match drive_admin::add_slots(conn, &drive, &new, Actor::Staff(me.id), ip.as_deref()) {
            Ok(_) => Ok(None),
            Err(DriveAdminError::Overlap { starts_at }) => {
                Ok(Some(starts_at.with_timezone(&drive.tz())))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// The planned slots as rows for the drive, in UTC.
fn new_slots(drive: &Drive, planned: &[PlannedSlot]) -> Result<Vec<NewSlot>, AppError> {
    let placed = place_slots(&drive.tz(), drive.drive_date, planned)
        .map_err(|_| AppError::BadRequest("local time".into()))?;
    Ok(placed
        .into_iter()
        .map(|p| NewSlot {
            drive_id: drive.id,
            starts_at: p.starts_at,
            ends_at: p.ends_at,
            capacity: i32::try_from(p.capacity).unwrap_or(i32::MAX),
        })
        .collect())
}

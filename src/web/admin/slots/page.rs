//! The slots page: the drive's slots, the template form with its preview, and
//! what a change answers with.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use super::template_form::{FieldView, TemplateForm};
use crate::db::PgPool;
use crate::domain::slot_plan::PlannedSlot;
use crate::error::AppError;
use crate::store::drives::Drive;
use crate::store::slots::Slot;
use crate::web::access::Organizer;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

pub struct SlotRow {
    pub id: Uuid,
    pub time: String,
    pub capacity: i32,
    pub booked: i32,
    pub closed: bool,
}

pub struct PlannedRow {
    pub time: String,
    pub capacity: u32,
}

#[derive(Template)]
#[template(path = "admin/slots.html")]
struct SlotsPage {
    ctx: PageCtx,
    slug: String,
    title: String,
    zone: String,
    slots: Vec<SlotRow>,
    fields: Vec<FieldView>,
    errors: FormErrors,
    notice: Option<Notice>,
    preview: Vec<PlannedRow>,
    preview_total: String,
    /// The slot whose capacity form was refused, with what was typed and why.
    capacity_error: Option<(Uuid, String, String)>,
}

/// What a handler wants the page to say: its status, the template form as
/// typed, mistakes, a notice, a preview, a refused capacity.
pub(super) struct Answer {
    pub status: StatusCode,
    pub form: TemplateForm,
    pub errors: FormErrors,
    pub notice: Option<Notice>,
    pub preview: Vec<PlannedSlot>,
    pub capacity_error: Option<(Uuid, String, String)>,
}

impl Answer {
    pub(super) fn ok() -> Self {
        Answer {
            status: StatusCode::OK,
            form: TemplateForm::default(),
            errors: FormErrors::default(),
            notice: None,
            preview: Vec::new(),
            capacity_error: None,
        }
    }

    /// The template form again, with its mistakes counted at the top.
    pub(super) fn form_refused(
        ctx: &PageCtx,
        status: StatusCode,
        form: TemplateForm,
        errors: FormErrors,
    ) -> Self {
        Answer {
            status,
            notice: Some(Notice::bad(ctx.t.count(
                "org-form-errors",
                "count",
                errors.len(),
            ))),
            form,
            errors,
            ..Answer::ok()
        }
    }
}

pub(super) async fn respond(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    slug: String,
    answer: Answer,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let (drive, slots) = with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        Ok((drive, slots))
    })
    .await?;
    respond::html(
        answer.status,
        &SlotsPage {
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            zone: drive.time_zone.clone(),
            slots: slot_rows(&ctx, &drive, slots),
            fields: answer.form.fields(),
            errors: answer.errors,
            notice: answer.notice,
            preview: preview_rows(&answer.preview),
            preview_total: preview_total(&ctx, &answer.preview),
            capacity_error: answer.capacity_error,
            ctx,
        },
    )
}

/// The drive's slots, their times on the drive's clock.
fn slot_rows(ctx: &PageCtx, drive: &Drive, slots: Vec<Slot>) -> Vec<SlotRow> {
    let tz = drive.tz();
    slots
        .into_iter()
        .map(|s| SlotRow {
            id: s.id,
            time: format!(
                "{}–{}",
                ctx.t.time(&s.starts_at.with_timezone(&tz)),
                ctx.t.time(&s.ends_at.with_timezone(&tz))
            ),
            capacity: s.capacity,
            booked: s.booked,
            closed: s.closed,
        })
        .collect()
}

fn preview_rows(preview: &[PlannedSlot]) -> Vec<PlannedRow> {
    preview
        .iter()
        .map(|p| PlannedRow {
            time: format!("{}–{}", p.start.format("%H:%M"), p.end.format("%H:%M")),
            capacity: p.capacity,
        })
        .collect()
}

/// "10 slots, 70 seats in all."
fn preview_total(ctx: &PageCtx, preview: &[PlannedSlot]) -> String {
    let seats: u32 = preview.iter().map(|p| p.capacity).sum();
    ctx.t.ta(
        "org-slots-preview-total",
        &[
            ("count", preview.len().to_string()),
            ("seats", seats.to_string()),
        ],
    )
}

/// `GET /admin/drives/{slug}/slots`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    respond(&req, &pool, slug.into_inner(), Answer::ok()).await
}

/// 303 back to the slots page after a change.
pub(super) fn back_to_slots(slug: &str) -> HttpResponse {
    respond::see_other(format!("/admin/drives/{slug}/slots"))
}

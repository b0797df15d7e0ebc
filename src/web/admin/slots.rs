//! `/admin/drives/{slug}/slots`: the drive's slots; generating slots from a
//! template (beds, PMI's pace, no-show margin) with a preview before saving;
//! a slot's capacity (never below its bookings; growth promotes the waitlist);
//! closing and reopening a slot.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{NaiveTime, TimeZone, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::domain::slot_plan::{PlannedSlot, SlotTemplate, plan_slots};
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::drive_admin::{self, DriveAdminError};
use crate::store::drives::Drive;
use crate::store::slots::{NewSlot, Slot};
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Clone, Deserialize)]
pub struct TemplateForm {
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub slot_minutes: String,
    #[serde(default)]
    pub beds: String,
    #[serde(default)]
    pub donors_per_bed_per_hour: String,
    #[serde(default)]
    pub no_show_margin_pct: String,
    /// `preview` (the default) or `save`.
    #[serde(default)]
    pub action: String,
}

impl Default for TemplateForm {
    /// PMI's usual day: 08.00-13.00, 30-minute slots, 4 beds, 3 donors per
    /// bed per hour, 10 % for no-shows.
    fn default() -> Self {
        TemplateForm {
            start: "08:00".into(),
            end: "13:00".into(),
            slot_minutes: "30".into(),
            beds: "4".into(),
            donors_per_bed_per_hour: "3".into(),
            no_show_margin_pct: "10".into(),
            action: String::new(),
        }
    }
}

impl TemplateForm {
    fn parse(&self, ctx: &PageCtx) -> Result<Vec<PlannedSlot>, FormErrors> {
        let mut errors = FormErrors::default();
        let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
        let whole = |s: &str| s.trim().parse::<u32>().ok();
        let start = time(&self.start);
        let end = time(&self.end);
        let minutes = whole(&self.slot_minutes);
        let beds = whole(&self.beds);
        let rate = self
            .donors_per_bed_per_hour
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok();
        let margin = whole(&self.no_show_margin_pct);
        for (field, ok) in [
            ("start", start.is_some()),
            ("end", end.is_some()),
            ("slot_minutes", minutes.is_some()),
            ("beds", beds.is_some()),
            ("donors_per_bed_per_hour", rate.is_some()),
            ("no_show_margin_pct", margin.is_some()),
        ] {
            if !ok {
                let key = if field == "start" || field == "end" {
                    "org-slots-error-time"
                } else {
                    "org-slots-error-number"
                };
                errors.add(field, ctx.t.t(key));
            }
        }
        let (Some(start), Some(end), Some(slot_minutes), Some(beds), Some(rate), Some(margin)) =
            (start, end, minutes, beds, rate, margin)
        else {
            return Err(errors);
        };
        plan_slots(&SlotTemplate {
            start,
            end,
            slot_minutes,
            beds,
            donors_per_bed_per_hour: rate,
            no_show_margin_pct: margin,
        })
        .map_err(|e| {
            errors.add(e.field(), ctx.t.message(e.message_key(), &e.message_args()));
            errors
        })
    }
}

pub struct SlotRow {
    pub id: Uuid,
    pub time: String,
    pub capacity: i32,
    pub booked: i32,
    pub closed: bool,
}

/// One input of the template form.
pub struct FieldView {
    pub name: &'static str,
    pub value: String,
    pub kind: &'static str,
    pub label: &'static str,
}

impl TemplateForm {
    fn fields(&self) -> Vec<FieldView> {
        let f = |name, value: &String, kind, label| FieldView {
            name,
            value: value.clone(),
            kind,
            label,
        };
        vec![
            f("start", &self.start, "time", "org-slots-start"),
            f("end", &self.end, "time", "org-slots-end"),
            f(
                "slot_minutes",
                &self.slot_minutes,
                "number",
                "org-slots-minutes",
            ),
            f("beds", &self.beds, "number", "org-slots-beds"),
            f(
                "donors_per_bed_per_hour",
                &self.donors_per_bed_per_hour,
                "text",
                "org-slots-rate",
            ),
            f(
                "no_show_margin_pct",
                &self.no_show_margin_pct,
                "number",
                "org-slots-margin",
            ),
        ]
    }
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

struct Answer {
    status: StatusCode,
    form: TemplateForm,
    errors: FormErrors,
    notice: Option<Notice>,
    preview: Vec<PlannedSlot>,
    capacity_error: Option<(Uuid, String, String)>,
}

impl Answer {
    fn ok() -> Self {
        Answer {
            status: StatusCode::OK,
            form: TemplateForm::default(),
            errors: FormErrors::default(),
            notice: None,
            preview: Vec::new(),
            capacity_error: None,
        }
    }
}

async fn respond(
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
    let tz = drive.tz();
    let t = ctx.t;
    let slots = slots
        .into_iter()
        .map(|s| SlotRow {
            id: s.id,
            time: format!(
                "{}–{}",
                t.time(&s.starts_at.with_timezone(&tz)),
                t.time(&s.ends_at.with_timezone(&tz))
            ),
            capacity: s.capacity,
            booked: s.booked,
            closed: s.closed,
        })
        .collect();
    let preview_seats: u32 = answer.preview.iter().map(|p| p.capacity).sum();
    let preview_total = t.ta(
        "org-slots-preview-total",
        &[
            ("count", answer.preview.len().to_string()),
            ("seats", preview_seats.to_string()),
        ],
    );
    let preview = answer
        .preview
        .iter()
        .map(|p| PlannedRow {
            time: format!("{}–{}", p.start.format("%H:%M"), p.end.format("%H:%M")),
            capacity: p.capacity,
        })
        .collect();
    respond::html(
        answer.status,
        &SlotsPage {
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            zone: drive.time_zone.clone(),
            slots,
            fields: answer.form.fields(),
            errors: answer.errors,
            notice: answer.notice,
            preview,
            preview_total,
            capacity_error: answer.capacity_error,
            ctx,
        },
    )
}

fn back_to_slots(slug: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, format!("/admin/drives/{slug}/slots")))
        .finish()
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
            let answer = Answer {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                notice: Some(Notice::bad(ctx.t.t1(
                    "org-form-errors",
                    "count",
                    errors.len(),
                ))),
                form,
                errors,
                ..Answer::ok()
            };
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
    let ip = client_ip(&req);
    let wanted = slug.clone();
    let outcome = with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        let tz = drive.tz();
        let mut new = Vec::new();
        for p in &planned {
            let at = |time: NaiveTime| {
                tz.from_local_datetime(&drive.drive_date.and_time(time))
                    .single()
                    .map(|d| d.with_timezone(&Utc))
                    .ok_or_else(|| AppError::BadRequest("local time".into()))
            };
            new.push(NewSlot {
                drive_id: drive.id,
                starts_at: at(p.start)?,
                ends_at: at(p.end)?,
                capacity: i32::try_from(p.capacity).unwrap_or(i32::MAX),
            });
        }
        match drive_admin::add_slots(conn, &drive, &new, Actor::Staff(me.id), ip.as_deref()) {
            Ok(_) => Ok(None),
            Err(DriveAdminError::Overlap { starts_at }) => Ok(Some(starts_at.with_timezone(&tz))),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    match outcome {
        None => Ok(back_to_slots(&slug)),
        Some(clash) => {
            let mut errors = FormErrors::default();
            errors.add(
                "start",
                ctx.t
                    .t1("org-slots-error-overlap", "time", ctx.t.time(&clash)),
            );
            let answer = Answer {
                status: StatusCode::CONFLICT,
                notice: Some(Notice::bad(ctx.t.t1("org-form-errors", "count", 1))),
                form,
                errors,
                ..Answer::ok()
            };
            respond(&req, &pool, slug, answer).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CapacityForm {
    #[serde(default)]
    pub capacity: String,
}

/// `POST /admin/drives/{slug}/slots/{id}/capacity`
pub async fn set_capacity(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    path: web::Path<(String, Uuid)>,
    form: web::Form<CapacityForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let (slug, slot_id) = path.into_inner();
    let typed = form.capacity.trim().to_owned();
    let refuse = |message: String, status: StatusCode| Answer {
        status,
        capacity_error: Some((slot_id, typed.chars().take(12).collect(), message)),
        ..Answer::ok()
    };
    let Some(capacity) = typed
        .parse::<i32>()
        .ok()
        .filter(|c| (0..=10_000).contains(c))
    else {
        let answer = refuse(
            ctx.t.t("org-slots-error-capacity"),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
        return respond(&req, &pool, slug, answer).await;
    };
    let ip = client_ip(&req);
    let wanted = slug.clone();
    let outcome = with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        match drive_admin::set_capacity(
            conn,
            drive.id,
            slot_id,
            capacity,
            Actor::Staff(me.id),
            ip.as_deref(),
        ) {
            Ok((_, promoted)) => Ok(Ok(promoted)),
            Err(DriveAdminError::BelowBooked { booked }) => Ok(Err(booked)),
            Err(DriveAdminError::UnknownSlot) => Err(AppError::NotFound),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let answer = match outcome {
        Ok(promoted) => Answer {
            notice: Some(Notice::ok(ctx.t.t1(
                "org-slots-capacity-saved",
                "promoted",
                promoted,
            ))),
            ..Answer::ok()
        },
        Err(booked) => refuse(
            ctx.t.t1("org-slots-error-below-booked", "booked", booked),
            StatusCode::CONFLICT,
        ),
    };
    respond(&req, &pool, slug, answer).await
}

async fn open_or_close(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    me: CurrentStaff,
    path: web::Path<(String, Uuid)>,
    closed: bool,
) -> Result<HttpResponse, AppError> {
    let (slug, slot_id) = path.into_inner();
    let ip = client_ip(&req);
    let wanted = slug.clone();
    with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        match drive_admin::set_closed(
            conn,
            drive.id,
            slot_id,
            closed,
            Actor::Staff(me.id),
            ip.as_deref(),
        ) {
            Ok(_) => Ok(()),
            Err(DriveAdminError::UnknownSlot) => Err(AppError::NotFound),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    Ok(back_to_slots(&slug))
}

/// `POST /admin/drives/{slug}/slots/{id}/close`
pub async fn close(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, AppError> {
    open_or_close(req, pool, me, path, true).await
}

/// `POST /admin/drives/{slug}/slots/{id}/reopen`
pub async fn reopen(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, AppError> {
    open_or_close(req, pool, me, path, false).await
}

//! `/admin/drives`: the list of drives and a form for a new one;
//! `/admin/drives/{slug}`: edit a drive, its eligibility overrides (beside the
//! defaults and their sources) and the work units invited to it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::db::PgPool;
use crate::domain::messages::format_number;
use crate::domain::rule_set::RuleSet;
use crate::domain::vocab::DriveStatus;
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::drive_admin::{self, DriveAdminError};
use crate::store::drives::Drive;
use crate::store::staff_home;
use crate::store::units::WorkUnit;
use crate::web::access::Organizer;
use crate::web::admin::drive_form::{DriveForm, RULE_PREFIX, TIME_ZONES};
use crate::web::auth::client_ip;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

pub struct DriveRow {
    pub slug: String,
    pub title: String,
    pub date: String,
    pub status_key: String,
}

#[derive(Template)]
#[template(path = "admin/drives.html")]
struct DrivesPage {
    ctx: PageCtx,
    drives: Vec<DriveRow>,
    form: DriveForm,
    errors: FormErrors,
    time_zones: &'static [(&'static str, &'static str)],
}

async fn drives_page(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    status: StatusCode,
    form: DriveForm,
    errors: FormErrors,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let drives = with_conn(pool, |conn| Ok(staff_home::all_drives(conn)?)).await?;
    let drives = drives
        .iter()
        .map(|d| DriveRow {
            slug: d.slug.clone(),
            title: d.title.clone(),
            date: ctx.t.long_date(d.drive_date),
            status_key: format!("home-drive-status-{}", d.status.as_str()),
        })
        .collect();
    respond::html(
        status,
        &DrivesPage {
            ctx,
            drives,
            form,
            errors,
            time_zones: &TIME_ZONES,
        },
    )
}

/// `GET /admin/drives`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    drives_page(
        &req,
        &pool,
        StatusCode::OK,
        DriveForm::blank(),
        FormErrors::default(),
    )
    .await
}

/// `POST /admin/drives`: a new drive (a draft unless another status is chosen).
pub async fn create(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    form: web::Form<DriveForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let form = form.into_inner();
    let changes = match form.parse(&ctx, true) {
        Ok(c) => c,
        Err(errors) => {
            return drives_page(&req, &pool, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await;
        }
    };
    let slug = form.slug.trim().to_owned();
    let ip = client_ip(&req);
    let new_slug = slug.clone();
    let created = with_conn(&pool, move |conn| {
        match drive_admin::create_drive(
            conn,
            &new_slug,
            &changes,
            Actor::Staff(me.id),
            ip.as_deref(),
        ) {
            Ok(_) => Ok(true),
            Err(DriveAdminError::SlugTaken) => Ok(false),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    if !created {
        let mut errors = FormErrors::default();
        errors.add("slug", ctx.t.t("org-drive-error-slug-taken"));
        return drives_page(&req, &pool, StatusCode::CONFLICT, form, errors).await;
    }
    Ok(respond::see_other(format!("/admin/drives/{slug}")))
}

/// A threshold input beside its default.
pub struct ThresholdView {
    pub field: &'static str,
    pub input: String,
    pub label: String,
    pub value: String,
    pub default: String,
    pub overridden: bool,
}

pub struct RuleView {
    pub title: String,
    pub source: &'static str,
    pub thresholds: Vec<ThresholdView>,
}

pub struct UnitChoice {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub invited: bool,
}

#[derive(Template)]
#[template(path = "admin/drive_edit.html")]
struct DriveEditPage {
    ctx: PageCtx,
    slug: String,
    title: String,
    form: DriveForm,
    errors: FormErrors,
    notice: Option<Notice>,
    time_zones: &'static [(&'static str, &'static str)],
    statuses: Vec<(&'static str, String)>,
    rules: Vec<RuleView>,
    units: Vec<UnitChoice>,
}

fn rule_views(ctx: &PageCtx, form: &DriveForm, stored: &Drive) -> Vec<RuleView> {
    let current = RuleSet::with_overrides(&stored.eligibility_overrides).unwrap_or_default();
    current
        .describe()
        .into_iter()
        .filter(|d| !d.thresholds.is_empty())
        .map(|d| RuleView {
            title: ctx.t.t(d.title_key),
            source: d.source,
            thresholds: d
                .thresholds
                .iter()
                .map(|th| ThresholdView {
                    field: th.field,
                    input: format!("{RULE_PREFIX}{}", th.field),
                    label: ctx.t.t(&format!("org-rule-{}", th.field.replace('_', "-"))),
                    value: form.rule_value(th.field),
                    default: ctx
                        .t
                        .message(th.message_key(), &[("value", format_number(th.default))]),
                    overridden: th.overridden,
                })
                .collect(),
        })
        .collect()
}

async fn edit_page(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    slug: String,
    status: StatusCode,
    form: Option<DriveForm>,
    errors: FormErrors,
    notice: Option<Notice>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let (drive, units, invited) = with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let units = WorkUnit::list(conn)?;
        let invited: Vec<Uuid> = drive.units(conn)?.into_iter().map(|u| u.id).collect();
        Ok((drive, units, invited))
    })
    .await?;
    let form = form.unwrap_or_else(|| DriveForm::of(&drive));
    let rules = rule_views(&ctx, &form, &drive);
    let statuses = DriveStatus::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                ctx.t.t(&format!("home-drive-status-{}", s.as_str())),
            )
        })
        .collect();
    let units = units
        .into_iter()
        .map(|u| UnitChoice {
            invited: invited.contains(&u.id),
            id: u.id,
            code: u.code,
            name: u.name,
        })
        .collect();
    respond::html(
        status,
        &DriveEditPage {
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            form,
            errors,
            notice,
            time_zones: &TIME_ZONES,
            statuses,
            rules,
            units,
            ctx,
        },
    )
}

/// `GET /admin/drives/{slug}`
pub async fn edit(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let saved = req.query_string().contains("saved=1");
    let notice = saved.then(|| Notice::ok(PageCtx::new(&req).t.t("org-drive-saved")));
    edit_page(
        &req,
        &pool,
        slug.into_inner(),
        StatusCode::OK,
        None,
        FormErrors::default(),
        notice,
    )
    .await
}

/// `POST /admin/drives/{slug}`: saves the drive form (all or nothing).
pub async fn update(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    slug: web::Path<String>,
    form: web::Form<DriveForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let slug = slug.into_inner();
    let form = form.into_inner();
    let changes = match form.parse(&ctx, false) {
        Ok(c) => c,
        Err(errors) => {
            // The page's error summary names each problem; no second notice.
            return edit_page(
                &req,
                &pool,
                slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(form),
                errors,
                None,
            )
            .await;
        }
    };
    let ip = client_ip(&req);
    let wanted = slug.clone();
    with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        drive_admin::update_drive(conn, drive.id, &changes, Actor::Staff(me.id), ip.as_deref())?;
        Ok(())
    })
    .await?;
    Ok(respond::see_other(format!("/admin/drives/{slug}?saved=1")))
}

/// `POST /admin/drives/{slug}/units`: which work units are invited (checkboxes `unit`).
pub async fn set_units(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let mut ids = Vec::new();
    for (name, value) in form_urlencoded::parse(&body) {
        if name == "unit" {
            let id = value
                .parse::<Uuid>()
                .map_err(|_| AppError::BadRequest("unit id".into()))?;
            ids.push(id);
        }
    }
    let ip = client_ip(&req);
    let slug = slug.into_inner();
    let wanted = slug.clone();
    with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        let known: Vec<Uuid> = WorkUnit::list(conn)?.into_iter().map(|u| u.id).collect();
        if ids.iter().any(|id| !known.contains(id)) {
            return Err(AppError::BadRequest("unknown unit".into()));
        }
        drive_admin::set_invited_units(conn, &drive, &ids, Actor::Staff(me.id), ip.as_deref())?;
        Ok(())
    })
    .await?;
    Ok(respond::see_other(format!("/admin/drives/{slug}?saved=1")))
}

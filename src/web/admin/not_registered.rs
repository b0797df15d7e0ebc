//! `/admin/drives/{slug}/not-registered`: per invited unit, the colleagues on
//! the staff list who have not signed up yet, with a WhatsApp message for the
//! unit's group; and the same list as CSV.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::whatsapp::chat_link;
use crate::error::AppError;
use crate::export::files::csv_text;
use crate::store::drives::Drive;
use crate::store::staff_directory::{self, NotRegistered};
use crate::web::access::Organizer;
use crate::web::csrf::NotCrossSite;
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

/// One unit's colleagues who have not registered.
pub struct UnitGroup {
    pub code: String,
    pub name: String,
    pub people: Vec<(String, String)>,
    pub message: String,
    pub whatsapp: String,
}

#[derive(Template)]
#[template(path = "admin/not_registered.html")]
struct NotRegisteredPage {
    ctx: PageCtx,
    slug: String,
    title: String,
    total: usize,
    units: Vec<UnitGroup>,
}

async fn load(
    pool: &web::Data<PgPool>,
    slug: String,
) -> Result<(Drive, Vec<NotRegistered>), AppError> {
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let people = staff_directory::not_registered(conn, drive.id)?;
        Ok((drive, people))
    })
    .await
}

/// `GET /admin/drives/{slug}/not-registered`
pub async fn page(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let (drive, people) = load(&pool, slug.into_inner()).await?;
    let link = format!(
        "{}/drives/{}/register",
        settings.public_url.trim_end_matches('/'),
        drive.slug
    );
    let total = people.len();
    let units = group(&ctx, &drive, &link, people);
    respond::html(
        StatusCode::OK,
        &NotRegisteredPage {
            ctx,
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            total,
            units,
        },
    )
}

/// The people by unit, each unit with its reminder for the group.
fn group(ctx: &PageCtx, drive: &Drive, link: &str, people: Vec<NotRegistered>) -> Vec<UnitGroup> {
    let date = ctx.t.long_date(drive.drive_date);
    let mut units: Vec<UnitGroup> = Vec::new();
    for p in people {
        if units.last().is_none_or(|u| u.code != p.unit_code) {
            units.push(UnitGroup {
                code: p.unit_code.clone(),
                name: p.unit_name.clone(),
                people: Vec::new(),
                message: String::new(),
                whatsapp: String::new(),
            });
        }
        if let Some(unit) = units.last_mut() {
            unit.people.push((p.full_name, p.id_number));
        }
    }
    for unit in &mut units {
        unit.message = ctx.t.ta(
            "org-not-registered-message",
            &[
                ("unit", unit.name.clone()),
                ("count", unit.people.len().to_string()),
                ("title", drive.title.clone()),
                ("date", date.clone()),
                ("link", link.to_owned()),
            ],
        );
        unit.whatsapp = chat_link(None, &unit.message);
    }
    units
}

/// `GET /admin/drives/{slug}/not-registered.csv`
pub async fn csv(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    _: Organizer,
    _: NotCrossSite,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let (drive, people) = load(&pool, slug.into_inner()).await?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header = [
            ctx.t.t("org-not-registered-col-unit-code"),
            ctx.t.t("org-not-registered-col-unit"),
            ctx.t.t("org-not-registered-col-id"),
            ctx.t.t("org-not-registered-col-name"),
        ];
        let written = w.write_record(&header).and_then(|()| {
            people.into_iter().try_for_each(|p| {
                w.write_record([
                    csv_text(p.unit_code),
                    csv_text(p.unit_name),
                    csv_text(p.id_number),
                    csv_text(p.full_name),
                ])
            })
        });
        written
            .and_then(|()| w.flush().map_err(Into::into))
            .map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"belum-mendaftar-{}.csv\"",
                drive.slug
            ),
        ))
        .body(out))
}

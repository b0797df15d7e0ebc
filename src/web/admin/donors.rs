//! `/admin/drives/{slug}/donors`: the drive's registrations with their donors
//! (a printable list), and erasure of one donor's personal data (UU 27/2022):
//! `POST /admin/donors/{id}/erase`, confirmed by a checkbox, audited.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::db::PgPool;
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::donor_list::donor_list;
use crate::store::drives::Drive;
use crate::store::erasure::erase_donor;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

pub struct DonorRow {
    pub donor_id: Uuid,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub slot: String,
    pub status_key: String,
    pub erased: bool,
}

#[derive(Template)]
#[template(path = "admin/donors.html")]
struct DonorsPage {
    ctx: PageCtx,
    slug: String,
    title: String,
    rows: Vec<DonorRow>,
    notice: Option<Notice>,
}

async fn respond(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    slug: String,
    status: StatusCode,
    notice: Option<Notice>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let (drive, list) = with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let list = donor_list(conn, drive.id)?;
        Ok((drive, list))
    })
    .await?;
    let tz = drive.tz();
    let rows = list
        .into_iter()
        .map(|r| DonorRow {
            donor_id: r.donor_id,
            code: r.code,
            name: r.full_name,
            unit: r.unit_name.unwrap_or_default(),
            slot: r
                .slot_starts_at
                .map(|s| ctx.t.time(&s.with_timezone(&tz)))
                .unwrap_or_default(),
            status_key: format!("org-status-{}", r.status.as_str().replace('_', "-")),
            erased: r.erased_at.is_some(),
        })
        .collect();
    respond::html(
        status,
        &DonorsPage {
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            rows,
            notice,
            ctx,
        },
    )
}

/// `GET /admin/drives/{slug}/donors`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let notice = req
        .query_string()
        .contains("erased=1")
        .then(|| Notice::ok(PageCtx::new(&req).t.t("org-erase-done")));
    respond(&req, &pool, slug.into_inner(), StatusCode::OK, notice).await
}

#[derive(Debug, Default, Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    pub confirm: String,
    /// The drive page to come back to.
    #[serde(default)]
    pub drive: String,
}

/// `POST /admin/donors/{id}/erase`
pub async fn erase(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    id: web::Path<Uuid>,
    form: web::Form<EraseForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let form = form.into_inner();
    let drive = crate::web::admin::drive_form::valid_slug(&form.drive).then(|| form.drive.clone());
    if form.confirm != "yes" {
        return match drive {
            Some(slug) => {
                let notice = Some(Notice::bad(ctx.t.t("org-erase-confirm-missing")));
                respond(&req, &pool, slug, StatusCode::UNPROCESSABLE_ENTITY, notice).await
            }
            None => Err(AppError::BadRequest("erasure not confirmed".into())),
        };
    }
    let ip = client_ip(&req);
    let id = id.into_inner();
    with_conn(&pool, move |conn| {
        Ok(erase_donor(conn, id, Actor::Staff(me.id), ip.as_deref())?)
    })
    .await?;
    let to = match drive {
        Some(slug) => format!("/admin/drives/{slug}/donors?erased=1"),
        None => "/admin".to_owned(),
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish())
}

//! `/pmi/drives/{slug}/no-shows`: after the last slot, everyone still
//! `booked` is marked absent at once, after asking.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::groups::{last_slot_over, load_with};
use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::store::day_of::{self, DayOfError};
use crate::store::drives::Drive;
use crate::store::roster::RosterFilter;
use crate::web::access::Pmi;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

#[derive(Template)]
#[template(path = "pmi/no_shows.html")]
pub struct NoShowsPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub title: String,
    pub remaining: usize,
    pub allowed: bool,
    pub notice: Option<Notice>,
}

async fn no_shows_page(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    slug: String,
) -> Result<NoShowsPage, AppError> {
    let filter = RosterFilter {
        status: Some(RegistrationStatus::Booked),
        ..Default::default()
    };
    // On the primary: the count asked about must be the one the sweep finds.
    let loaded = with_conn(pool, move |conn| load_with(conn, &slug, &filter)).await?;
    Ok(NoShowsPage {
        ctx: PageCtx::new(req),
        slug: loaded.drive.slug.clone(),
        title: loaded.drive.title.clone(),
        remaining: loaded.rows.len(),
        allowed: last_slot_over(&loaded.slots, Utc::now()),
        notice: None,
    })
}

/// `GET /pmi/drives/{slug}/no-shows`: asks before marking everyone left as absent.
pub async fn confirm_no_shows(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    _: Pmi,
) -> Result<HttpResponse, AppError> {
    let page = no_shows_page(&req, &pool, slug.into_inner()).await?;
    respond::html(StatusCode::OK, &page)
}

#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    pub confirm: String,
}

/// `POST /pmi/drives/{slug}/no-shows`: every remaining `booked` becomes `no_show`.
pub async fn mark_no_shows(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    form: web::Form<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let mut page = no_shows_page(&req, &pool, slug.into_inner()).await?;
    if form.confirm != "yes" {
        page.notice = Some(Notice::new("bad", page.ctx.t.t("pmi-confirm-missing")));
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    if !page.allowed {
        return too_early(page);
    }
    let slug = page.slug.clone();
    match sweep(&pool, slug.clone(), me).await? {
        Ok(count) => Ok(respond::see_other(format!(
            "/pmi/drives/{slug}/roster?status=no_show&done={count}"
        ))),
        Err(DayOfError::TooEarly) => too_early(page),
        Err(e) => Err(e.into()),
    }
}

fn too_early(mut page: NoShowsPage) -> Result<HttpResponse, AppError> {
    page.notice = Some(Notice::new("bad", page.ctx.t.t("pmi-no-shows-too-early")));
    respond::html(StatusCode::CONFLICT, &page)
}

/// Marks the drive's remaining `booked` as `no_show`. The store checks the
/// time again, in the same transaction as the change.
async fn sweep(
    pool: &web::Data<PgPool>,
    slug: String,
    me: CurrentStaff,
) -> Result<Result<usize, DayOfError>, AppError> {
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        Ok(day_of::mark_remaining_no_shows(
            conn,
            drive.id,
            me.id,
            Utc::now(),
        ))
    })
    .await
}

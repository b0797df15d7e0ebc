//! The roster page and its print view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::groups::{Loaded, RosterGroup, groups, last_slot_over, load};
use super::query::RosterQuery;
use crate::db::PgPool;
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::web::PageCtx;
use crate::web::access::Pmi;
use crate::web::pmi::{slot_label, status_key};
use crate::web::respond::{self, Notice};

pub struct SlotOption {
    pub id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "pmi/roster.html")]
pub struct RosterPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub title: String,
    pub date: String,
    pub groups: Vec<RosterGroup>,
    pub total: usize,
    pub slots: Vec<SlotOption>,
    pub statuses: Vec<(&'static str, String)>,
    pub q: String,
    pub slot: String,
    pub status: String,
    pub print: bool,
    pub export_query: String,
    pub can_mark_no_shows: bool,
    pub notice: Option<Notice>,
}

fn page(ctx: PageCtx, loaded: &Loaded, query: &RosterQuery, print: bool) -> RosterPage {
    let filter = query.filter();
    let groups = groups(&ctx, loaded, &filter);
    let notice = (!query.done.is_empty()).then(|| {
        Notice::new(
            "ok",
            ctx.t.t1("pmi-no-shows-done", "count", query.done.trim()),
        )
    });
    RosterPage {
        slug: loaded.drive.slug.clone(),
        title: loaded.drive.title.clone(),
        date: ctx.t.long_date(loaded.drive.drive_date),
        total: loaded.rows.len(),
        slots: loaded
            .slots
            .iter()
            .map(|s| SlotOption {
                id: s.id.to_string(),
                label: slot_label(&ctx, &loaded.drive, s),
            })
            .collect(),
        statuses: RegistrationStatus::ALL
            .iter()
            .map(|s| (s.as_str(), status_key(*s)))
            .collect(),
        groups,
        q: query.q.trim().to_owned(),
        slot: query.slot.trim().to_owned(),
        status: query.status.trim().to_owned(),
        print,
        export_query: query.export_query(),
        can_mark_no_shows: last_slot_over(&loaded.slots, Utc::now()),
        notice,
        ctx,
    }
}

/// `GET /pmi/drives/{slug}/roster` (`?print=1` is the print view).
pub async fn show(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<RosterQuery>,
    _: Pmi,
) -> Result<HttpResponse, AppError> {
    let print = !query.print.is_empty() && query.print != "0";
    render(req, pool, slug.into_inner(), query.into_inner(), print).await
}

/// `GET /pmi/drives/{slug}/roster/print`
pub async fn print(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<RosterQuery>,
    _: Pmi,
) -> Result<HttpResponse, AppError> {
    render(req, pool, slug.into_inner(), query.into_inner(), true).await
}

async fn render(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: String,
    query: RosterQuery,
    print: bool,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, slug, query.filter()).await?;
    let page = page(PageCtx::new(&req), &loaded, &query, print);
    respond::html(StatusCode::OK, &page)
}

//! The roster page and its print view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::groups::{Loaded, RosterGroup, RosterLine, groups, last_slot_over, load};
use super::query::RosterQuery;
use crate::db::replica::ReadPool;
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::store::roster::RosterFilter;
use crate::web::PageCtx;
use crate::web::access::Pmi;
use crate::web::pmi::paper::WALK_IN_ROWS as PRINTED_WALK_IN_ROWS;
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
    pub export_query: String,
    /// `?slot=<id>` for the paper sheet links, when one slot is chosen.
    pub slot_query: String,
    pub can_mark_no_shows: bool,
    pub notice: Option<Notice>,
}

fn page(ctx: PageCtx, loaded: &Loaded, query: &RosterQuery) -> RosterPage {
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
        export_query: query.export_query(),
        slot_query: query
            .filter()
            .slot_id
            .map(|id| format!("?slot={id}"))
            .unwrap_or_default(),
        can_mark_no_shows: last_slot_over(&loaded.slots, Utc::now()),
        notice,
        ctx,
    }
}

/// `GET /pmi/drives/{slug}/roster` (`?print=1` is the print view).
pub async fn show(
    req: HttpRequest,
    reads: web::Data<ReadPool>,
    slug: web::Path<String>,
    query: web::Query<RosterQuery>,
    pmi: Pmi,
) -> Result<HttpResponse, AppError> {
    if !query.print.is_empty() && query.print != "0" {
        return print(req, reads, slug, query, pmi).await;
    }
    let query = query.into_inner();
    let loaded = load(&reads, slug.into_inner(), query.filter()).await?;
    let page = page(PageCtx::new(&req), &loaded, &query);
    respond::html(StatusCode::OK, &page)
}

/// One slot's paper sheet: its people, then blank rows for walk-ins.
pub struct PaperSheet {
    pub slot_id: String,
    pub label: String,
    pub lines: Vec<RosterLine>,
}

/// The day's paper form: one A4 sheet per slot with people in it.
#[derive(Template)]
#[template(path = "pmi/roster_print.html")]
pub struct PaperSheetsPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub title: String,
    pub date: String,
    pub sheets: Vec<PaperSheet>,
    /// Numbers of the blank walk-in rows under each sheet's people.
    pub blank_rows: Vec<usize>,
}

/// `GET /pmi/drives/{slug}/roster/print`: the day's paper form, whole slots
/// (`?slot=` prints one); search and status filters do not apply to paper.
pub async fn print(
    req: HttpRequest,
    reads: web::Data<ReadPool>,
    slug: web::Path<String>,
    query: web::Query<RosterQuery>,
    _: Pmi,
) -> Result<HttpResponse, AppError> {
    let filter = RosterFilter {
        slot_id: query.filter().slot_id,
        ..Default::default()
    };
    let loaded = load(&reads, slug.into_inner(), filter.clone()).await?;
    let ctx = PageCtx::new(&req);
    let sheets = groups(&ctx, &loaded, &filter)
        .into_iter()
        .filter_map(|g| {
            let slot_id = g.slot_id?;
            (!g.lines.is_empty()).then(|| PaperSheet {
                slot_id: slot_id.to_string(),
                label: g.label,
                lines: g.lines,
            })
        })
        .collect();
    let page = PaperSheetsPage {
        slug: loaded.drive.slug.clone(),
        title: loaded.drive.title.clone(),
        date: ctx.t.long_date(loaded.drive.drive_date),
        sheets,
        blank_rows: (1..=PRINTED_WALK_IN_ROWS).collect(),
        ctx,
    };
    respond::html(StatusCode::OK, &page)
}

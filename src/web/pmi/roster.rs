//! `/pmi/drives/{slug}/roster`: the drive's registrations grouped by slot, with
//! search and filters, live seat counts, a print view (one slot per A4 page)
//! and a CSV for Excel; and the no-show sweep after the last slot.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use super::{clock, code_display, slot_label, status_key};
use crate::db::PgPool;
use crate::domain::audit_action::AuditAction;
use crate::domain::codes::ConfirmationCode;
use crate::domain::vocab::{BloodGroup, RegistrationStatus, Rhesus};
use crate::error::AppError;
use crate::export::files::csv_text;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::drives::Drive;
use crate::store::roster::{self, RosterFilter, RosterRow};
use crate::store::slots::Slot;
use crate::web::access::Pmi;
use crate::web::csrf::NotCrossSite;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Default, Deserialize)]
pub struct RosterQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub slot: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub print: String,
    #[serde(default)]
    pub done: String,
}

impl RosterQuery {
    fn filter(&self) -> RosterFilter {
        let search = Some(self.q.trim().to_owned()).filter(|s| !s.is_empty());
        RosterFilter {
            code: search
                .as_deref()
                .and_then(|s| ConfirmationCode::parse(s).ok())
                .map(|c| c.as_str().to_owned()),
            search,
            slot_id: self.slot.trim().parse::<Uuid>().ok(),
            status: self.status.trim().parse::<RegistrationStatus>().ok(),
            id: None,
        }
    }
}

/// One person on the roster.
pub struct RosterLine {
    pub id: Uuid,
    pub name: String,
    pub id_number: String,
    pub unit: String,
    pub sex_key: &'static str,
    pub age: i32,
    pub blood: String,
    pub code: String,
    pub status: &'static str,
    pub status_key: String,
    pub over_capacity: bool,
    pub walk_in: bool,
}

/// The people of one slot (or the waitlist), with its counts.
pub struct RosterGroup {
    pub slot_id: Option<Uuid>,
    pub label: String,
    pub capacity: i32,
    pub booked: i32,
    pub seats_left: i32,
    pub arrived: i64,
    pub lines: Vec<RosterLine>,
}

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

pub fn blood_label(group: BloodGroup, rhesus: Rhesus) -> String {
    let g = match group {
        BloodGroup::Unknown => "?",
        other => other.as_str(),
    };
    let r = match rhesus {
        Rhesus::Positive => "+",
        Rhesus::Negative => "−",
        Rhesus::Unknown => "",
    };
    format!("{g}{r}")
}

fn id_number(row: &RosterRow) -> String {
    row.nip
        .clone()
        .or_else(|| row.nik.clone())
        .unwrap_or_default()
}

fn line(row: &RosterRow) -> RosterLine {
    RosterLine {
        id: row.id,
        name: row.full_name.clone(),
        id_number: id_number(row),
        unit: row.unit_name.clone().unwrap_or_default(),
        sex_key: match row.sex {
            crate::domain::identity::Sex::Male => "pmi-sex-male",
            crate::domain::identity::Sex::Female => "pmi-sex-female",
        },
        age: row.age_years,
        blood: blood_label(row.blood_group, row.rhesus),
        code: code_display(&row.code),
        status: row.status.as_str(),
        status_key: status_key(row.status),
        over_capacity: row.over_capacity,
        walk_in: row.source == crate::domain::vocab::RegistrationSource::WalkIn,
    }
}

/// Whether the status counts as "came" (checked in, and what follows).
fn arrived(status: &str) -> bool {
    matches!(status, "checked_in" | "donated" | "deferred")
}

struct Loaded {
    drive: Drive,
    slots: Vec<Slot>,
    rows: Vec<RosterRow>,
    counts: Vec<(Option<Uuid>, String, i64)>,
}

async fn load(
    pool: &web::Data<PgPool>,
    slug: String,
    filter: RosterFilter,
) -> Result<Loaded, AppError> {
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let rows = roster::load(conn, drive.id, &filter)?;
        let counts = roster::slot_counts(conn, drive.id)?;
        Ok(Loaded {
            drive,
            slots,
            rows,
            counts,
        })
    })
    .await
}

fn groups(ctx: &PageCtx, loaded: &Loaded, filter: &RosterFilter) -> Vec<RosterGroup> {
    let mut out: Vec<RosterGroup> = loaded
        .slots
        .iter()
        .filter(|s| filter.slot_id.is_none_or(|id| id == s.id))
        .map(|s| RosterGroup {
            slot_id: Some(s.id),
            label: slot_label(ctx, &loaded.drive, s),
            capacity: s.capacity,
            booked: s.booked,
            seats_left: s.seats_left(),
            arrived: loaded
                .counts
                .iter()
                .filter(|(slot, status, _)| *slot == Some(s.id) && arrived(status))
                .map(|(_, _, n)| n)
                .sum(),
            lines: Vec::new(),
        })
        .collect();
    let mut waitlist = RosterGroup {
        slot_id: None,
        label: ctx.t.t("pmi-roster-waitlist"),
        capacity: 0,
        booked: 0,
        seats_left: 0,
        arrived: 0,
        lines: Vec::new(),
    };
    for row in &loaded.rows {
        match out
            .iter_mut()
            .find(|g| g.slot_id.is_some() && g.slot_id == row.slot_id)
        {
            Some(group) => group.lines.push(line(row)),
            None => waitlist.lines.push(line(row)),
        }
    }
    if !waitlist.lines.is_empty() {
        out.push(waitlist);
    }
    out
}

fn export_query(query: &RosterQuery) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("q", &query.q),
        ("slot", &query.slot),
        ("status", &query.status),
    ] {
        if !v.trim().is_empty() {
            s.append_pair(k, v.trim());
        }
    }
    s.finish()
}

/// Whether the drive's last slot has ended (the no-show sweep is offered then).
fn last_slot_over(slots: &[Slot], now: chrono::DateTime<Utc>) -> bool {
    crate::domain::day_of::last_slot_over(slots.iter().map(|s| s.ends_at), now)
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
        export_query: export_query(query),
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

/// `GET /pmi/drives/{slug}/roster.csv`: the roster for Excel (UTF-8 with BOM), audited.
pub async fn csv(
    req: HttpRequest,
    Pmi(me): Pmi,
    _: NotCrossSite,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<RosterQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = query.filter();
    let loaded = load(&pool, slug.into_inner(), filter.clone()).await?;
    let ctx = PageCtx::new(&req);
    let body = roster_csv(&ctx, &loaded, &filter)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing the roster CSV: {e}")))?;
    let drive_id = loaded.drive.id;
    let rows = loaded.rows.len();
    let ip = crate::web::auth::client_ip(&req);
    let details = serde_json::json!({
        "format": "csv",
        "rows": rows,
        // Whether the list was searched, never what for (a name, a NIP).
        "searched": !query.q.trim().is_empty(),
        "slot": filter.slot_id,
        "status": filter.status.map(|s| s.as_str()),
    });
    with_conn(&pool, move |conn| {
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(me.id),
                action: AuditAction::RosterExport,
                entity_type: "drive",
                entity_id: Some(drive_id),
                drive_id: Some(drive_id),
                details,
                ip: ip.as_deref(),
            },
        )?;
        Ok(())
    })
    .await?;
    let filename = format!("roster-{}.csv", loaded.drive.slug);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

fn roster_csv(
    ctx: &PageCtx,
    loaded: &Loaded,
    filter: &RosterFilter,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record([
            ctx.t.t("pmi-col-slot"),
            ctx.t.t("pmi-col-code"),
            ctx.t.t("pmi-col-name"),
            ctx.t.t("pmi-col-id-number"),
            ctx.t.t("pmi-col-unit"),
            ctx.t.t("pmi-col-sex"),
            ctx.t.t("pmi-col-age"),
            ctx.t.t("pmi-col-blood"),
            ctx.t.t("pmi-col-status"),
            ctx.t.t("pmi-col-checked-in-at"),
        ])?;
        for group in groups(ctx, loaded, filter) {
            for l in &group.lines {
                let row = loaded.rows.iter().find(|r| r.id == l.id);
                let checked_in = row
                    .and_then(|r| r.checked_in_at)
                    .map(|at| clock(ctx, &loaded.drive, &at))
                    .unwrap_or_default();
                w.write_record([
                    csv_text(group.label.clone()),
                    csv_text(l.code.clone()),
                    csv_text(l.name.clone()),
                    // A leading apostrophe keeps Excel from turning 18 digits into 1.9E+17.
                    if l.id_number.is_empty() {
                        String::new()
                    } else {
                        format!("'{}", l.id_number)
                    },
                    csv_text(l.unit.clone()),
                    csv_text(ctx.t.t(l.sex_key)),
                    // A number, written as one.
                    l.age.to_string(),
                    csv_text(l.blood.clone()),
                    csv_text(ctx.t.t(&l.status_key)),
                    csv_text(checked_in),
                ])?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}

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
    let loaded = load(pool, slug, filter).await?;
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
        page.notice = Some(Notice::new("bad", page.ctx.t.t("pmi-no-shows-too-early")));
        return respond::html(StatusCode::CONFLICT, &page);
    }
    let slug = page.slug.clone();
    let drive_slug = slug.clone();
    // The store checks the time again, in the same transaction as the change.
    let outcome = with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &drive_slug)?;
        Ok(crate::store::day_of::mark_remaining_no_shows(
            conn,
            drive.id,
            me.id,
            Utc::now(),
        ))
    })
    .await?;
    let count = match outcome {
        Ok(count) => count,
        Err(crate::store::day_of::DayOfError::TooEarly) => {
            page.notice = Some(Notice::new("bad", page.ctx.t.t("pmi-no-shows-too-early")));
            return respond::html(StatusCode::CONFLICT, &page);
        }
        Err(e) => return Err(e.into()),
    };
    Ok(respond::see_other(format!(
        "/pmi/drives/{slug}/roster?status=no_show&done={count}"
    )))
}

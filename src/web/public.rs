//! Public pages: the list of open drives and a drive's page with its slots.

use actix_web::{HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;

use crate::db::PgPool;
use crate::error::AppError;
use crate::store::drives::{Drive, PublicDrive};
use crate::store::slots::Slot;
use crate::web::{PageCtx, with_conn};

/// A slot as people read it, in the drive's time zone.
pub struct SlotView {
    pub id: String,
    pub label: String,
    pub capacity: i32,
    pub seats_left: i32,
    pub closed: bool,
}

/// A drive as shown in lists and headers.
pub struct DriveView {
    pub slug: String,
    pub title: String,
    pub date: String,
    pub venue: String,
    pub partner: String,
    pub target_bags: i32,
    pub registration_open: bool,
    pub closes: String,
    pub seats_left: i32,
}

impl DriveView {
    pub fn new(ctx: &PageCtx, drive: &PublicDrive, slots: &[Slot]) -> Self {
        let tz = drive.tz();
        let closes_local = drive.registration_closes_at.with_timezone(&tz);
        DriveView {
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            date: ctx.t.long_date(drive.drive_date),
            venue: drive.venue.clone(),
            partner: drive.partner.clone(),
            target_bags: drive.target_bags,
            registration_open: drive.registration_open_at(Utc::now()),
            closes: format!(
                "{}, {} {}",
                ctx.t.long_date(closes_local.date_naive()),
                ctx.t.time(&closes_local),
                zone_abbreviation(&drive.time_zone)
            ),
            seats_left: slots.iter().map(Slot::seats_left).sum(),
        }
    }
}

/// Indonesian zone names people know (WIB/WITA/WIT); otherwise the IANA name.
pub fn zone_abbreviation(time_zone: &str) -> &str {
    match time_zone {
        "Asia/Jakarta" | "Asia/Pontianak" => "WIB",
        "Asia/Makassar" => "WITA",
        "Asia/Jayapura" => "WIT",
        other => other,
    }
}

pub fn slot_views(ctx: &PageCtx, drive: &PublicDrive, slots: &[Slot]) -> Vec<SlotView> {
    let tz = drive.tz();
    slots
        .iter()
        .map(|s| SlotView {
            id: s.id.to_string(),
            label: format!(
                "{}–{} {}",
                ctx.t.time(&s.starts_at.with_timezone(&tz)),
                ctx.t.time(&s.ends_at.with_timezone(&tz)),
                zone_abbreviation(&drive.time_zone)
            ),
            capacity: s.capacity,
            seats_left: s.seats_left(),
            closed: s.closed,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "public/index.html")]
pub struct IndexPage {
    pub ctx: PageCtx,
    pub drives: Vec<DriveView>,
}

/// `GET /`: the open drives.
pub async fn index(req: HttpRequest, pool: web::Data<PgPool>) -> Result<IndexPage, AppError> {
    let ctx = PageCtx::new(&req);
    let rows = with_conn(&pool, |conn| {
        let drives = Drive::list_public(conn)?;
        let ids: Vec<_> = drives.iter().map(|d| d.id).collect();
        let mut slots = Slot::for_drives(conn, &ids)?;
        Ok(drives
            .into_iter()
            .map(|drive| {
                let (own, rest): (Vec<Slot>, Vec<Slot>) = std::mem::take(&mut slots)
                    .into_iter()
                    .partition(|s| s.drive_id == drive.id);
                slots = rest;
                (drive, own)
            })
            .collect::<Vec<_>>())
    })
    .await?;
    let drives = rows
        .iter()
        .map(|(drive, slots)| DriveView::new(&ctx, &drive.public(), slots))
        .collect();
    Ok(IndexPage { ctx, drives })
}

#[derive(Template, WebTemplate)]
#[template(path = "public/drive.html")]
pub struct DrivePage {
    pub ctx: PageCtx,
    pub drive: DriveView,
    pub slots: Vec<SlotView>,
}

/// `GET /drives/{slug}`: date, venue, partner, and the slots with seats left.
pub async fn drive_page(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
) -> Result<DrivePage, AppError> {
    let ctx = PageCtx::new(&req);
    let slug = slug.into_inner();
    let (drive, slots) = with_conn(&pool, move |conn| {
        Ok(PublicDrive::find_with_slots(conn, &slug)?)
    })
    .await?;
    // Drafts are invisible to the public until an organizer opens them.
    if drive.status == crate::domain::vocab::DriveStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(DrivePage {
        drive: DriveView::new(&ctx, &drive, &slots),
        slots: slot_views(&ctx, &drive, &slots),
        ctx,
    })
}

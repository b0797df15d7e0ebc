//! `GET /api/v1/drives[/{slug}[/slots]]`: the open drives, one drive with its
//! work units, and its slots with the seats left.

use actix_web::web;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::PgPool;
use crate::domain::vocab::DriveStatus;
use crate::error::AppError;
use crate::i18n::I18n;
use crate::store::drives::Drive;
use crate::store::slots::Slot;
use crate::store::units::WorkUnit;
use crate::web::with_conn;

use super::ApiError;

/// A drive as the public sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DriveSummary {
    #[schema(example = "hbi-77-2027")]
    pub slug: String,
    pub title: String,
    /// The day of the drive, in its time zone.
    pub date: NaiveDate,
    #[schema(example = "Asia/Makassar")]
    pub time_zone: String,
    pub venue: String,
    /// The PMI unit collecting the blood.
    pub partner: String,
    /// `open`, `closed` or `done` (drafts are not shown).
    #[schema(example = "open")]
    pub status: &'static str,
    pub target_bags: i32,
    /// 350 or 450.
    #[schema(example = 350)]
    pub bag_volume_ml: i32,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    /// Whether people can register themselves right now.
    pub registration_open: bool,
    /// Free seats over all open slots.
    pub seats_left: i32,
}

impl DriveSummary {
    pub fn new(drive: &Drive, slots: &[Slot], now: DateTime<Utc>) -> Self {
        DriveSummary {
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            date: drive.drive_date,
            time_zone: drive.time_zone.clone(),
            venue: drive.venue.clone(),
            partner: drive.partner.clone(),
            status: drive.status.as_str(),
            target_bags: drive.target_bags,
            bag_volume_ml: drive.bag_volume_ml,
            registration_opens_at: drive.registration_opens_at,
            registration_closes_at: drive.registration_closes_at,
            registration_open: drive.registration_open_at(now),
            seats_left: slots.iter().map(Slot::seats_left).sum(),
        }
    }
}

/// A work unit invited to a drive (the `work_unit` field of a registration takes its code).
#[derive(Debug, Serialize, ToSchema)]
pub struct UnitBody {
    #[schema(example = "KANIM-KUPANG")]
    pub code: String,
    pub name: String,
    /// kanwil, division, kanim, lapas, rutan, ...
    #[schema(example = "kanim")]
    pub kind: &'static str,
}

/// A drive with the work units invited to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DriveDetail {
    #[serde(flatten)]
    pub drive: DriveSummary,
    pub work_units: Vec<UnitBody>,
}

/// A time slot: when to come, and how many seats are left.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotBody {
    /// The `slot_id` to register for.
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub booked: i32,
    pub seats_left: i32,
    /// Closed by the organizers: no new bookings.
    pub closed: bool,
}

impl From<&Slot> for SlotBody {
    fn from(slot: &Slot) -> Self {
        SlotBody {
            id: slot.id,
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            capacity: slot.capacity,
            booked: slot.booked,
            seats_left: slot.seats_left(),
            closed: slot.closed,
        }
    }
}

/// The drive with this slug, unless it is a draft (invisible until opened).
pub fn visible_drive(conn: &mut crate::db::PgPooled, slug: &str) -> Result<Drive, AppError> {
    let drive = Drive::find_by_slug(conn, slug)?;
    if drive.status == DriveStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(drive)
}

/// The open drives, soonest first.
#[utoipa::path(
    get,
    path = "/api/v1/drives",
    tag = "drives",
    responses(
        (status = 200, description = "The open drives, soonest first", body = Vec<DriveSummary>),
        (status = 503, description = "The database is unavailable", body = super::ErrorBody),
    )
)]
pub async fn list(
    t: I18n,
    pool: web::Data<PgPool>,
) -> Result<web::Json<Vec<DriveSummary>>, ApiError> {
    let rows = with_conn(&pool, |conn| {
        let drives = Drive::list_public(conn)?;
        let mut rows = Vec::with_capacity(drives.len());
        for drive in drives {
            let slots = Slot::for_drive(conn, drive.id)?;
            rows.push((drive, slots));
        }
        Ok(rows)
    })
    .await
    .map_err(|e| ApiError::from_app(e, &t))?;
    let now = Utc::now();
    Ok(web::Json(
        rows.iter()
            .map(|(drive, slots)| DriveSummary::new(drive, slots, now))
            .collect(),
    ))
}

/// One drive with its work units.
#[utoipa::path(
    get,
    path = "/api/v1/drives/{slug}",
    tag = "drives",
    params(("slug" = String, Path, description = "The drive's slug")),
    responses(
        (status = 200, description = "The drive and its work units", body = DriveDetail),
        (status = 404, description = "No such drive", body = super::ErrorBody),
    )
)]
pub async fn detail(
    t: I18n,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
) -> Result<web::Json<DriveDetail>, ApiError> {
    let slug = slug.into_inner();
    let (drive, slots, units) = with_conn(&pool, move |conn| {
        let drive = visible_drive(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let units = drive.units(conn)?;
        Ok((drive, slots, units))
    })
    .await
    .map_err(|e| ApiError::from_app(e, &t))?;
    Ok(web::Json(DriveDetail {
        drive: DriveSummary::new(&drive, &slots, Utc::now()),
        work_units: units.iter().map(unit_body).collect(),
    }))
}

fn unit_body(unit: &WorkUnit) -> UnitBody {
    UnitBody {
        code: unit.code.clone(),
        name: unit.name.clone(),
        kind: unit.kind.as_str(),
    }
}

/// The drive's slots in time order.
#[utoipa::path(
    get,
    path = "/api/v1/drives/{slug}/slots",
    tag = "drives",
    params(("slug" = String, Path, description = "The drive's slug")),
    responses(
        (status = 200, description = "The slots in time order", body = Vec<SlotBody>),
        (status = 404, description = "No such drive", body = super::ErrorBody),
    )
)]
pub async fn slots(
    t: I18n,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
) -> Result<web::Json<Vec<SlotBody>>, ApiError> {
    let slug = slug.into_inner();
    let slots = with_conn(&pool, move |conn| {
        let drive = visible_drive(conn, &slug)?;
        Ok(Slot::for_drive(conn, drive.id)?)
    })
    .await
    .map_err(|e| ApiError::from_app(e, &t))?;
    Ok(web::Json(slots.iter().map(SlotBody::from).collect()))
}

//! `/r/{token}`: the donor's own page, reached only through the secret link
//! given at registration — confirmation code, QR, arrival time, calendar file,
//! reschedule and cancel.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use icalendar::{Calendar, Component, EventLike};
use serde::Deserialize;
use uuid::Uuid;

use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::codes::{ConfirmationCode, SecretToken};
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::donors::Donor;
use crate::store::drives::Drive;
use crate::store::registrations::{self, BookingError, Registration};
use crate::store::slots::Slot;
use crate::web::donor_share::{DonorShare, ShareFacts, donor_share};
use crate::web::public::{DriveView, SlotView, slot_views, zone_abbreviation};
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

/// Everything the donor page shows, loaded in one go.
struct Loaded {
    registration: Registration,
    drive: Drive,
    slots: Vec<Slot>,
    donor: Donor,
    waitlist_position: Option<i64>,
    /// The phone given with this registration (for the WhatsApp button).
    phone: Option<String>,
}

async fn load(pool: &web::Data<PgPool>, token: &str) -> Result<Loaded, AppError> {
    if !SecretToken::looks_valid(token) {
        return Err(AppError::NotFound);
    }
    let hash = SecretToken::hash(token);
    with_conn(pool, move |conn| {
        let registration = Registration::find_by_token_hash(conn, &hash)?;
        let drive = crate::store::drives::Drive::find(conn, registration.drive_id)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let donor = Donor::find(conn, registration.donor_id)?;
        let waitlist_position = registration.waitlist_position(conn)?;
        let phone = crate::store::reminders::phone_of(conn, registration.id)?;
        Ok(Loaded {
            registration,
            drive,
            slots,
            donor,
            waitlist_position,
            phone,
        })
    })
    .await
}

#[derive(Template)]
#[template(path = "public/donor.html")]
struct DonorPage {
    ctx: PageCtx,
    token: String,
    drive: DriveView,
    status: &'static str,
    status_label: String,
    code: String,
    qr_svg: String,
    first_name: String,
    slot_label: Option<String>,
    waitlist_position: Option<i64>,
    other_slots: Vec<SlotView>,
    can_change: bool,
    is_new: bool,
    moved: bool,
    cancelled_now: bool,
    share: Option<DonorShare>,
    error: Option<String>,
    /// After a donation or a deferral (`web::donor_thanks`).
    thanks: Option<crate::web::donor_thanks::Thanks>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    new: Option<String>,
    #[serde(default)]
    moved: Option<String>,
    #[serde(default)]
    cancelled: Option<String>,
}

pub(crate) fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Err(e) => {
            tracing::warn!(error = %e, "QR code could not be made");
            String::new()
        }
    }
}

/// The staff check-in URL the QR code carries (it requires a PMI login).
pub fn checkin_url(public_url: &str, drive_slug: &str, code: &str) -> String {
    format!("{public_url}/pmi/drives/{drive_slug}/checkin?code={code}")
}

fn build_page(ctx: PageCtx, token: &str, loaded: &Loaded, settings: &RuntimeSettings) -> DonorPage {
    let reg = &loaded.registration;
    let tz = loaded.drive.tz();
    let slot = reg
        .slot_id
        .and_then(|id| loaded.slots.iter().find(|s| s.id == id));
    let slot_label = slot.map(|s| {
        format!(
            "{}, {}–{} {}",
            ctx.t.long_date(s.starts_at.with_timezone(&tz).date_naive()),
            ctx.t.time(&s.starts_at.with_timezone(&tz)),
            ctx.t.time(&s.ends_at.with_timezone(&tz)),
            zone_abbreviation(&loaded.drive.time_zone)
        )
    });
    let code = ConfirmationCode::parse(&reg.code)
        .map(|c| c.display())
        .unwrap_or_else(|_| reg.code.clone());
    let can_change = matches!(
        reg.status,
        RegistrationStatus::Booked | RegistrationStatus::Waitlisted
    ) && loaded.drive.registration_open_at(Utc::now());
    let public = loaded.drive.public();
    let other_slots = slot_views(&ctx, &public, &loaded.slots)
        .into_iter()
        .filter(|s| Some(s.id.as_str()) != reg.slot_id.map(|id| id.to_string()).as_deref())
        .filter(|s| s.seats_left > 0)
        .collect();
    let status = reg.status.as_str();
    let manage_url = format!("{}/r/{token}", settings.public_url);
    let share = donor_share(
        &ctx.t,
        &ShareFacts {
            title: &loaded.drive.title,
            venue: &loaded.drive.venue,
            status: reg.status,
            arrival: slot_label.as_deref(),
            date: &ctx.t.long_date(loaded.drive.drive_date),
            code: &code,
            link: &manage_url,
            phone: loaded.phone.as_deref(),
        },
    );
    DonorPage {
        status_label: ctx.t.t(&format!("status-{}", status.replace('_', "-"))),
        drive: DriveView::new(&ctx, &public, &loaded.slots),
        status,
        qr_svg: qr_svg(&checkin_url(
            &settings.public_url,
            &loaded.drive.slug,
            &reg.code,
        )),
        code,
        first_name: loaded
            .donor
            .full_name
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned(),
        slot_label,
        waitlist_position: loaded.waitlist_position,
        other_slots,
        can_change,
        is_new: false,
        moved: false,
        cancelled_now: false,
        share,
        token: token.to_owned(),
        error: None,
        thanks: None,
        ctx,
    }
}

/// `GET /r/{token}`
pub async fn show(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    token: web::Path<String>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, &token).await?;
    let mut page = build_page(PageCtx::new(&req), &token, &loaded, &settings);
    page.is_new = query.new.is_some();
    page.moved = query.moved.is_some();
    page.cancelled_now = query.cancelled.is_some();
    page.thanks = crate::web::donor_thanks::for_page(
        &pool,
        &page.ctx.t,
        &loaded.registration,
        &loaded.donor,
        &loaded.drive,
    )
    .await?;
    respond::html(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "public/donor_cancel.html")]
struct CancelPage {
    ctx: PageCtx,
    token: String,
    drive_title: String,
    slot_label: Option<String>,
    code: String,
}

/// `GET /r/{token}/cancel`: asks before cancelling.
pub async fn confirm_cancel(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, &token).await?;
    if !matches!(
        loaded.registration.status,
        RegistrationStatus::Booked | RegistrationStatus::Waitlisted
    ) {
        return Ok(redirect_to(&token, ""));
    }
    let donor_page = build_page(PageCtx::new(&req), &token, &loaded, &settings);
    let page = CancelPage {
        ctx: donor_page.ctx,
        token: token.into_inner(),
        drive_title: loaded.drive.title.clone(),
        slot_label: donor_page.slot_label,
        code: donor_page.code,
    };
    respond::html(StatusCode::OK, &page)
}

fn redirect_to(token: &str, query: &str) -> HttpResponse {
    respond::see_other(format!("/r/{token}{query}"))
}

/// `POST /r/{token}/cancel`
pub async fn cancel(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, &token).await?;
    let id = loaded.registration.id;
    let ip = crate::web::auth::client_ip(&req);
    let outcome = with_conn(&pool, move |conn| {
        Ok(registrations::cancel_by(
            conn,
            id,
            Actor::Donor,
            ip.as_deref(),
        ))
    })
    .await?;
    match outcome {
        Ok(_) => Ok(redirect_to(&token, "?cancelled=1")),
        // Already cancelled, or checked in meanwhile: the page tells the state.
        Err(BookingError::NotChangeable(_)) => {
            let mut page = build_page(PageCtx::new(&req), &token, &loaded, &settings);
            page.error = Some(page.ctx.t.t("donor-cannot-change"));
            respond::html(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct RescheduleForm {
    #[serde(default)]
    slot_id: String,
}

/// `POST /r/{token}/reschedule`
pub async fn reschedule(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    token: web::Path<String>,
    form: web::Form<RescheduleForm>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, &token).await?;
    let ctx = PageCtx::new(&req);
    let refuse =
        |status: StatusCode, key: &str, loaded: &Loaded| -> Result<HttpResponse, AppError> {
            let mut page = build_page(PageCtx::new(&req), &token, loaded, &settings);
            page.error = Some(page.ctx.t.t(key));
            respond::html(status, &page)
        };
    if !loaded.drive.registration_open_at(Utc::now()) {
        return refuse(StatusCode::CONFLICT, "donor-changes-closed", &loaded);
    }
    let Ok(slot_id) = Uuid::parse_str(form.slot_id.trim()) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "donor-choose-slot",
            &loaded,
        );
    };
    drop(ctx);
    let id = loaded.registration.id;
    let ip = crate::web::auth::client_ip(&req);
    let outcome = with_conn(&pool, move |conn| {
        Ok(registrations::reschedule_by(
            conn,
            id,
            slot_id,
            Actor::Donor,
            ip.as_deref(),
        ))
    })
    .await?;
    match outcome {
        Ok(_) => Ok(redirect_to(&token, "?moved=1")),
        Err(BookingError::SlotFull | BookingError::SlotClosed) => {
            let fresh = load(&pool, &token).await?;
            refuse(StatusCode::CONFLICT, "donor-slot-full", &fresh)
        }
        Err(BookingError::UnknownSlot) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "donor-choose-slot",
            &loaded,
        ),
        Err(BookingError::NotChangeable(_)) => {
            refuse(StatusCode::CONFLICT, "donor-cannot-change", &loaded)
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /r/{token}/calendar.ics`: the arrival time for the person's calendar.
pub async fn calendar(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, &token).await?;
    let reg = &loaded.registration;
    let Some(slot) = reg
        .slot_id
        .and_then(|id| loaded.slots.iter().find(|s| s.id == id))
    else {
        return Err(AppError::NotFound);
    };
    if !matches!(
        reg.status,
        RegistrationStatus::Booked | RegistrationStatus::CheckedIn
    ) {
        return Err(AppError::NotFound);
    }
    let ctx = PageCtx::new(&req);
    let code = ConfirmationCode::parse(&reg.code)
        .map(|c| c.display())
        .unwrap_or_else(|_| reg.code.clone());
    let description = ctx.t.ta(
        "donor-ics-description",
        &[
            ("code", code.clone()),
            (
                "url",
                format!("{}/r/{}", settings.public_url, token.as_str()),
            ),
        ],
    );
    let drive = &loaded.drive;
    let arrival = format!(
        "{} {}",
        ctx.t.time(&slot.starts_at.with_timezone(&drive.tz())),
        zone_abbreviation(&drive.time_zone)
    );
    let day_before = ctx.t.ta(
        "reach-ics-alarm-day",
        &[
            ("title", drive.title.clone()),
            ("time", arrival),
            ("venue", drive.venue.clone()),
        ],
    );
    let hours_before = ctx.t.ta(
        "reach-ics-alarm-hours",
        &[
            ("title", drive.title.clone()),
            ("venue", drive.venue.clone()),
            ("code", code),
        ],
    );
    let event = icalendar::Event::new()
        .uid(&format!("{}@blood-drive", reg.id))
        .summary(&drive.title)
        .location(&drive.venue)
        .description(&description)
        .starts(slot.starts_at)
        .ends(slot.ends_at)
        .alarm(display_alarm("-P1D", &day_before))
        .alarm(display_alarm("-PT2H", &hours_before))
        .done();
    let mut cal = Calendar::new();
    cal.push(event);
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"donor-darah.ics\"",
        ))
        .body(crate::web::ics::refold(&cal.done().to_string())))
}

/// A display alarm `trigger` before the event starts (an RFC 5545 duration
/// written as people read it: `-P1D`, `-PT2H`).
fn display_alarm(trigger: &str, description: &str) -> icalendar::Alarm {
    icalendar::Alarm::display(
        description,
        icalendar::Trigger::Duration(chrono::Duration::zero(), None),
    )
    .add_property("TRIGGER", trigger)
    .done()
}

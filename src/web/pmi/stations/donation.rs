//! `/pmi/drives/{slug}/stations/donation`: the bed. The page calls the next
//! person a screening accepted, shows what the screening measured, and one
//! save records the bag (number, volume, outcome, reaction) and brings the
//! next person.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use uuid::Uuid;

use super::bar::StationBar;
use super::desk::{self, Desk, Pick};
use super::queue::{QueueRow, queue_rows};
use super::screening::StationQuery;
use super::{after_save, done_notice};
use crate::db::PgPool;
use crate::domain::day_of::{DonationOutcome, Reaction};
use crate::domain::stations::Station;
use crate::error::AppError;
use crate::store::day_of::{self, DayOfError};
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::pmi::registration::{DonationForm, DonorCard, read_donation, refusal};
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

/// What the screening found, for the bed.
pub struct Measured {
    pub line: String,
    pub group: Option<String>,
}

#[derive(Template)]
#[template(path = "pmi/station_donation.html")]
pub struct DonationStation {
    pub ctx: PageCtx,
    pub slug: String,
    pub drive_title: String,
    pub bar: StationBar,
    pub queue: Vec<QueueRow>,
    pub notice: Option<Notice>,
    pub done_href: Option<String>,
    pub card: Option<DonorCard>,
    pub measured: Option<Measured>,
    pub donation: DonationForm,
    pub donation_errors: FormErrors,
}

impl DonationStation {
    pub fn volumes(&self) -> [&'static str; 2] {
        ["350", "450"]
    }
    pub fn outcomes(&self) -> [&'static str; 2] {
        [
            DonationOutcome::Complete.as_str(),
            DonationOutcome::Incomplete.as_str(),
        ]
    }
    pub fn reactions(&self) -> [&'static str; 3] {
        [
            Reaction::None.as_str(),
            Reaction::Mild.as_str(),
            Reaction::Severe.as_str(),
        ]
    }
}

fn page(ctx: PageCtx, desk: &Desk, me: Uuid) -> DonationStation {
    let now = Utc::now();
    let (notice, done_href) = done_notice(
        &ctx,
        desk.not_here.as_ref(),
        desk.done.as_ref(),
        Station::Donation,
    );
    let measured = desk
        .at_desk
        .as_ref()
        .and_then(|d| d.screenings.first())
        .map(|s| Measured {
            line: ctx.t.ta(
                "station-measured",
                &[
                    ("weight", format!("{:.1}", s.weight_kg)),
                    ("hb", format!("{:.1}", s.hb_g_dl)),
                    ("bp", format!("{}/{}", s.systolic, s.diastolic)),
                ],
            ),
            group: s.tested_group().map(|g| g.to_string()),
        });
    DonationStation {
        slug: desk.drive.slug.clone(),
        drive_title: desk.drive.title.clone(),
        bar: StationBar::new(&ctx, &desk.drive, Station::Donation, desk.counts.clone()),
        queue: queue_rows(&ctx, &desk.drive, Station::Donation, &desk.queue, me, now),
        notice,
        done_href,
        card: desk
            .at_desk
            .as_ref()
            .map(|d| DonorCard::new(&ctx, &desk.drive, &desk.slots, &d.row)),
        measured,
        donation: DonationForm::prefilled(&desk.drive),
        donation_errors: FormErrors::default(),
        ctx,
    }
}

/// `GET /pmi/drives/{slug}/stations/donation[?id=…][&done=…]`
pub async fn donation_station(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<StationQuery>,
) -> Result<HttpResponse, AppError> {
    let desk = desk::load(
        &pool,
        slug.into_inner(),
        Station::Donation,
        me.id,
        query.pick(),
        query.done(),
    )
    .await?;
    let p = page(PageCtx::new(&req), &desk, me.id);
    respond::html(StatusCode::OK, &p)
}

/// `POST /pmi/drives/{slug}/stations/donation/{id}`: one save, then the next person.
pub async fn donation_save(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    path: web::Path<(String, String)>,
    form: web::Form<DonationForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let desk = desk::load(&pool, slug, Station::Donation, me.id, Pick::Keep(id), None).await?;
    let mut p = page(PageCtx::new(&req), &desk, me.id);
    if desk.not_here.is_some() {
        return respond::html(StatusCode::CONFLICT, &p);
    }
    let form = form.into_inner();
    p.donation = form.clone();
    let new = match read_donation(&p.ctx, &form) {
        Ok(new) => new,
        Err(errors) => {
            p.donation_errors = errors;
            return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let outcome = with_conn(&pool, move |conn| {
        Ok(day_of::record_donation(conn, id, me.id, &new))
    })
    .await?;
    let slug = desk.drive.slug.clone();
    match outcome {
        Ok(_) => Ok(respond::see_other(after_save(&slug, Station::Donation, id))),
        Err(DayOfError::BagTaken) => {
            let text = p.ctx.t.t("pmi-bag-taken");
            p.donation_errors.add("bag_number", text);
            respond::html(StatusCode::CONFLICT, &p)
        }
        Err(DayOfError::Database(e)) => Err(e.into()),
        Err(e) => {
            let fresh = desk::load(&pool, slug, Station::Donation, me.id, Pick::Next, None).await?;
            let mut p = page(p.ctx, &fresh, me.id);
            let (status, text) = refusal(&p.ctx, &fresh.drive, &e);
            p.notice = Some(Notice::new("bad", text));
            respond::html(status, &p)
        }
    }
}

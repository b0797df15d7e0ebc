//! `/pmi/drives/{slug}/stations/screening`: the screening table. The page
//! calls the next person from its queue and shows their form; one save
//! records weight, Hb, blood pressure, pulse, temperature, the blood group
//! PMI tested and the decision, and brings the next person. The decision
//! defaults to the system's suggestion; a suggested deferral is shown for
//! confirmation first (a deferral is never applied unseen).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;
use uuid::Uuid;

use super::bar::StationBar;
use super::desk::{self, Desk, Pick};
use super::queue::{QueueRow, queue_rows};
use super::{after_save, done_notice};
use crate::db::PgPool;
use crate::domain::screening::{Decision, ScreeningThresholds, suggest};
use crate::domain::stations::Station;
use crate::error::AppError;
use crate::registration::{bag_volume, rules_for};
use crate::store::day_of::{self, DayOfError};
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::pmi::registration::{
    DonorCard, ScreeningForm, SuggestionView, VitalField, deferral_reasons, read_screening,
    read_vitals, refusal, suggestion_view, vital_fields,
};
use crate::web::pmi::tested_group_choices;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Default, Deserialize)]
pub struct StationQuery {
    /// A person picked from the queue.
    #[serde(default)]
    pub id: Option<String>,
    /// The person just saved.
    #[serde(default)]
    pub done: Option<String>,
}

impl StationQuery {
    pub fn pick(&self) -> Pick {
        match self
            .id
            .as_deref()
            .and_then(|id| id.trim().parse::<Uuid>().ok())
        {
            Some(id) => Pick::Chosen(id),
            None => Pick::Next,
        }
    }

    pub fn done(&self) -> Option<Uuid> {
        self.done.as_deref().and_then(|id| id.trim().parse().ok())
    }
}

#[derive(Template)]
#[template(path = "pmi/station_screening.html")]
pub struct ScreeningStation {
    pub ctx: PageCtx,
    pub slug: String,
    pub drive_title: String,
    pub bar: StationBar,
    pub queue: Vec<QueueRow>,
    pub notice: Option<Notice>,
    pub done_href: Option<String>,
    pub card: Option<DonorCard>,
    pub screening: ScreeningForm,
    pub screening_errors: FormErrors,
    pub suggestion: Option<SuggestionView>,
    pub tested_group_choices: Vec<(String, String)>,
    pub deferral_reasons: Vec<(&'static str, String)>,
    pub seen: usize,
    /// Show the deferral and override fields open.
    pub more_open: bool,
}

impl ScreeningStation {
    pub fn vitals_fields(&self) -> Vec<VitalField> {
        vital_fields(&self.screening)
    }
}

fn page(ctx: PageCtx, desk: &Desk, me: Uuid) -> ScreeningStation {
    let now = Utc::now();
    let (notice, done_href) = done_notice(
        &ctx,
        desk.not_here.as_ref(),
        desk.done.as_ref(),
        Station::Screening,
    );
    ScreeningStation {
        slug: desk.drive.slug.clone(),
        drive_title: desk.drive.title.clone(),
        bar: StationBar::new(&ctx, &desk.drive, Station::Screening, desk.counts.clone()),
        queue: queue_rows(&ctx, &desk.drive, Station::Screening, &desk.queue, me, now),
        notice,
        done_href,
        card: desk
            .at_desk
            .as_ref()
            .map(|d| DonorCard::new(&ctx, &desk.drive, &desk.slots, &d.row)),
        seen: desk.at_desk.as_ref().map_or(0, |d| d.screenings.len()),
        screening: ScreeningForm::default(),
        screening_errors: FormErrors::default(),
        suggestion: None,
        tested_group_choices: tested_group_choices(),
        deferral_reasons: deferral_reasons(&ctx),
        more_open: false,
        ctx,
    }
}

/// `GET /pmi/drives/{slug}/stations/screening[?id=…][&done=…]`
pub async fn screening_station(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<StationQuery>,
) -> Result<HttpResponse, AppError> {
    let desk = desk::load(
        &pool,
        slug.into_inner(),
        Station::Screening,
        me.id,
        query.pick(),
        query.done(),
    )
    .await?;
    let p = page(PageCtx::new(&req), &desk, me.id);
    respond::html(StatusCode::OK, &p)
}

/// `POST /pmi/drives/{slug}/stations/screening/{id}`: one save, then the next person.
pub async fn screening_save(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    path: web::Path<(String, String)>,
    form: web::Form<ScreeningForm>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let desk = desk::load(&pool, slug, Station::Screening, me.id, Pick::Keep(id), None).await?;
    let mut p = page(PageCtx::new(&req), &desk, me.id);
    if let Some(gone) = &desk.not_here {
        let text = p
            .ctx
            .t
            .t1("station-not-waiting-here", "name", gone.name.clone());
        p.notice = Some(Notice::new("warn", text));
        return respond::html(StatusCode::CONFLICT, &p);
    }
    let form = form.into_inner();
    p.screening = form.clone();
    let mut errors = FormErrors::default();
    let Some(vitals) = read_vitals(&p.ctx, &form, &mut errors) else {
        return with_errors(p, errors);
    };
    let drive = &desk.drive;
    let suggestion = suggest(
        &ScreeningThresholds::default(),
        &rules_for(drive),
        &vitals,
        bag_volume(drive),
    );
    p.suggestion = Some(suggestion_view(&p.ctx, &suggestion));
    let mut decided = form.clone();
    if decided.decision.trim().is_empty() {
        decided.decision = suggestion.decision.as_str().to_owned();
        if suggestion.decision == Decision::Defer {
            // A deferral is confirmed by the coordinator, never applied unseen.
            p.screening.decision = decided.decision;
            if let Some(first) = suggestion.reasons.first() {
                p.screening.deferral_reason = first.category.as_str().to_owned();
            }
            p.more_open = true;
            let text = p.ctx.t.t("station-confirm-deferral");
            p.notice = Some(Notice::new("warn", text));
            return respond::html(StatusCode::OK, &p);
        }
    }
    let new = match read_screening(&p.ctx, &decided, vitals, &suggestion, drive.drive_date) {
        Ok(new) => new,
        Err(errors) => {
            p.more_open = true;
            return with_errors(p, errors);
        }
    };
    let outcome = with_conn(&pool, move |conn| {
        Ok(day_of::record_screening(conn, id, me.id, &new))
    })
    .await?;
    match outcome {
        Ok(_) => Ok(respond::see_other(after_save(
            &drive.slug,
            Station::Screening,
            id,
        ))),
        Err(DayOfError::Database(e)) => Err(e.into()),
        Err(e) => {
            let fresh = desk::load(
                &pool,
                drive.slug.clone(),
                Station::Screening,
                me.id,
                Pick::Next,
                None,
            )
            .await?;
            let mut p = page(p.ctx, &fresh, me.id);
            let (status, text) = refusal(&p.ctx, &fresh.drive, &e);
            p.notice = Some(Notice::new("bad", text));
            respond::html(status, &p)
        }
    }
}

/// The form again with its mistakes, the person still at the desk.
fn with_errors(mut p: ScreeningStation, errors: FormErrors) -> Result<HttpResponse, AppError> {
    p.screening_errors = errors;
    respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

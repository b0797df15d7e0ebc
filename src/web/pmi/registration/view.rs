//! The registration's page: what it loads, how it is built, and `GET`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::actions::{ActionButton, action_button, action_from_form};
use super::card::{DonorCard, group_difference};
use super::forms::{DonationForm, ScreeningForm};
use super::history::{
    DonationLine, HistoryView, ScreeningLine, day_of_answers, donation_line, history_views,
    screening_lines,
};
use crate::db::PgPool;
use crate::domain::day_of::{DayOfAction, DayOfFacts, DonationOutcome, Reaction, available};
use crate::domain::screening::DeferralReason;
use crate::error::AppError;
use crate::store::day_of::{self, Donation, HistoryLine, Screening};
use crate::store::drives::Drive;
use crate::store::registrations::Registration;
use crate::store::roster::{self, RosterRow};
use crate::store::slots::Slot;
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

/// Everything about one registration, loaded in one go.
pub struct Loaded {
    pub drive: Drive,
    pub slots: Vec<Slot>,
    pub row: RosterRow,
    pub registration: Registration,
    pub facts: DayOfFacts,
    pub screenings: Vec<(Screening, String)>,
    pub donation: Option<(Donation, String)>,
    pub history: Vec<HistoryLine>,
}

pub async fn load(pool: &web::Data<PgPool>, id: Uuid) -> Result<Loaded, AppError> {
    with_conn(pool, move |conn| {
        let registration = Registration::find(conn, id)?;
        let drive = Drive::find(conn, registration.drive_id)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let row = roster::row(conn, id)?;
        let facts = day_of::facts_of(conn, &registration)?;
        let screenings = day_of::screenings_for(conn, id)?;
        let donation = day_of::donation_for(conn, id)?;
        let history = day_of::history(conn, id)?;
        Ok(Loaded {
            drive,
            slots,
            row,
            registration,
            facts,
            screenings,
            donation,
            history,
        })
    })
    .await
}

pub(super) fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    raw.parse::<Uuid>().map_err(|_| AppError::NotFound)
}

#[derive(Template)]
#[template(path = "pmi/registration.html")]
pub struct RegistrationPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub drive_title: String,
    pub card: DonorCard,
    pub notice: Option<Notice>,
    pub day_of: Vec<(String, String)>,
    pub actions: Vec<ActionButton>,
    pub confirm: Option<ActionButton>,
    pub can_check_in: bool,
    pub show_screening: bool,
    pub show_donation: bool,
    pub screening: ScreeningForm,
    pub screening_errors: FormErrors,
    pub suggestion: Option<SuggestionView>,
    pub deferral_reasons: Vec<(&'static str, String)>,
    /// The groups PMI may record (`A+` … `O-`, each with its printed label).
    pub tested_group_choices: Vec<(String, String)>,
    pub donation: DonationForm,
    pub donation_errors: FormErrors,
    pub screenings: Vec<ScreeningLine>,
    pub donation_done: Option<DonationLine>,
    pub history: Vec<HistoryView>,
    pub seen: usize,
}

/// The screening's suggestion, translated.
pub struct SuggestionView {
    pub decision: &'static str,
    pub title: String,
    pub reasons: Vec<String>,
}

/// One vital sign on the screening form.
pub struct VitalField {
    pub field: &'static str,
    pub label_key: &'static str,
    pub unit: &'static str,
    pub mode: &'static str,
    pub value: String,
}

/// The vital signs of a screening form, in the order they are measured.
pub fn vital_fields(s: &ScreeningForm) -> Vec<VitalField> {
    [
        ("weight_kg", "pmi-weight", "kg", "decimal", &s.weight_kg),
        ("hb_g_dl", "pmi-hb", "g/dL", "decimal", &s.hb_g_dl),
        ("systolic", "pmi-systolic", "mmHg", "numeric", &s.systolic),
        (
            "diastolic",
            "pmi-diastolic",
            "mmHg",
            "numeric",
            &s.diastolic,
        ),
        ("pulse", "pmi-pulse", "/min", "numeric", &s.pulse),
        (
            "temperature_c",
            "pmi-temperature",
            "°C",
            "decimal",
            &s.temperature_c,
        ),
    ]
    .into_iter()
    .map(|(field, label_key, unit, mode, value)| VitalField {
        field,
        label_key,
        unit,
        mode,
        value: value.clone(),
    })
    .collect()
}

impl RegistrationPage {
    pub fn vitals_fields(&self) -> Vec<VitalField> {
        vital_fields(&self.screening)
    }
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

pub fn page(ctx: PageCtx, loaded: Loaded) -> RegistrationPage {
    let mut card = DonorCard::new(&ctx, &loaded.drive, &loaded.slots, &loaded.row);
    card.over_capacity_reason = loaded.registration.over_capacity_reason.clone();
    card.blood_differs = group_difference(&ctx, &loaded.screenings);
    let offered = available(loaded.facts);
    RegistrationPage {
        slug: loaded.drive.slug.clone(),
        drive_title: loaded.drive.title.clone(),
        notice: None,
        day_of: day_of_answers(&ctx, &loaded.registration),
        actions: offered.iter().filter_map(|a| action_button(*a)).collect(),
        confirm: None,
        can_check_in: offered.contains(&DayOfAction::CheckIn),
        show_screening: offered.contains(&DayOfAction::ScreenAccept)
            && !loaded.facts.accepted_screening,
        show_donation: offered.contains(&DayOfAction::RecordDonation),
        screening: ScreeningForm::default(),
        screening_errors: FormErrors::default(),
        suggestion: None,
        deferral_reasons: deferral_reasons(&ctx),
        tested_group_choices: crate::web::pmi::tested_group_choices(),
        donation: DonationForm::prefilled(&loaded.drive),
        donation_errors: FormErrors::default(),
        seen: loaded.screenings.len(),
        screenings: screening_lines(&ctx, &loaded.drive, &loaded.screenings),
        donation_done: donation_line(&ctx, &loaded.drive, loaded.donation.as_ref()),
        history: history_views(&ctx, &loaded.drive, &loaded.history, &loaded.screenings),
        card,
        ctx,
    }
}

/// The reasons a coordinator may give for a deferral, translated.
pub fn deferral_reasons(ctx: &PageCtx) -> Vec<(&'static str, String)> {
    DeferralReason::ALL
        .iter()
        .map(|r| (r.as_str(), ctx.t.message(r.message_key(), &[])))
        .collect()
}

/// What the screening and donation posts start from: the page as it stands,
/// with the registration's drive and its day-of facts.
pub(super) struct Opened {
    pub id: Uuid,
    pub drive: Drive,
    pub facts: DayOfFacts,
    pub page: RegistrationPage,
}

/// The shared opening of the screening and donation posts.
pub(super) async fn open(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    raw_id: &str,
) -> Result<Opened, AppError> {
    let id = parse_id(raw_id)?;
    let loaded = load(pool, id).await?;
    let drive = loaded.drive.clone();
    let facts = loaded.facts;
    let page = page(PageCtx::new(req), loaded);
    Ok(Opened {
        id,
        drive,
        facts,
        page,
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub confirm: String,
}

/// `GET /pmi/registrations/{id}`
pub async fn show(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    query: web::Query<ShowQuery>,
    _: Pmi,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&id)?;
    let loaded = load(&pool, id).await?;
    let mut p = page(PageCtx::new(&req), loaded);
    let done = query.done.trim();
    if !done.is_empty() {
        let key = format!("pmi-done-{}", done.replace('_', "-"));
        if p.ctx.t.has(&key) {
            p.notice = Some(Notice::new("ok", p.ctx.t.t(&key)));
        }
    }
    if let Some(action) = action_from_form(query.confirm.trim()) {
        p.confirm = p
            .actions
            .iter()
            .find(|b| action_from_form(b.action) == Some(action))
            .and_then(|_| action_button(action));
    }
    respond::html(StatusCode::OK, &p)
}

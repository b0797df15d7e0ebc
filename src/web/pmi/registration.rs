//! `/pmi/registrations/{id}`: one donor's card, status and history, with the
//! actions of its state — undo check-in, no-show and back, the screening form
//! (suggestion, then the coordinator's confirmation or override) and the
//! donation record.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::roster::blood_label;
use super::{clock, code_display, parse_decimal, parse_whole, slot_label, status_key};
use crate::db::PgPool;
use crate::domain::day_of::{
    DayOfAction, DayOfFacts, DonationOutcome, Reaction, TransitionError, available,
    parse_bag_number,
};
use crate::domain::screening::{
    Decision, DeferralReason, ScreeningThresholds, Suggestion, Vitals, suggest, validate_vitals,
};
use crate::domain::vocab::{RegistrationSource, RegistrationStatus};
use crate::error::AppError;
use crate::registration::{bag_volume, rules_for};
use crate::store::day_of::{
    self, DayOfAnswers, DayOfError, Donation, HistoryLine, NewDonation, NewScreening, Screening,
};
use crate::store::drives::Drive;
use crate::store::erasure::ERASED_TEXT;
use crate::store::registrations::Registration;
use crate::store::roster::{self, RosterRow};
use crate::store::slots::Slot;
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

/// The donor as the coordinator sees them at the desk.
pub struct DonorCard {
    pub id: Uuid,
    pub name: String,
    pub id_number: String,
    pub unit: String,
    pub sex_key: &'static str,
    pub age: i32,
    pub blood: String,
    pub code: String,
    pub raw_code: String,
    pub status: &'static str,
    pub status_key: String,
    pub slot: String,
    pub walk_in: bool,
    pub over_capacity: bool,
    /// Why the walk-in sits beyond capacity (on the registration's page only).
    pub over_capacity_reason: Option<String>,
    pub checked_in_at: Option<String>,
}

impl DonorCard {
    pub fn new(ctx: &PageCtx, drive: &Drive, slots: &[Slot], row: &RosterRow) -> Self {
        DonorCard {
            id: row.id,
            name: row.full_name.clone(),
            id_number: row
                .nip
                .clone()
                .or_else(|| row.nik.clone())
                .unwrap_or_default(),
            unit: row.unit_name.clone().unwrap_or_default(),
            sex_key: match row.sex {
                crate::domain::identity::Sex::Male => "pmi-sex-male",
                crate::domain::identity::Sex::Female => "pmi-sex-female",
            },
            age: row.age_years,
            blood: blood_label(row.blood_group, row.rhesus),
            code: code_display(&row.code),
            raw_code: row.code.clone(),
            status: row.status.as_str(),
            status_key: status_key(row.status),
            slot: row
                .slot_id
                .and_then(|id| slots.iter().find(|s| s.id == id))
                .map(|s| slot_label(ctx, drive, s))
                .unwrap_or_else(|| ctx.t.t("pmi-roster-waitlist")),
            walk_in: row.source == RegistrationSource::WalkIn,
            over_capacity: row.over_capacity,
            over_capacity_reason: None,
            checked_in_at: row.checked_in_at.map(|at| clock(ctx, drive, &at)),
        }
    }
}

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

fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    raw.parse::<Uuid>().map_err(|_| AppError::NotFound)
}

/// What the screening form holds, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ScreeningForm {
    #[serde(default)]
    pub weight_kg: String,
    #[serde(default)]
    pub hb_g_dl: String,
    #[serde(default)]
    pub systolic: String,
    #[serde(default)]
    pub diastolic: String,
    #[serde(default)]
    pub pulse: String,
    #[serde(default)]
    pub temperature_c: String,
    /// Empty on the first submit: the page then shows the suggestion to confirm.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub override_reason: String,
    #[serde(default)]
    pub deferral_reason: String,
    #[serde(default)]
    pub deferred_until: String,
    /// How many screenings the page showed (a double submit finds one more).
    #[serde(default)]
    pub seen: String,
}

/// What the donation form holds, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DonationForm {
    #[serde(default)]
    pub bag_number: String,
    #[serde(default)]
    pub volume_ml: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reaction: String,
    #[serde(default)]
    pub notes: String,
}

pub struct ScreeningLine {
    pub at: String,
    pub by: String,
    pub vitals: String,
    pub suggested: String,
    pub decision: String,
    pub overridden: bool,
    pub override_reason: String,
    pub deferral: Option<String>,
    pub deferred_until: Option<String>,
}

pub struct DonationLine {
    pub at: String,
    pub by: String,
    pub bag_number: String,
    pub volume_ml: i32,
    pub outcome_key: String,
    pub reaction_key: String,
    pub notes: String,
}

pub struct HistoryView {
    pub at: String,
    pub who: String,
    pub what: String,
}

pub struct ActionButton {
    pub action: &'static str,
    pub label_key: &'static str,
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
    pub donation: DonationForm,
    pub donation_errors: FormErrors,
    pub screenings: Vec<ScreeningLine>,
    pub donation_done: Option<DonationLine>,
    pub history: Vec<HistoryView>,
    pub seen: usize,
}

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

impl RegistrationPage {
    pub fn vitals_fields(&self) -> Vec<VitalField> {
        let s = &self.screening;
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

fn action_button(action: DayOfAction) -> Option<ActionButton> {
    let (action, label_key) = match action {
        DayOfAction::UndoCheckIn => ("undo_check_in", "pmi-action-undo-check-in"),
        DayOfAction::MarkNoShow => ("no_show", "pmi-action-no-show"),
        DayOfAction::UndoNoShow => ("undo_no_show", "pmi-action-undo-no-show"),
        DayOfAction::UndoDeferral => ("undo_deferral", "pmi-action-undo-deferral"),
        _ => return None,
    };
    Some(ActionButton { action, label_key })
}

fn action_from_form(s: &str) -> Option<DayOfAction> {
    Some(match s {
        "undo_check_in" => DayOfAction::UndoCheckIn,
        "no_show" => DayOfAction::MarkNoShow,
        "undo_no_show" => DayOfAction::UndoNoShow,
        "undo_deferral" => DayOfAction::UndoDeferral,
        _ => return None,
    })
}

/// A history line in words. An override's reason is read from its screening
/// (the audit line only names the screening), so erasure clears it here too.
fn history_what(ctx: &PageCtx, line: &HistoryLine, screenings: &[(Screening, String)]) -> String {
    let key = format!("pmi-history-{}", line.action.replace(['.', '_'], "-"));
    let mut text = if ctx.t.has(&key) {
        ctx.t.t(&key)
    } else {
        line.action.clone()
    };
    let screening_id = line
        .details
        .get("screening_id")
        .and_then(|v| v.as_str())
        .and_then(|id| id.parse::<Uuid>().ok());
    let reason = screening_id
        .and_then(|id| screenings.iter().find(|(s, _)| s.id == id))
        .and_then(|(s, _)| s.override_reason.as_deref());
    if let Some(reason) = reason {
        let reason = shown_text(ctx, reason);
        text.push_str(&format!(" ({}: {reason})", ctx.t.t("pmi-override-reason")));
    }
    if let Some(bag) = line.details.get("bag_number").and_then(|v| v.as_str()) {
        text.push_str(&format!(" · {bag}"));
    }
    text
}

/// Free text as typed, or a word saying it was erased with the donor's data.
fn shown_text(ctx: &PageCtx, text: &str) -> String {
    if text == ERASED_TEXT {
        ctx.t.t("pmi-erased-text")
    } else {
        text.to_owned()
    }
}

fn vitals_summary(ctx: &PageCtx, s: &Screening) -> String {
    let num = |v: f64| {
        let text = crate::domain::messages::format_number(v);
        if ctx.t.lang == crate::i18n::Lang::Id {
            text.replace('.', ",")
        } else {
            text
        }
    };
    format!(
        "{} kg · Hb {} g/dL · {}/{} mmHg · {} /min · {} °C",
        num(s.weight_kg),
        num(s.hb_g_dl),
        s.systolic,
        s.diastolic,
        s.pulse,
        num(s.temperature_c)
    )
}

pub fn page(ctx: PageCtx, loaded: Loaded) -> RegistrationPage {
    let mut card = DonorCard::new(&ctx, &loaded.drive, &loaded.slots, &loaded.row);
    card.over_capacity_reason = loaded.registration.over_capacity_reason.clone();
    let day_of = loaded
        .registration
        .answers
        .get("day_of")
        .and_then(|v| serde_json::from_value::<DayOfAnswers>(v.clone()).ok())
        .map(|a| {
            let yes_no = |b: bool| ctx.t.t(if b { "pmi-yes" } else { "pmi-no" });
            vec![
                (ctx.t.t("pmi-q-fever"), yes_no(a.fever_last_7_days)),
                (
                    ctx.t.t("pmi-q-medication"),
                    yes_no(a.medication_last_3_days),
                ),
                (ctx.t.t("pmi-q-sleep"), yes_no(a.slept_under_4_hours)),
            ]
        })
        .unwrap_or_default();
    let offered = available(loaded.facts);
    let screenings = loaded
        .screenings
        .iter()
        .map(|(s, by)| ScreeningLine {
            at: clock(&ctx, &loaded.drive, &s.recorded_at),
            by: by.clone(),
            vitals: vitals_summary(&ctx, s),
            suggested: ctx.t.message(decision_key(&s.suggested_decision), &[]),
            decision: ctx.t.message(decision_key(&s.final_decision), &[]),
            overridden: s.suggested_decision != s.final_decision,
            override_reason: s
                .override_reason
                .as_deref()
                .map(|r| shown_text(&ctx, r))
                .unwrap_or_default(),
            deferral: s
                .deferral_reason
                .as_deref()
                .and_then(|r| r.parse::<DeferralReason>().ok())
                .map(|r| ctx.t.message(r.message_key(), &[])),
            deferred_until: s.deferred_until.map(|d| ctx.t.long_date(d)),
        })
        .collect();
    let donation_done = loaded.donation.as_ref().map(|(d, by)| DonationLine {
        at: clock(&ctx, &loaded.drive, &d.recorded_at),
        by: by.clone(),
        bag_number: d.bag_number.clone(),
        volume_ml: d.volume_ml,
        outcome_key: format!("pmi-outcome-{}", d.outcome),
        reaction_key: format!("pmi-reaction-{}", d.reaction),
        notes: d.notes.clone(),
    });
    let history = loaded
        .history
        .iter()
        .map(|h| HistoryView {
            at: format!(
                "{}, {}",
                ctx.t
                    .short_date(h.at.with_timezone(&loaded.drive.tz()).date_naive()),
                clock(&ctx, &loaded.drive, &h.at)
            ),
            who: h
                .actor_name
                .clone()
                .unwrap_or_else(|| ctx.t.t(&format!("pmi-actor-{}", h.actor_kind))),
            what: history_what(&ctx, h, &loaded.screenings),
        })
        .collect();
    RegistrationPage {
        slug: loaded.drive.slug.clone(),
        drive_title: loaded.drive.title.clone(),
        notice: None,
        day_of,
        actions: offered.iter().filter_map(|a| action_button(*a)).collect(),
        confirm: None,
        can_check_in: offered.contains(&DayOfAction::CheckIn),
        show_screening: offered.contains(&DayOfAction::ScreenAccept)
            && !loaded.facts.accepted_screening,
        show_donation: offered.contains(&DayOfAction::RecordDonation),
        screening: ScreeningForm::default(),
        screening_errors: FormErrors::default(),
        suggestion: None,
        deferral_reasons: DeferralReason::ALL
            .iter()
            .map(|r| (r.as_str(), ctx.t.message(r.message_key(), &[])))
            .collect(),
        donation: DonationForm {
            volume_ml: loaded.drive.bag_volume_ml.to_string(),
            outcome: DonationOutcome::Complete.as_str().to_owned(),
            reaction: Reaction::None.as_str().to_owned(),
            ..Default::default()
        },
        donation_errors: FormErrors::default(),
        seen: loaded.screenings.len(),
        screenings,
        donation_done,
        history,
        card,
        ctx,
    }
}

fn decision_key(s: &str) -> &'static str {
    match s.parse::<Decision>() {
        Ok(d) => d.message_key(),
        Err(()) => "screening-decision-defer",
    }
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

#[derive(Debug, Default, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    pub action: String,
}

/// The message for a refused change, and its status code.
pub fn refusal(ctx: &PageCtx, drive: &Drive, e: &DayOfError) -> (StatusCode, String) {
    match e {
        DayOfError::AlreadyCheckedIn { by, at } => (
            StatusCode::CONFLICT,
            ctx.t.ta(
                "pmi-already-checked-in",
                &[("name", by.clone()), ("time", clock(ctx, drive, at))],
            ),
        ),
        DayOfError::Refused(TransitionError::AlreadyDone(status)) => (
            StatusCode::CONFLICT,
            ctx.t
                .t1("pmi-already-done", "status", ctx.t.t(&status_key(*status))),
        ),
        DayOfError::Refused(TransitionError::NotAllowed { from }) => (
            StatusCode::CONFLICT,
            ctx.t
                .t1("pmi-not-allowed", "status", ctx.t.t(&status_key(*from))),
        ),
        DayOfError::Refused(TransitionError::NeedsAcceptedScreening) => {
            (StatusCode::CONFLICT, ctx.t.t("pmi-needs-screening"))
        }
        DayOfError::Refused(TransitionError::HasDonation) => {
            (StatusCode::CONFLICT, ctx.t.t("pmi-has-donation"))
        }
        DayOfError::BagTaken => (StatusCode::CONFLICT, ctx.t.t("pmi-bag-taken")),
        DayOfError::Stale => (StatusCode::CONFLICT, ctx.t.t("pmi-stale")),
        DayOfError::TooEarly => (StatusCode::CONFLICT, ctx.t.t("pmi-no-shows-too-early")),
        DayOfError::Database(_) => (StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

async fn refused_page(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    id: Uuid,
    e: DayOfError,
) -> Result<HttpResponse, AppError> {
    if let DayOfError::Database(e) = e {
        return Err(e.into());
    }
    let loaded = load(pool, id).await?;
    let drive = loaded.drive.clone();
    let mut p = page(PageCtx::new(req), loaded);
    let (status, text) = refusal(&p.ctx, &drive, &e);
    p.notice = Some(Notice::new("bad", text));
    respond::html(status, &p)
}

/// `POST /pmi/registrations/{id}/status`: undo check-in, no-show, undo no-show, undo deferral.
pub async fn change_status(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&id)?;
    let Some(action) = action_from_form(form.action.trim()) else {
        let loaded = load(&pool, id).await?;
        let mut p = page(PageCtx::new(&req), loaded);
        p.notice = Some(Notice::new("bad", p.ctx.t.t("pmi-action-unknown")));
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    let outcome = with_conn(&pool, move |conn| {
        Ok(day_of::apply(conn, id, action, me.id))
    })
    .await?;
    match outcome {
        Ok(_) => Ok(respond::see_other(format!(
            "/pmi/registrations/{id}?done={}",
            form.action.trim()
        ))),
        Err(e) => refused_page(&req, &pool, id, e).await,
    }
}

/// The vitals typed, or the errors to show next to each field.
fn read_vitals(ctx: &PageCtx, form: &ScreeningForm, errors: &mut FormErrors) -> Option<Vitals> {
    let mut read = |field: &str, raw: &str, whole_only: bool| -> Option<f64> {
        let v = if whole_only {
            parse_whole(raw).map(f64::from)
        } else {
            parse_decimal(raw)
        };
        if v.is_none() {
            let key = match (raw.trim().is_empty(), whole_only) {
                (true, _) => "pmi-required",
                (false, true) => "pmi-not-a-whole-number",
                (false, false) => "pmi-not-a-number",
            };
            errors.add(field, ctx.t.t(key));
        }
        v
    };
    let weight = read("weight_kg", &form.weight_kg, false);
    let hb = read("hb_g_dl", &form.hb_g_dl, false);
    let temp = read("temperature_c", &form.temperature_c, false);
    let whole = |v: Option<f64>| v.map(|x| x as i32);
    let systolic = whole(read("systolic", &form.systolic, true));
    let diastolic = whole(read("diastolic", &form.diastolic, true));
    let pulse = whole(read("pulse", &form.pulse, true));
    let vitals = Vitals {
        weight_kg: weight?,
        hb_g_dl: hb?,
        systolic: systolic?,
        diastolic: diastolic?,
        pulse: pulse?,
        temperature_c: temp?,
    };
    let implausible = validate_vitals(&vitals);
    for e in &implausible {
        errors.add(e.field, ctx.t.message(e.message_key, &e.args));
    }
    implausible.is_empty().then_some(vitals)
}

fn suggestion_view(ctx: &PageCtx, s: &Suggestion) -> SuggestionView {
    SuggestionView {
        decision: s.decision.as_str(),
        title: ctx.t.message(s.decision.message_key(), &[]),
        reasons: s
            .reasons
            .iter()
            .map(|r| ctx.t.message(r.message_key, &r.args))
            .collect(),
    }
}

/// `POST /pmi/registrations/{id}/screening`: first the suggestion, then the decision.
pub async fn screening(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    form: web::Form<ScreeningForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&id)?;
    let form = form.into_inner();
    let loaded = load(&pool, id).await?;
    let drive = loaded.drive.clone();
    let facts = loaded.facts;
    let mut p = page(PageCtx::new(&req), loaded);
    if facts.status != RegistrationStatus::CheckedIn {
        let key = if facts.status == RegistrationStatus::Booked {
            "pmi-screening-not-checked-in"
        } else {
            "pmi-screening-not-now"
        };
        let text = p
            .ctx
            .t
            .t1(key, "status", p.ctx.t.t(&status_key(facts.status)));
        p.notice = Some(Notice::new("bad", text));
        return respond::html(StatusCode::CONFLICT, &p);
    }
    p.show_screening = true;
    p.screening = form.clone();
    let mut errors = FormErrors::default();
    let vitals = read_vitals(&p.ctx, &form, &mut errors);
    let Some(vitals) = vitals else {
        p.screening_errors = errors;
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    let suggestion = suggest(
        &ScreeningThresholds::default(),
        &rules_for(&drive),
        &vitals,
        bag_volume(&drive),
    );
    p.suggestion = Some(suggestion_view(&p.ctx, &suggestion));
    let decision = form.decision.trim();
    if decision.is_empty() {
        // First submit: show the suggestion, preselected, to confirm or override.
        p.screening.decision = suggestion.decision.as_str().to_owned();
        if let Some(first) = suggestion.reasons.first() {
            p.screening.deferral_reason = first.category.as_str().to_owned();
        }
        return respond::html(StatusCode::OK, &p);
    }
    let Ok(decision) = decision.parse::<Decision>() else {
        errors.add("decision", p.ctx.t.t("pmi-required"));
        p.screening_errors = errors;
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    let override_reason = Some(form.override_reason.trim().to_owned()).filter(|s| !s.is_empty());
    if decision != suggestion.decision && override_reason.is_none() {
        errors.add("override_reason", p.ctx.t.t("pmi-override-reason-required"));
    }
    if override_reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > 1000)
    {
        errors.add("override_reason", p.ctx.t.t("pmi-too-long"));
    }
    let mut deferral_reason = None;
    let mut deferred_until: Option<NaiveDate> = None;
    if decision == Decision::Defer {
        match form.deferral_reason.trim().parse::<DeferralReason>() {
            Ok(r) => deferral_reason = Some(r),
            Err(_) => errors.add("deferral_reason", p.ctx.t.t("pmi-required")),
        }
        let until = form.deferred_until.trim();
        if !until.is_empty() {
            match NaiveDate::parse_from_str(until, "%Y-%m-%d") {
                Ok(d) if d > drive.drive_date => deferred_until = Some(d),
                _ => errors.add("deferred_until", p.ctx.t.t("pmi-deferred-until-invalid")),
            }
        }
    }
    if !errors.is_empty() {
        p.screening_errors = errors;
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let new = NewScreening {
        vitals,
        suggested: suggestion.decision,
        decision,
        override_reason,
        deferral_reason,
        deferred_until,
        reasons: serde_json::to_value(&suggestion.reasons).unwrap_or_default(),
        expected_count: form.seen.trim().parse::<i64>().ok(),
    };
    let outcome = with_conn(&pool, move |conn| {
        Ok(day_of::record_screening(conn, id, me.id, &new))
    })
    .await?;
    match outcome {
        Ok(_) => Ok(respond::see_other(format!(
            "/pmi/registrations/{id}?done=screened"
        ))),
        Err(e) => refused_page(&req, &pool, id, e).await,
    }
}

/// `POST /pmi/registrations/{id}/donation`
pub async fn donation(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    form: web::Form<DonationForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&id)?;
    let form = form.into_inner();
    let loaded = load(&pool, id).await?;
    let drive = loaded.drive.clone();
    let facts = loaded.facts;
    let mut p = page(PageCtx::new(&req), loaded);
    if let Err(e) = crate::domain::day_of::transition(facts, DayOfAction::RecordDonation) {
        let (status, text) = refusal(&p.ctx, &drive, &DayOfError::Refused(e));
        p.notice = Some(Notice::new("bad", text));
        return respond::html(status, &p);
    }
    p.donation = form.clone();
    let mut errors = FormErrors::default();
    let bag = parse_bag_number(&form.bag_number);
    if bag.is_none() {
        errors.add("bag_number", p.ctx.t.t("pmi-bag-invalid"));
    }
    let volume = match form.volume_ml.trim() {
        "350" => Some(350),
        "450" => Some(450),
        _ => None,
    };
    if volume.is_none() {
        errors.add("volume_ml", p.ctx.t.t("pmi-volume-invalid"));
    }
    let outcome = DonationOutcome::parse(&form.outcome);
    if outcome.is_none() {
        errors.add("outcome", p.ctx.t.t("pmi-required"));
    }
    let reaction = Reaction::parse(&form.reaction);
    if reaction.is_none() {
        errors.add("reaction", p.ctx.t.t("pmi-required"));
    }
    let notes = form.notes.trim().to_owned();
    if notes.chars().count() > 2000 {
        errors.add("notes", p.ctx.t.t("pmi-too-long"));
    }
    let (Some(bag_number), Some(volume_ml), Some(outcome), Some(reaction)) =
        (bag, volume, outcome, reaction)
    else {
        p.donation_errors = errors;
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    if !errors.is_empty() {
        p.donation_errors = errors;
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let new = NewDonation {
        bag_number,
        volume_ml,
        outcome,
        reaction,
        notes,
    };
    let result = with_conn(&pool, move |conn| {
        Ok(day_of::record_donation(conn, id, me.id, &new))
    })
    .await?;
    match result {
        Ok(_) => Ok(respond::see_other(format!(
            "/pmi/registrations/{id}?done=donated"
        ))),
        Err(DayOfError::BagTaken) => {
            let text = p.ctx.t.t("pmi-bag-taken");
            p.donation_errors.add("bag_number", text);
            respond::html(StatusCode::CONFLICT, &p)
        }
        Err(e) => refused_page(&req, &pool, id, e).await,
    }
}

//! `POST /pmi/registrations/{id}/screening`: the vitals first bring the
//! suggestion, then the coordinator confirms it or overrides it with a reason.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;

use super::forms::ScreeningForm;
use super::refusal::{refused_page, warn};
use super::view::{Opened, RegistrationPage, SuggestionView, open};
use crate::db::PgPool;
use crate::domain::screening::{
    Decision, DeferralReason, ScreeningThresholds, Suggestion, Vitals, suggest, validate_vitals,
};
use crate::domain::tested_group::TestedGroup;
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::registration::{bag_volume, rules_for};
use crate::store::day_of::{self, NewScreening};
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::pmi::{parse_decimal, parse_whole, status_key};
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

/// The longest override reason kept, in characters.
const MAX_OVERRIDE_REASON_CHARS: usize = 1000;

/// `POST /pmi/registrations/{id}/screening`: first the suggestion, then the decision.
pub async fn screening(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    form: web::Form<ScreeningForm>,
) -> Result<HttpResponse, AppError> {
    let Opened {
        id,
        drive,
        facts,
        page: mut p,
    } = open(&req, &pool, &id).await?;
    let form = form.into_inner();
    if facts.status != RegistrationStatus::CheckedIn {
        return not_now(p, facts.status);
    }
    p.show_screening = true;
    p.screening = form.clone();
    let mut errors = FormErrors::default();
    let Some(vitals) = read_vitals(&p.ctx, &form, &mut errors) else {
        return with_errors(p, errors);
    };
    let rules = rules_for(&drive);
    let suggestion = suggest(
        &ScreeningThresholds::default(),
        &rules,
        &vitals,
        bag_volume(&drive),
    );
    p.suggestion = Some(suggestion_view(&p.ctx, &suggestion));
    if form.decision.trim().is_empty() {
        return show_suggestion(p, &suggestion);
    }
    let new = match read_screening(&p.ctx, &form, vitals, &suggestion, drive.drive_date) {
        Ok(new) => new,
        Err(errors) => return with_errors(p, errors),
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

/// Only a donor who has checked in (and not yet been decided on) is screened.
fn not_now(p: RegistrationPage, status: RegistrationStatus) -> Result<HttpResponse, AppError> {
    let key = if status == RegistrationStatus::Booked {
        "pmi-screening-not-checked-in"
    } else {
        "pmi-screening-not-now"
    };
    let text = p.ctx.t.t1(key, "status", p.ctx.t.t(&status_key(status)));
    warn(p, StatusCode::CONFLICT, text)
}

/// The form again with its mistakes.
fn with_errors(mut p: RegistrationPage, errors: FormErrors) -> Result<HttpResponse, AppError> {
    p.screening_errors = errors;
    respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

/// First submit: the suggestion, preselected, to confirm or override.
fn show_suggestion(
    mut p: RegistrationPage,
    suggestion: &Suggestion,
) -> Result<HttpResponse, AppError> {
    p.screening.decision = suggestion.decision.as_str().to_owned();
    if let Some(first) = suggestion.reasons.first() {
        p.screening.deferral_reason = first.category.as_str().to_owned();
    }
    respond::html(StatusCode::OK, &p)
}

/// The vitals typed, or the errors to show next to each field.
pub fn read_vitals(ctx: &PageCtx, form: &ScreeningForm, errors: &mut FormErrors) -> Option<Vitals> {
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

pub fn suggestion_view(ctx: &PageCtx, s: &Suggestion) -> SuggestionView {
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

/// The screening to record: the coordinator's decision with its reasons, or
/// the errors to show.
pub fn read_screening(
    ctx: &PageCtx,
    form: &ScreeningForm,
    vitals: Vitals,
    suggestion: &Suggestion,
    drive_date: NaiveDate,
) -> Result<NewScreening, FormErrors> {
    let mut errors = FormErrors::default();
    let Ok(decision) = form.decision.trim().parse::<Decision>() else {
        errors.add("decision", ctx.t.t("pmi-required"));
        return Err(errors);
    };
    let tested_group = read_tested_group(ctx, &form.tested_group, &mut errors);
    let overridden = decision != suggestion.decision;
    let override_reason = read_override_reason(ctx, form, overridden, &mut errors);
    let (deferral_reason, deferred_until) = if decision == Decision::Defer {
        read_deferral(ctx, form, drive_date, &mut errors)
    } else {
        (None, None)
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewScreening {
        vitals,
        suggested: suggestion.decision,
        decision,
        override_reason,
        deferral_reason,
        deferred_until,
        reasons: serde_json::to_value(&suggestion.reasons).unwrap_or_default(),
        expected_count: form.seen.trim().parse::<i64>().ok(),
        tested_group,
    })
}

/// The group PMI tested, if it did; a value that is no group is a mistake.
pub fn read_tested_group(ctx: &PageCtx, raw: &str, errors: &mut FormErrors) -> Option<TestedGroup> {
    match TestedGroup::parse(raw) {
        Ok(tested) => tested,
        Err(_) => {
            errors.add("tested_group", ctx.t.t("pmi-tested-group-invalid"));
            None
        }
    }
}

/// Why the coordinator decided otherwise than suggested: required then.
fn read_override_reason(
    ctx: &PageCtx,
    form: &ScreeningForm,
    overridden: bool,
    errors: &mut FormErrors,
) -> Option<String> {
    let reason = Some(form.override_reason.trim().to_owned()).filter(|s| !s.is_empty());
    if overridden && reason.is_none() {
        errors.add("override_reason", ctx.t.t("pmi-override-reason-required"));
    }
    if reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_OVERRIDE_REASON_CHARS)
    {
        errors.add("override_reason", ctx.t.t("pmi-too-long"));
    }
    reason
}

/// A deferral's reason (required) and the date it ends (optional, after the drive).
fn read_deferral(
    ctx: &PageCtx,
    form: &ScreeningForm,
    drive_date: NaiveDate,
    errors: &mut FormErrors,
) -> (Option<DeferralReason>, Option<NaiveDate>) {
    let reason = match form.deferral_reason.trim().parse::<DeferralReason>() {
        Ok(r) => Some(r),
        Err(_) => {
            errors.add("deferral_reason", ctx.t.t("pmi-required"));
            None
        }
    };
    let until = form.deferred_until.trim();
    let mut deferred_until = None;
    if !until.is_empty() {
        match NaiveDate::parse_from_str(until, "%Y-%m-%d") {
            Ok(d) if d > drive_date => deferred_until = Some(d),
            _ => errors.add("deferred_until", ctx.t.t("pmi-deferred-until-invalid")),
        }
    }
    (reason, deferred_until)
}

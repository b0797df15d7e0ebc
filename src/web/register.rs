//! `/drives/{slug}/register`: registration in three short steps that suit a
//! phone — who you are, the health questions, the arrival time. Each step posts
//! everything typed so far (earlier steps ride along as hidden fields), so the
//! pages work without JavaScript and nothing is stored until the last step.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::db::PgPool;
use crate::domain::eligibility::{Effect, Verdict, VerdictKind};
use crate::domain::identity::Sex;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::registration_input::{
    RegistrationInput, parse_questionnaire, parse_registrant, prefill_from_number,
};
use crate::domain::rule_set::RuleSet;
use crate::domain::vocab::{BloodGroup, RegistrationSource};
use crate::error::AppError;
use crate::registration::{self, SubmitError, SubmitOptions, local_today, rules_for};
use crate::store::audit::Actor;
use crate::store::drives::Drive;
use crate::store::registrations::BookingError;
use crate::store::slots::Slot;
use crate::store::units::WorkUnit;
use crate::web::form_errors::FormErrors;
use crate::web::public::{DriveView, SlotView, slot_views};
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

/// The steps of the form, and the pages that end it early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Identity,
    Health,
    Slot,
    Ineligible,
    Closed,
    Duplicate,
}

impl Step {
    fn from_form(s: &str) -> Step {
        match s {
            "health" => Step::Health,
            "slot" => Step::Slot,
            _ => Step::Identity,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Identity => "identity",
            Step::Health => "health",
            Step::Slot => "slot",
            Step::Ineligible => "ineligible",
            Step::Closed => "closed",
            Step::Duplicate => "duplicate",
        }
    }

    /// 1-based number shown as "Langkah 2 dari 3".
    pub fn number(self) -> u8 {
        match self {
            Step::Identity => 1,
            Step::Health | Step::Ineligible => 2,
            _ => 3,
        }
    }

    fn previous(self) -> Step {
        match self {
            Step::Slot | Step::Ineligible => Step::Health,
            _ => Step::Identity,
        }
    }
}

const IDENTITY_FIELDS: [&str; 14] = [
    "employee_type",
    "nip",
    "nik",
    "full_name",
    "sex",
    "birth_date",
    "work_unit",
    "phone",
    "email",
    "blood_group",
    "rhesus",
    "weight_kg",
    "donation_count",
    "last_donation_date",
];

pub struct UnitOption {
    pub code: String,
    pub name: String,
}

/// One health question as the form shows it.
pub struct Question {
    pub key: &'static str,
    pub label: String,
    pub is_date: bool,
    pub value: String,
}

/// A verdict, translated.
pub struct VerdictView {
    pub kind: &'static str,
    pub title: String,
    pub eligible_from: Option<String>,
    pub reasons: Vec<String>,
    pub reminders: Vec<String>,
}

impl VerdictView {
    pub fn new(ctx: &PageCtx, verdict: &Verdict) -> Self {
        let (blocking, reminders): (Vec<_>, Vec<_>) = verdict
            .reasons
            .iter()
            .partition(|r| r.effect != Effect::Reminder);
        VerdictView {
            kind: verdict.kind.as_str(),
            title: ctx.t.message(verdict.kind.message_key(), &[]),
            eligible_from: verdict.eligible_from.map(|d| ctx.t.long_date(d)),
            reasons: blocking
                .iter()
                .map(|r| ctx.t.message(r.message_key, &r.args))
                .collect(),
            reminders: reminders
                .iter()
                .map(|r| ctx.t.message(r.message_key, &r.args))
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "public/register.html")]
pub struct RegisterPage {
    pub ctx: PageCtx,
    pub drive: DriveView,
    pub step: Step,
    pub input: RegistrationInput,
    pub errors: FormErrors,
    pub notice: Option<String>,
    pub units: Vec<UnitOption>,
    pub slots: Vec<SlotView>,
    pub any_seats: bool,
    pub questions: Vec<Question>,
    pub asks_women: bool,
    pub hidden: Vec<(String, String)>,
    pub verdict: Option<VerdictView>,
}

impl RegisterPage {
    pub fn blood_groups(&self) -> &'static [BloodGroup] {
        BloodGroup::ALL
    }

    pub fn is_selected(&self, field: &str, value: &str) -> bool {
        field_value(&self.input, field) == value
    }
}

fn field_value<'a>(input: &'a RegistrationInput, field: &str) -> &'a str {
    match field {
        "employee_type" => &input.employee_type,
        "sex" => &input.sex,
        "work_unit" => &input.work_unit,
        "blood_group" => &input.blood_group,
        "rhesus" => &input.rhesus,
        "slot_id" => &input.slot_id,
        other => {
            let date = input.date_answer(other);
            if date.is_empty() {
                input.flag_answer(other)
            } else {
                date
            }
        }
    }
}

/// Every non-empty field not shown on `step`, to carry as hidden inputs.
fn hidden_fields(input: &RegistrationInput, step: Step) -> Vec<(String, String)> {
    let shown: Vec<&str> = match step {
        Step::Identity => IDENTITY_FIELDS.to_vec(),
        Step::Health => Questionnaire::DATE_KEYS
            .iter()
            .chain(Questionnaire::BOOL_KEYS.iter())
            .copied()
            .collect(),
        Step::Slot => vec!["slot_id"],
        _ => Vec::new(),
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(input) else {
        return Vec::new();
    };
    map.into_iter()
        .filter(|(k, _)| !shown.contains(&k.as_str()))
        .filter_map(|(k, v)| match v {
            serde_json::Value::String(s) if !s.is_empty() => Some((k, s)),
            _ => None,
        })
        .collect()
}

/// The health questions, worded with the drive's own periods.
fn questions(
    ctx: &PageCtx,
    rules: &RuleSet,
    input: &RegistrationInput,
    women: bool,
) -> Vec<Question> {
    let periods: [(&str, String); 9] = [
        (
            "tattoo_piercing_date",
            rules.tattoo_piercing_months.to_string(),
        ),
        ("minor_surgery_date", rules.minor_surgery_months.to_string()),
        ("major_surgery_date", rules.major_surgery_months.to_string()),
        (
            "tooth_extraction_date",
            rules.tooth_extraction_days.to_string(),
        ),
        ("transfusion_date", rules.transfusion_months.to_string()),
        ("delivery_date", rules.delivery_months.to_string()),
        ("malaria_recovery_date", rules.malaria_years.to_string()),
        ("live_vaccine_date", rules.live_vaccine_days.to_string()),
        (
            "rabies_treatment_date",
            rules.rabies_treatment_months.to_string(),
        ),
    ];
    let women_only = ["delivery_date", "pregnant", "breastfeeding"];
    let mut out = Vec::new();
    for key in Questionnaire::BOOL_KEYS {
        if !women && women_only.contains(&key) {
            continue;
        }
        out.push(Question {
            key,
            label: ctx.t.t(&format!("q-{}", key.replace('_', "-"))),
            is_date: false,
            value: input.flag_answer(key).trim().to_lowercase(),
        });
    }
    for (key, period) in periods {
        if !women && women_only.contains(&key) {
            continue;
        }
        out.push(Question {
            key,
            label: ctx
                .t
                .t1(&format!("q-{}", key.replace('_', "-")), "period", period),
            is_date: true,
            value: input.date_answer(key).to_owned(),
        });
    }
    out
}

#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(flatten)]
    pub input: RegistrationInput,
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub back: Option<String>,
}

/// What the pages need from the database about a drive.
struct DriveData {
    drive: Drive,
    slots: Vec<Slot>,
    units: Vec<WorkUnit>,
}

async fn load(pool: &web::Data<PgPool>, slug: String) -> Result<DriveData, AppError> {
    let data = with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let units = drive.units(conn)?;
        Ok(DriveData {
            drive,
            slots,
            units,
        })
    })
    .await?;
    if data.drive.status == crate::domain::vocab::DriveStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(data)
}

fn page(ctx: PageCtx, data: &DriveData, step: Step, input: RegistrationInput) -> RegisterPage {
    let women = sex_of(&input, &data.drive) == Some(Sex::Female);
    let rules = rules_for(&data.drive);
    let slots = slot_views(&ctx, &data.drive, &data.slots);
    RegisterPage {
        drive: DriveView::new(&ctx, &data.drive, &data.slots),
        any_seats: slots.iter().any(|s| s.seats_left > 0),
        slots,
        units: data
            .units
            .iter()
            .map(|u| UnitOption {
                code: u.code.clone(),
                name: u.name.clone(),
            })
            .collect(),
        questions: questions(&ctx, &rules, &input, women),
        asks_women: women,
        hidden: hidden_fields(&input, step),
        step,
        input,
        errors: FormErrors::default(),
        notice: None,
        verdict: None,
        ctx,
    }
}

/// The sex the form says, or the identity number implies.
fn sex_of(input: &RegistrationInput, drive: &Drive) -> Option<Sex> {
    input
        .sex
        .trim()
        .parse::<Sex>()
        .ok()
        .or_else(|| prefill_from_number(input, local_today(drive, Utc::now())).map(|p| p.sex))
}

/// `GET /drives/{slug}/register`
pub async fn form(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let data = load(&pool, slug.into_inner()).await?;
    let ctx = PageCtx::new(&req);
    let step = if data.drive.registration_open_at(Utc::now()) {
        Step::Identity
    } else {
        Step::Closed
    };
    respond::html(
        StatusCode::OK,
        &page(ctx, &data, step, RegistrationInput::default()),
    )
}

/// `POST /drives/{slug}/register`: one step forward (or back), or the booking.
pub async fn submit(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    form: web::Form<RegisterForm>,
) -> Result<HttpResponse, AppError> {
    let data = load(&pool, slug.into_inner()).await?;
    let ctx = PageCtx::new(&req);
    let RegisterForm {
        mut input,
        step,
        back,
    } = form.into_inner();
    let now = Utc::now();
    if !data.drive.registration_open_at(now) {
        return respond::html(StatusCode::CONFLICT, &page(ctx, &data, Step::Closed, input));
    }
    let step = Step::from_form(&step);
    if back.is_some() {
        return respond::html(StatusCode::OK, &page(ctx, &data, step.previous(), input));
    }
    let today = local_today(&data.drive, now);
    let unit_codes: Vec<String> = data.units.iter().map(|u| u.code.clone()).collect();

    // Step 1 is checked on every step: hidden fields can be tampered with.
    let registrant = match parse_registrant(&input, &unit_codes, today) {
        Ok(r) => r,
        Err(errors) => {
            let mut p = page(ctx, &data, Step::Identity, input);
            p.errors = FormErrors::from_domain(&p.ctx, &errors);
            return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    // Show what the identity number told us.
    input.birth_date = registrant.birth_date.format("%Y-%m-%d").to_string();
    input.sex = registrant.sex.as_str().to_owned();
    if step == Step::Identity {
        return respond::html(StatusCode::OK, &page(ctx, &data, Step::Health, input));
    }

    let answers = match parse_questionnaire(
        &input,
        Some(registrant.sex),
        Some(registrant.birth_date),
        today,
        true,
    ) {
        Ok(q) => q,
        Err(errors) => {
            let mut p = page(ctx, &data, Step::Health, input);
            p.errors = FormErrors::from_domain(&p.ctx, &errors);
            return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let verdict = registration::verdict_for(&data.drive, &registrant, &answers);
    if verdict.kind != VerdictKind::Eligible {
        let mut p = page(ctx, &data, Step::Ineligible, input);
        p.verdict = Some(VerdictView::new(&p.ctx, &verdict));
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    if step == Step::Health {
        let mut p = page(ctx, &data, Step::Slot, input);
        p.verdict = Some(VerdictView::new(&p.ctx, &verdict));
        return respond::html(StatusCode::OK, &p);
    }

    // Step 3: the booking itself.
    let ip = crate::web::auth::client_ip(&req);
    let drive = data.drive.clone();
    let booking_input = input.clone();
    let outcome = with_conn(&pool, move |conn| {
        Ok(registration::submit(
            conn,
            &drive,
            &unit_codes,
            &booking_input,
            SubmitOptions {
                now,
                require_answers: true,
                source: RegistrationSource::SelfService,
                actor: Actor::Donor,
                ip: ip.as_deref(),
            },
        ))
    })
    .await?;
    match outcome {
        Ok(done) => Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, format!("/r/{}?new=1", done.manage_token)))
            .finish()),
        Err(SubmitError::Closed) => {
            respond::html(StatusCode::CONFLICT, &page(ctx, &data, Step::Closed, input))
        }
        Err(SubmitError::Invalid(errors)) => {
            let first_step = if errors.iter().any(|e| IDENTITY_FIELDS.contains(&e.field)) {
                Step::Identity
            } else if errors.iter().all(|e| e.field == "slot_id") {
                Step::Slot
            } else {
                Step::Health
            };
            // Seats may have changed since the page was drawn.
            let fresh = reload(&pool, &data).await?;
            let mut p = page(ctx, &fresh, first_step, input);
            p.errors = FormErrors::from_domain(&p.ctx, &errors);
            p.verdict = (first_step == Step::Slot).then(|| VerdictView::new(&p.ctx, &verdict));
            respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
        Err(SubmitError::NotEligible(verdict)) => {
            let mut p = page(ctx, &data, Step::Ineligible, input);
            p.verdict = Some(VerdictView::new(&p.ctx, &verdict));
            respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
        Err(SubmitError::Booking(BookingError::Duplicate)) => respond::html(
            StatusCode::CONFLICT,
            &page(ctx, &data, Step::Duplicate, input),
        ),
        Err(SubmitError::Booking(
            e @ (BookingError::SlotFull | BookingError::SlotClosed | BookingError::UnknownSlot),
        )) => {
            let fresh = reload(&pool, &data).await?;
            let mut p = page(ctx, &fresh, Step::Slot, input);
            let key = match e {
                BookingError::UnknownSlot => "input-slot-unknown",
                _ => "reg-slot-full",
            };
            let message = if key.starts_with("input-") {
                p.ctx.t.message(key, &[])
            } else {
                p.ctx.t.t(key)
            };
            p.errors = {
                let mut e = FormErrors::default();
                e.add("slot_id", message);
                e
            };
            p.input.slot_id.clear();
            p.verdict = Some(VerdictView::new(&p.ctx, &verdict));
            let status = if matches!(e, BookingError::UnknownSlot) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::CONFLICT
            };
            respond::html(status, &p)
        }
        Err(SubmitError::Booking(e)) => Err(e.into()),
    }
}

async fn reload(pool: &web::Data<PgPool>, data: &DriveData) -> Result<DriveData, AppError> {
    load(pool, data.drive.slug.clone()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_fields_carry_what_the_step_does_not_show() {
        let input = RegistrationInput {
            full_name: "Ana".into(),
            pregnant: "no".into(),
            slot_id: "waitlist".into(),
            ..Default::default()
        };
        let on_identity: Vec<String> = hidden_fields(&input, Step::Identity)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(on_identity, vec!["pregnant", "slot_id"]);
        let on_slot: Vec<String> = hidden_fields(&input, Step::Slot)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(on_slot, vec!["full_name", "pregnant"]);
    }
}

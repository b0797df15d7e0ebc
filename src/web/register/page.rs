//! The registration page: what it loads about the drive, how each step's page
//! is built, and `GET`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::questions::{Question, questions};
use super::steps::{Step, hidden_fields};
use crate::db::PgPool;
use crate::domain::eligibility::{Effect, Verdict};
use crate::domain::identity::Sex;
use crate::domain::registration_input::{RegistrationInput, prefill_from_number};
use crate::domain::vocab::{BloodGroup, DriveStatus, RegistrationMode};
use crate::error::AppError;
use crate::registration::{Admission, local_today, rules_for};
use crate::store::drives::Drive;
use crate::store::slots::Slot;
use crate::store::units::WorkUnit;
use crate::web::form_errors::FormErrors;
use crate::web::public::{DriveView, SlotView, slot_views};
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

pub struct UnitOption {
    pub code: String,
    pub name: String,
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
    pub who: WhoView,
}

/// Who the staff list says this is, as the page shows it.
#[derive(Debug, Default)]
pub struct WhoView {
    /// The drive takes people from its staff list (name and unit come from it).
    pub list_mode: bool,
    /// Found on the list: "Nama: … · Unit: … — ini Anda?"
    pub listed: Option<(String, String)>,
    /// Not on the list, applying for approval: name and unit are typed.
    pub applicant: bool,
}

impl WhoView {
    fn of(drive: &Drive, admission: Option<&Admission>) -> Self {
        WhoView {
            list_mode: drive.registration_mode != RegistrationMode::Open,
            listed: match admission {
                Some(Admission::Listed(entry)) => {
                    Some((entry.full_name.clone(), entry.unit_name.clone()))
                }
                _ => None,
            },
            applicant: admission == Some(&Admission::Applicant),
        }
    }

    /// Whether the form asks for the name and unit (an open drive, or an
    /// applicant the list does not know).
    pub fn asks_name_and_unit(&self) -> bool {
        !self.list_mode || self.applicant
    }
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

/// What the pages need from the database about a drive.
pub(super) struct DriveData {
    pub drive: Drive,
    pub slots: Vec<Slot>,
    pub units: Vec<WorkUnit>,
    /// What the staff list said of the NIP/NIK posted (`None` before one is).
    pub admission: Option<Admission>,
}

pub(super) async fn load(pool: &web::Data<PgPool>, slug: String) -> Result<DriveData, AppError> {
    let data = with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let units = drive.units(conn)?;
        Ok(DriveData {
            drive,
            slots,
            units,
            admission: None,
        })
    })
    .await?;
    if data.drive.status == DriveStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(data)
}

/// The drive loaded again: seats may have changed since the page was drawn.
pub(super) async fn reload(
    pool: &web::Data<PgPool>,
    data: &DriveData,
) -> Result<DriveData, AppError> {
    let mut fresh = load(pool, data.drive.slug.clone()).await?;
    fresh.admission = data.admission.clone();
    Ok(fresh)
}

pub(super) fn page(
    ctx: PageCtx,
    data: &DriveData,
    step: Step,
    input: RegistrationInput,
) -> RegisterPage {
    let women = sex_of(&input, &data.drive) == Some(Sex::Female);
    let rules = rules_for(&data.drive);
    let public = data.drive.public();
    let slots = slot_views(&ctx, &public, &data.slots);
    RegisterPage {
        drive: DriveView::new(&ctx, &public, &data.slots),
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
        who: WhoView::of(&data.drive, data.admission.as_ref()),
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

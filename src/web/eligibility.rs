//! `/eligibility`: the self-check anyone can use without registering. The
//! answers are evaluated and shown, never stored.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::db::PgPool;
use crate::domain::eligibility::evaluate;
use crate::domain::questionnaire::BagVolume;
use crate::domain::registration_input::{RegistrationInput, parse_facts, parse_questionnaire};
use crate::domain::rule_set::RuleSet;
use crate::error::AppError;
use crate::registration::{bag_volume, rules_for};
use crate::store::drives::Drive;
use crate::web::form_errors::FormErrors;
use crate::web::register::{Question, VerdictView};
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

pub struct DriveOption {
    pub slug: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "public/eligibility.html")]
struct EligibilityPage {
    ctx: PageCtx,
    drives: Vec<DriveOption>,
    drive: String,
    input: RegistrationInput,
    questions: Vec<Question>,
    errors: FormErrors,
    verdict: Option<VerdictView>,
    register_link: Option<String>,
}

impl EligibilityPage {
    fn is_selected(&self, field: &str, value: &str) -> bool {
        match field {
            "sex" => self.input.sex == value,
            "drive" => self.drive == value,
            _ => false,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct EligibilityForm {
    #[serde(flatten)]
    input: RegistrationInput,
    #[serde(default)]
    drive: String,
}

fn questions(ctx: &PageCtx, rules: &RuleSet, input: &RegistrationInput) -> Vec<Question> {
    // Everyone sees every question here: the sex may not be chosen yet.
    let mut out = Vec::new();
    for key in crate::domain::questionnaire::Questionnaire::BOOL_KEYS {
        out.push(Question {
            key,
            label: ctx.t.t(&format!("q-{}", key.replace('_', "-"))),
            is_date: false,
            value: input.flag_answer(key).trim().to_lowercase(),
        });
    }
    let periods = [
        ("tattoo_piercing_date", rules.tattoo_piercing_months),
        ("minor_surgery_date", rules.minor_surgery_months),
        ("major_surgery_date", rules.major_surgery_months),
        ("tooth_extraction_date", rules.tooth_extraction_days),
        ("transfusion_date", rules.transfusion_months),
        ("delivery_date", rules.delivery_months),
        ("malaria_recovery_date", rules.malaria_years),
        ("live_vaccine_date", rules.live_vaccine_days),
        ("rabies_treatment_date", rules.rabies_treatment_months),
    ];
    for (key, period) in periods {
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

async fn open_drives(pool: &web::Data<PgPool>) -> Result<Vec<Drive>, AppError> {
    with_conn(pool, |conn| Ok(Drive::list_public(conn)?)).await
}

fn page(
    ctx: PageCtx,
    drives: &[Drive],
    drive: String,
    input: RegistrationInput,
) -> EligibilityPage {
    let chosen = drives.iter().find(|d| d.slug == drive);
    let rules = chosen.map(rules_for).unwrap_or_default();
    EligibilityPage {
        drives: drives
            .iter()
            .map(|d| DriveOption {
                slug: d.slug.clone(),
                label: format!("{} ({})", d.title, ctx.t.short_date(d.drive_date)),
            })
            .collect(),
        questions: questions(&ctx, &rules, &input),
        drive,
        input,
        errors: FormErrors::default(),
        verdict: None,
        register_link: None,
        ctx,
    }
}

/// `GET /eligibility`
pub async fn form(req: HttpRequest, pool: web::Data<PgPool>) -> Result<HttpResponse, AppError> {
    let drives = open_drives(&pool).await?;
    let first = drives.first().map(|d| d.slug.clone()).unwrap_or_default();
    respond::html(
        StatusCode::OK,
        &page(
            PageCtx::new(&req),
            &drives,
            first,
            RegistrationInput::default(),
        ),
    )
}

/// `POST /eligibility`: the verdict, on the same page, at the chosen drive's
/// date with its rules (or today with the default rules).
pub async fn check(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    form: web::Form<EligibilityForm>,
) -> Result<HttpResponse, AppError> {
    let drives = open_drives(&pool).await?;
    let EligibilityForm { input, drive } = form.into_inner();
    let chosen = drives.iter().find(|d| d.slug == drive).cloned();
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Makassar)
        .date_naive();
    let mut p = page(PageCtx::new(&req), &drives, drive, input);
    let facts = parse_facts(&p.input, today);
    let sex = facts.as_ref().ok().map(|f| f.sex);
    let birth = facts.as_ref().ok().map(|f| f.birth_date);
    let answers = parse_questionnaire(&p.input, sex, birth, today, true);
    let (facts, answers) = match (facts, answers) {
        (Ok(f), Ok(q)) => (f, q),
        (f, q) => {
            let mut errors = f.err().unwrap_or_default();
            errors.extend(q.err().unwrap_or_default());
            p.errors = FormErrors::from_domain(&p.ctx, &errors);
            return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let (rules, date, bag) = match &chosen {
        Some(d) => (rules_for(d), d.drive_date, bag_volume(d)),
        None => (RuleSet::default(), today, BagVolume::Ml350),
    };
    let verdict = evaluate(&rules, &facts, &answers, date, bag);
    p.verdict = Some(VerdictView::new(&p.ctx, &verdict));
    if verdict.kind == crate::domain::eligibility::VerdictKind::Eligible {
        p.register_link = chosen
            .filter(|d| d.registration_open_at(Utc::now()))
            .map(|d| format!("/drives/{}/register", d.slug));
    }
    respond::html(StatusCode::OK, &p)
}

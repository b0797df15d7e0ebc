//! `POST /api/v1/eligibility`: the self-check without registering, with the
//! rules and date of a drive (or the default rules and today in WITA), and the
//! verdict shape the registration endpoint shares.

use actix_web::web;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::PgPool;
use crate::domain::eligibility::evaluate;
use crate::domain::questionnaire::BagVolume;
use crate::domain::registration_input::{RegistrationInput, parse_donor_facts};
use crate::domain::rule_set::RuleSet;
use crate::i18n::I18n;
use crate::registration::{bag_volume, local_today, rules_for};
use crate::web::with_conn;

use super::ApiError;
use super::bodies::{RegistrationFields, VerdictBody};
use super::drives::visible_drive;

/// The time zone of "today" when no drive is named: the Kanwil's, in Kupang.
const DEFAULT_TIME_ZONE: chrono_tz::Tz = chrono_tz::Asia::Makassar;

/// The self-check's questions: the registration's donor and questionnaire
/// fields (name, unit, contact and slot are not needed), and optionally a drive.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EligibilityRequest {
    /// Slug of the drive whose rules and date apply. Without it: the default
    /// rules, evaluated today (Asia/Makassar).
    #[serde(default)]
    #[schema(example = "hbi-77-2027")]
    pub drive: Option<String>,
    #[serde(flatten)]
    #[schema(value_type = RegistrationFields)]
    pub fields: RegistrationInput,
}

/// The verdict, and what it was evaluated against.
#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityResponse {
    #[serde(flatten)]
    pub verdict: VerdictBody,
    /// The date the rules were evaluated at: the drive's date, or today.
    pub evaluated_on: NaiveDate,
    /// The drive whose rules applied; null for the default rules.
    pub drive: Option<String>,
}

/// Self-check: would these answers allow a donation on the drive's date?
///
/// Required: `birth_date` and `sex` (or a `nip`/`nik` they are read from) and
/// `weight_kg`. `last_donation_date`, `donation_count` and the questionnaire
/// keys are optional (a missing date means "never", a missing yes/no "no").
#[utoipa::path(
    post,
    path = "/api/v1/eligibility",
    tag = "eligibility",
    request_body = EligibilityRequest,
    responses(
        (status = 200, description = "The verdict with its reasons", body = EligibilityResponse),
        (status = 400, description = "The body is not readable JSON", body = super::ErrorBody),
        (status = 404, description = "No such drive", body = super::ErrorBody),
        (status = 415, description = "The body is not sent as application/json", body = super::ErrorBody),
        (status = 422, description = "Fields missing or wrong", body = super::FieldErrorsBody),
    )
)]
pub async fn check(
    t: I18n,
    pool: web::Data<PgPool>,
    body: web::Json<EligibilityRequest>,
) -> Result<web::Json<EligibilityResponse>, ApiError> {
    let EligibilityRequest { drive, fields } = body.into_inner();
    let now = Utc::now();
    let (rules, bag, evaluated_on, today, drive_slug) = match drive {
        Some(slug) if !slug.trim().is_empty() => {
            let drive = with_conn(&pool, move |conn| visible_drive(conn, slug.trim()))
                .await
                .map_err(|e| ApiError::from_app(e, &t))?;
            let today = local_today(&drive, now);
            (
                rules_for(&drive),
                bag_volume(&drive),
                drive.drive_date,
                today,
                Some(drive.slug),
            )
        }
        _ => {
            let today = now.with_timezone(&DEFAULT_TIME_ZONE).date_naive();
            (RuleSet::default(), BagVolume::Ml350, today, today, None)
        }
    };
    let (facts, answers) =
        parse_donor_facts(&fields, today).map_err(|errors| ApiError::fields(&errors, &t))?;
    let verdict = evaluate(&rules, &facts, &answers, evaluated_on, bag);
    Ok(web::Json(EligibilityResponse {
        verdict: VerdictBody::new(&verdict, &t),
        evaluated_on,
        drive: drive_slug,
    }))
}

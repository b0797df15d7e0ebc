//! The shapes the API's answers and requests share: a self-check verdict
//! (in `/eligibility` answers, registrations and refusals alike) and the
//! documented registration fields. Kept apart so the endpoints need not import
//! each other.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::eligibility::{Effect, Verdict, VerdictKind};
use crate::i18n::I18n;

/// The fields of a registration, as the form names them. Every value may be
/// sent as a string; numbers and booleans are accepted too (`"weight_kg": 55.5`,
/// `"pregnant": false`). Dates are `YYYY-MM-DD` (or `DD-MM-YYYY`).
/// (Documentation of `RegistrationInput`; a test keeps the names in step.)
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct RegistrationFields {
    pub full_name: Option<String>,
    /// 18 digits, for ASN (PNS, PPPK); birth date and sex are read from it.
    #[schema(example = "198503122010011002")]
    pub nip: Option<String>,
    /// 16 digits, for non-ASN staff.
    pub nik: Option<String>,
    /// `pns`, `pppk` or `non_asn`.
    #[schema(example = "pns")]
    pub employee_type: Option<String>,
    /// `male` or `female` (may be left out when a NIP/NIK gives it).
    pub sex: Option<String>,
    /// May be left out when a NIP/NIK gives it.
    #[schema(example = "1985-03-12")]
    pub birth_date: Option<String>,
    /// Code of one of the drive's work units.
    #[schema(example = "KANIM-KUPANG")]
    pub work_unit: Option<String>,
    /// WhatsApp number: `0812…`, `62812…` or `+62812…`.
    #[schema(example = "0812 3456 7890")]
    pub phone: Option<String>,
    pub email: Option<String>,
    /// A, B, AB, O or empty (unknown).
    pub blood_group: Option<String>,
    /// positive, negative or empty (unknown).
    pub rhesus: Option<String>,
    #[schema(example = "62.5")]
    pub weight_kg: Option<String>,
    pub last_donation_date: Option<String>,
    pub donation_count: Option<String>,
    /// A slot's `id`, or `waitlist`.
    #[schema(example = "waitlist")]
    pub slot_id: Option<String>,
    /// When the event last happened; left out means never.
    pub tattoo_piercing_date: Option<String>,
    pub minor_surgery_date: Option<String>,
    pub major_surgery_date: Option<String>,
    pub tooth_extraction_date: Option<String>,
    pub transfusion_date: Option<String>,
    pub delivery_date: Option<String>,
    pub malaria_recovery_date: Option<String>,
    pub live_vaccine_date: Option<String>,
    pub rabies_treatment_date: Option<String>,
    /// yes/no (also ya/tidak, true/false); left out means no.
    pub pregnant: Option<String>,
    pub breastfeeding: Option<String>,
    pub permanent_condition: Option<String>,
    pub fever_last_7_days: Option<String>,
    pub medication_last_3_days: Option<String>,
    pub slept_under_4_hours: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictName {
    Eligible,
    Deferred,
    Ineligible,
}

/// What a reason does: rule out, defer, or only remind (day-of items).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EffectName {
    Ineligible,
    Defer,
    Reminder,
}

/// One rule that fired.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonBody {
    /// Stable id of the rule: age, weight, donation_interval, tattoo_piercing, ...
    #[schema(example = "donation_interval")]
    pub rule: &'static str,
    pub effect: EffectName,
    /// The rule's short title, in the request's language.
    pub title: String,
    /// Why, and from when the person can donate, in the request's language.
    pub message: String,
    /// Where the rule's default comes from.
    pub source: &'static str,
    /// The first day this rule no longer stands in the way, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible_from: Option<NaiveDate>,
}

/// A self-check verdict. The PMI doctor decides on the day; this is advice.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictBody {
    pub verdict: VerdictName,
    /// For `deferred`: the first day every deferral has passed, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible_from: Option<NaiveDate>,
    pub reasons: Vec<ReasonBody>,
}

impl VerdictBody {
    pub fn new(verdict: &Verdict, t: &I18n) -> Self {
        VerdictBody {
            verdict: match verdict.kind {
                VerdictKind::Eligible => VerdictName::Eligible,
                VerdictKind::Deferred => VerdictName::Deferred,
                VerdictKind::Ineligible => VerdictName::Ineligible,
            },
            eligible_from: verdict.eligible_from,
            reasons: verdict
                .reasons
                .iter()
                .map(|r| ReasonBody {
                    rule: r.rule.as_str(),
                    effect: match r.effect {
                        Effect::Ineligible => EffectName::Ineligible,
                        Effect::Defer => EffectName::Defer,
                        Effect::Reminder => EffectName::Reminder,
                    },
                    title: t.t(r.rule.title_key()),
                    message: t.message(r.message_key, &r.args),
                    source: r.source,
                    eligible_from: r.eligible_from,
                })
                .collect(),
        }
    }
}

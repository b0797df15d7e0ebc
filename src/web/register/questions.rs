//! The health questions of step 2, worded with the drive's own periods.

use crate::domain::questionnaire::Questionnaire;
use crate::domain::registration_input::RegistrationInput;
use crate::domain::rule_set::RuleSet;
use crate::web::PageCtx;

/// One health question as the form shows it.
pub struct Question {
    pub key: &'static str,
    pub label: String,
    pub is_date: bool,
    pub value: String,
}

/// The questions asked of women only.
const WOMEN_ONLY: [&str; 3] = ["delivery_date", "pregnant", "breastfeeding"];

/// The health questions, worded with the drive's own periods.
pub(super) fn questions(
    ctx: &PageCtx,
    rules: &RuleSet,
    input: &RegistrationInput,
    women: bool,
) -> Vec<Question> {
    let asked = |key: &str| women || !WOMEN_ONLY.contains(&key);
    let mut out = Vec::new();
    for key in Questionnaire::BOOL_KEYS {
        if !asked(key) {
            continue;
        }
        out.push(Question {
            key,
            label: ctx.t.t(&format!("q-{}", key.replace('_', "-"))),
            is_date: false,
            value: input.flag_answer(key).trim().to_lowercase(),
        });
    }
    for (key, period) in periods(rules) {
        if !asked(key) {
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

/// Each date question with the period the drive's rules wait after it.
fn periods(rules: &RuleSet) -> [(&'static str, String); 9] {
    [
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
    ]
}

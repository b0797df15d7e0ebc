//! Intake: everything a registration can carry, exactly as typed (a form or a
//! JSON body, whose numbers and booleans arrive here as text), the error that
//! names one wrong field, and the cleaning every later check starts from:
//! text, dates, decimals, yes/no answers, phone numbers and e-mail addresses.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::messages::MessageArgs;

/// Accepts a JSON string, number or boolean (or null) as text, so that
/// `"weight_kg": 55.5` and `weight_kg=55,5` reach the same parser.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        Text(String),
        Int(i64),
        Float(f64),
        Bool(bool),
        Null(()),
    }
    Ok(match Scalar::deserialize(d)? {
        Scalar::Text(s) => s,
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => if b { "yes" } else { "no" }.to_owned(),
        Scalar::Null(()) => String::new(),
    })
}

/// Everything a registration can carry, as typed. Unknown fields are ignored
/// (the form also sends `csrf_token` and `step`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationInput {
    #[serde(deserialize_with = "lenient_text")]
    pub full_name: String,
    #[serde(deserialize_with = "lenient_text")]
    pub nip: String,
    #[serde(deserialize_with = "lenient_text")]
    pub nik: String,
    #[serde(deserialize_with = "lenient_text")]
    pub employee_type: String,
    #[serde(deserialize_with = "lenient_text")]
    pub sex: String,
    #[serde(deserialize_with = "lenient_text")]
    pub birth_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub work_unit: String,
    #[serde(deserialize_with = "lenient_text")]
    pub phone: String,
    #[serde(deserialize_with = "lenient_text")]
    pub email: String,
    #[serde(deserialize_with = "lenient_text")]
    pub blood_group: String,
    #[serde(deserialize_with = "lenient_text")]
    pub rhesus: String,
    #[serde(deserialize_with = "lenient_text")]
    pub weight_kg: String,
    #[serde(deserialize_with = "lenient_text")]
    pub last_donation_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub donation_count: String,
    #[serde(deserialize_with = "lenient_text")]
    pub slot_id: String,
    #[serde(deserialize_with = "lenient_text")]
    pub tattoo_piercing_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub minor_surgery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub major_surgery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub tooth_extraction_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub transfusion_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub delivery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub malaria_recovery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub live_vaccine_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub rabies_treatment_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub pregnant: String,
    #[serde(deserialize_with = "lenient_text")]
    pub breastfeeding: String,
    #[serde(deserialize_with = "lenient_text")]
    pub permanent_condition: String,
    #[serde(deserialize_with = "lenient_text")]
    pub fever_last_7_days: String,
    #[serde(deserialize_with = "lenient_text")]
    pub medication_last_3_days: String,
    #[serde(deserialize_with = "lenient_text")]
    pub slept_under_4_hours: String,
}

impl RegistrationInput {
    /// The questionnaire's date answers by key, as typed.
    pub fn date_answer(&self, key: &str) -> &str {
        match key {
            "tattoo_piercing_date" => &self.tattoo_piercing_date,
            "minor_surgery_date" => &self.minor_surgery_date,
            "major_surgery_date" => &self.major_surgery_date,
            "tooth_extraction_date" => &self.tooth_extraction_date,
            "transfusion_date" => &self.transfusion_date,
            "delivery_date" => &self.delivery_date,
            "malaria_recovery_date" => &self.malaria_recovery_date,
            "live_vaccine_date" => &self.live_vaccine_date,
            "rabies_treatment_date" => &self.rabies_treatment_date,
            _ => "",
        }
    }

    /// The questionnaire's yes/no answers by key, as typed.
    pub fn flag_answer(&self, key: &str) -> &str {
        match key {
            "pregnant" => &self.pregnant,
            "breastfeeding" => &self.breastfeeding,
            "permanent_condition" => &self.permanent_condition,
            "fever_last_7_days" => &self.fever_last_7_days,
            "medication_last_3_days" => &self.medication_last_3_days,
            "slept_under_4_hours" => &self.slept_under_4_hours,
            _ => "",
        }
    }
}

/// One wrong field: which, and the message key (with arguments) saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
    pub args: MessageArgs,
}

impl FieldError {
    pub(super) fn new(field: &'static str, key: &'static str) -> Self {
        FieldError {
            field,
            key,
            args: Vec::new(),
        }
    }

    pub(super) fn with(field: &'static str, key: &'static str, args: MessageArgs) -> Self {
        FieldError { field, key, args }
    }
}

/// Strips control characters and collapses runs of spaces.
pub fn clean_text(input: &str) -> String {
    input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Accepts `YYYY-MM-DD` (what date inputs send) and `DD-MM-YYYY` / `DD/MM/YYYY`
/// (what people type).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Numbers as Indonesians and English speakers write them: `55,5` or `55.5`.
pub fn parse_decimal(input: &str) -> Option<f64> {
    let s = input.trim().replace(',', ".");
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `yes`/`no` in either language; `None` when unanswered or unreadable.
pub fn parse_yes_no(input: &str) -> Option<bool> {
    match input.trim().to_lowercase().as_str() {
        "yes" | "ya" | "true" | "1" | "on" => Some(true),
        "no" | "tidak" | "false" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// WhatsApp numbers: `0812…`, `62812…` or `+62812…`, spaces and dashes allowed;
/// stored as `+62812…`. Numbers from other countries keep their `+` code.
pub fn normalise_phone(input: &str) -> Option<String> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let (plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let international = if plus {
        digits.to_owned()
    } else if let Some(local) = digits.strip_prefix('0') {
        format!("62{local}")
    } else if digits.starts_with("62") {
        digits.to_owned()
    } else {
        return None;
    };
    (9..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

pub(super) fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised() {
        assert_eq!(
            normalise_phone("0812 3456 7890").as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(
            normalise_phone("+62 812-3456-7890").as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(
            normalise_phone("6281234567890").as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(
            normalise_phone("+670 7723 4567").as_deref(),
            Some("+67077234567")
        );
        assert_eq!(normalise_phone("812345"), None);
        assert_eq!(normalise_phone("08abc"), None);
    }

    #[test]
    fn json_numbers_and_booleans_are_accepted_as_text() {
        let input: RegistrationInput = serde_json::from_str(
            r#"{"weight_kg": 55.5, "donation_count": 3, "pregnant": false, "email": null, "nip": "1"}"#,
        )
        .expect("json");
        assert_eq!(input.weight_kg, "55.5");
        assert_eq!(input.donation_count, "3");
        assert_eq!(input.pregnant, "no");
        assert_eq!(input.email, "");
    }
}

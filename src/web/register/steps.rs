//! The wizard's steps, the pages that end it early, and which fields each
//! step shows (the others ride along as hidden inputs).

use crate::domain::questionnaire::Questionnaire;
use crate::domain::registration_input::{FieldError, RegistrationInput};

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
    pub(super) fn from_form(s: &str) -> Step {
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

    pub(super) fn previous(self) -> Step {
        match self {
            Step::Slot | Step::Ineligible => Step::Health,
            _ => Step::Identity,
        }
    }

    /// The first step showing a field that is wrong.
    pub(super) fn first_with(errors: &[FieldError]) -> Step {
        if errors.iter().any(|e| IDENTITY_FIELDS.contains(&e.field)) {
            Step::Identity
        } else if errors.iter().all(|e| e.field == "slot_id") {
            Step::Slot
        } else {
            Step::Health
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

/// Every non-empty field not shown on `step`, to carry as hidden inputs.
pub(super) fn hidden_fields(input: &RegistrationInput, step: Step) -> Vec<(String, String)> {
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

//! The questionnaire's answers as typed: dates of recent events (each between
//! birth and today) and yes/no questions, the ones about pregnancy, birth and
//! breastfeeding asked of women only. The form requires every yes/no answer;
//! the JSON API may leave them out, meaning "no".

use chrono::NaiveDate;

use super::fields::past_date;
use super::intake::{FieldError, RegistrationInput, parse_yes_no};
use crate::domain::identity::Sex;
use crate::domain::questionnaire::Questionnaire;

/// Reads the questionnaire. On the form every yes/no question must be answered
/// (`require_answers`); the JSON API may leave them out, meaning "no". Questions
/// about pregnancy, birth and breastfeeding are asked of women only.
pub fn parse_questionnaire(
    input: &RegistrationInput,
    sex: Option<Sex>,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
    require_answers: bool,
) -> Result<Questionnaire, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut q = Questionnaire::default();
    let asked_of_women = ["delivery_date", "pregnant", "breastfeeding"];
    let is_man = sex == Some(Sex::Male);
    for key in Questionnaire::DATE_KEYS {
        if is_man && asked_of_women.contains(&key) {
            continue;
        }
        let value = past_date(
            field_name(key),
            input.date_answer(key),
            birth_date,
            today,
            &mut errors,
        );
        if let Some(slot) = q.date_mut(key) {
            *slot = value;
        }
    }
    for key in Questionnaire::BOOL_KEYS {
        if is_man && asked_of_women.contains(&key) {
            continue;
        }
        let text = input.flag_answer(key);
        let answer = match parse_yes_no(text) {
            Some(b) => b,
            None if text.trim().is_empty() && !require_answers => false,
            None => {
                errors.push(FieldError::new(field_name(key), "input-answer-missing"));
                false
            }
        };
        if let Some(slot) = q.flag_mut(key) {
            *slot = answer;
        }
    }
    if errors.is_empty() {
        Ok(q)
    } else {
        Err(errors)
    }
}

/// The `'static` field name for a questionnaire key.
fn field_name(key: &str) -> &'static str {
    Questionnaire::DATE_KEYS
        .iter()
        .chain(Questionnaire::BOOL_KEYS.iter())
        .find(|k| **k == key)
        .copied()
        .unwrap_or("questionnaire")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration_input::test_support::{d, today};

    #[test]
    fn the_form_requires_every_yes_no_answer_the_api_does_not() {
        let input = RegistrationInput::default();
        let errors =
            parse_questionnaire(&input, Some(Sex::Female), None, today(), true).unwrap_err();
        assert_eq!(errors.len(), Questionnaire::BOOL_KEYS.len());
        let errors = parse_questionnaire(&input, Some(Sex::Male), None, today(), true).unwrap_err();
        assert_eq!(
            errors.len(),
            Questionnaire::BOOL_KEYS.len() - 2,
            "men are not asked about pregnancy"
        );
        assert_eq!(
            parse_questionnaire(&input, Some(Sex::Male), None, today(), false),
            Ok(Questionnaire::default())
        );
    }

    #[test]
    fn questionnaire_answers_are_read() {
        let input = RegistrationInput {
            tattoo_piercing_date: "2026-06-01".into(),
            pregnant: "tidak".into(),
            breastfeeding: "ya".into(),
            permanent_condition: "no".into(),
            fever_last_7_days: "no".into(),
            medication_last_3_days: "yes".into(),
            slept_under_4_hours: "no".into(),
            ..Default::default()
        };
        let q = parse_questionnaire(&input, Some(Sex::Female), None, today(), true).expect("valid");
        assert_eq!(q.tattoo_piercing_date, Some(d(2026, 6, 1)));
        assert!(q.breastfeeding && q.medication_last_3_days && !q.pregnant);
        let q = parse_questionnaire(&input, Some(Sex::Male), None, today(), true).expect("valid");
        assert!(!q.breastfeeding, "ignored for men");
    }
}

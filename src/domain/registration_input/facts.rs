//! The facts a self-check needs, with no name, unit or contact: birth date and
//! sex (typed, or read from a NIP/NIK and cross-checked when both are given),
//! weight and donation history; with the questionnaire for the JSON
//! self-check; and the birth date and sex an identity number prefills.

use chrono::NaiveDate;

use super::answers::parse_questionnaire;
use super::fields::{
    counted_donations, fill_from_number, parse_donation_count, parse_weight, past_date, read_nik,
    read_nip, read_sex,
};
use super::intake::{FieldError, RegistrationInput, parse_date};
use crate::domain::identity::{self, Sex};
use crate::domain::questionnaire::{DonorFacts, Questionnaire};

/// What the birth date and sex fields should show once an identity number is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefill {
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// The facts a self-check needs (no name, unit or contact): birth date and sex
/// (typed, or read from a NIP/NIK, and cross-checked when both are given),
/// weight and donation history.
pub fn parse_facts(
    input: &RegistrationInput,
    today: NaiveDate,
) -> Result<DonorFacts, Vec<FieldError>> {
    let mut errors = Vec::new();
    let from_number = read_number(input, today, &mut errors);
    let typed_birth = read_birth_date(&input.birth_date, today, &mut errors);
    let typed_sex = read_sex(&input.sex, &mut errors);
    let (birth_date, sex) = fill_from_number(from_number, typed_birth, typed_sex, &mut errors);
    require_birth_date_and_sex(birth_date, sex, &mut errors);
    let weight_kg = parse_weight(&input.weight_kg, &mut errors);
    let donation_count = parse_donation_count(&input.donation_count, &mut errors);
    let last_donation_date = past_date(
        "last_donation_date",
        &input.last_donation_date,
        birth_date,
        today,
        &mut errors,
    );
    match (birth_date, sex, weight_kg) {
        (Some(birth_date), Some(sex), Some(weight_kg)) if errors.is_empty() => Ok(DonorFacts {
            birth_date,
            sex,
            weight_kg,
            last_donation_date,
            donation_count: counted_donations(donation_count, last_donation_date),
        }),
        _ => Err(errors),
    }
}

/// The birth date and sex the NIP tells, or else the NIK; `None` when
/// neither is given (or the one given is wrong).
fn read_number(
    input: &RegistrationInput,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<(NaiveDate, Sex)> {
    if !input.nip.trim().is_empty() {
        read_nip(&input.nip, today, errors).map(|nip| (nip.birth_date, nip.sex))
    } else if !input.nik.trim().is_empty() {
        read_nik(&input.nik, today, errors).map(|nik| (nik.birth_date, nik.sex))
    } else {
        None
    }
}

/// A typed birth date, which must not lie in the future; `None` when left
/// empty.
fn read_birth_date(
    text: &str,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    match text.trim() {
        "" => None,
        text => match parse_date(text) {
            Some(d) if d > today => {
                errors.push(FieldError::new("birth_date", "input-date-in-future"));
                None
            }
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::new("birth_date", "input-date-invalid"));
                None
            }
        },
    }
}

/// A self-check needs both birth date and sex: names each one missing,
/// unless its field already has a message.
fn require_birth_date_and_sex(
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
    errors: &mut Vec<FieldError>,
) {
    let has_error = |errors: &[FieldError], field: &str| errors.iter().any(|e| e.field == field);
    if birth_date.is_none() && !has_error(errors, "birth_date") {
        errors.push(FieldError::new("birth_date", "input-birth-date-missing"));
    }
    if sex.is_none() && !has_error(errors, "sex") {
        errors.push(FieldError::new("sex", "input-sex-missing"));
    }
}

/// The facts and the questionnaire together, for the JSON self-check (an
/// unanswered yes/no question there means "no").
pub fn parse_donor_facts(
    input: &RegistrationInput,
    today: NaiveDate,
) -> Result<(DonorFacts, Questionnaire), Vec<FieldError>> {
    let facts = parse_facts(input, today);
    let (sex, birth) = match &facts {
        Ok(f) => (Some(f.sex), Some(f.birth_date)),
        Err(_) => (None, None),
    };
    let answers = parse_questionnaire(input, sex, birth, today, false);
    match (facts, answers) {
        (Ok(f), Ok(q)) => Ok((f, q)),
        (f, q) => {
            let mut errors = f.err().unwrap_or_default();
            errors.extend(q.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// Birth date and sex as the identity number tells them, for prefilling the form.
pub fn prefill_from_number(input: &RegistrationInput, today: NaiveDate) -> Option<Prefill> {
    if !input.nip.trim().is_empty()
        && let Ok(nip) = identity::parse_nip(&input.nip, today)
    {
        return Some(Prefill {
            birth_date: nip.birth_date,
            sex: nip.sex,
        });
    }
    if !input.nik.trim().is_empty()
        && let Ok(nik) = identity::parse_nik(&input.nik, today)
    {
        return Some(Prefill {
            birth_date: nik.birth_date,
            sex: nik.sex,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration_input::test_support::{d, fields, today};

    #[test]
    fn the_self_check_reads_birth_date_and_sex_from_the_nip() {
        let input = RegistrationInput {
            nip: "198503122010011002".into(),
            weight_kg: "60".into(),
            last_donation_date: "2026-10-01".into(),
            ..Default::default()
        };
        let (facts, answers) = parse_donor_facts(&input, today()).expect("facts");
        assert_eq!(facts.birth_date, d(1985, 3, 12));
        assert_eq!(facts.sex, Sex::Male);
        assert_eq!(facts.donation_count, 1);
        assert_eq!(answers, Questionnaire::default());
    }

    #[test]
    fn the_self_check_names_each_missing_or_contradicting_field() {
        let errors = parse_donor_facts(&RegistrationInput::default(), today()).unwrap_err();
        assert_eq!(fields(&errors), ["birth_date", "sex", "weight_kg"]);
        let input = RegistrationInput {
            nip: "198503122010011002".into(),
            sex: "female".into(),
            weight_kg: "60".into(),
            pregnant: "maybe".into(),
            ..Default::default()
        };
        let errors = parse_donor_facts(&input, today()).unwrap_err();
        assert_eq!(fields(&errors), ["sex", "pregnant"]);
    }
}

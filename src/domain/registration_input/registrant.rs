//! Validation of a registrant: the identity, contact and donor facts of a
//! person registering for a drive, checked field by field into a `Registrant`
//! or the list of every wrong field. ASN staff (PNS, PPPK) are known by their
//! NIP, other staff by their NIK; birth date and sex come from that number.

use chrono::NaiveDate;

use super::fields::{
    counted_donations, fill_from_number, parse_donation_count, parse_weight, past_date, read_nik,
    read_nip, read_sex,
};
use super::intake::{
    FieldError, RegistrationInput, clean_text, normalise_phone, parse_date, valid_email,
};
use crate::domain::identity::Sex;
use crate::domain::vocab::{BloodGroup, EmployeeType, Rhesus};

/// Longest name we keep; Indonesian names with titles fit comfortably.
pub const MAX_NAME_CHARS: usize = 100;

/// The person's identity number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityNumber {
    Nip(String),
    Nik(String),
}

/// A checked registrant.
#[derive(Debug, Clone, PartialEq)]
pub struct Registrant {
    pub id_number: IdentityNumber,
    pub employee_type: EmployeeType,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub work_unit: String,
    /// Normalised to `+62…`.
    pub phone: String,
    pub email: Option<String>,
    pub blood_group: BloodGroup,
    pub rhesus: Rhesus,
    pub weight_kg: f64,
    pub donation_count: u32,
    pub last_donation_date: Option<NaiveDate>,
}

/// Checks identity, contact and donor facts. `units` are the codes of the
/// drive's work units; `today` bounds dates that must lie in the past. Every
/// wrong field is named, in the order the form shows them.
pub fn parse_registrant(
    input: &RegistrationInput,
    units: &[String],
    today: NaiveDate,
) -> Result<Registrant, Vec<FieldError>> {
    let mut errors = Vec::new();
    let full_name = read_name(&input.full_name, &mut errors);
    let employee_type = read_employee_type(&input.employee_type, &mut errors);
    let (id_number, from_number) = read_identity_number(input, employee_type, today, &mut errors);
    let (birth_date, sex) = read_birth_date_and_sex(input, from_number, today, &mut errors);
    let work_unit = read_work_unit(&input.work_unit, units, &mut errors);
    let phone = read_phone(&input.phone, &mut errors);
    let email = read_email(&input.email, &mut errors);
    let blood_group = read_blood_group(&input.blood_group, &mut errors);
    let rhesus = read_rhesus(&input.rhesus, &mut errors);
    let weight_kg = parse_weight(&input.weight_kg, &mut errors);
    let (donation_count, last_donation_date) =
        read_donations(input, birth_date, today, &mut errors);

    match (id_number, employee_type, birth_date, sex, phone, weight_kg) {
        (
            Some(id_number),
            Some(employee_type),
            Some(birth_date),
            Some(sex),
            Some(phone),
            Some(weight_kg),
        ) if errors.is_empty() => Ok(Registrant {
            id_number,
            employee_type,
            full_name,
            sex,
            birth_date,
            work_unit,
            phone,
            email,
            blood_group,
            rhesus,
            weight_kg,
            donation_count: counted_donations(donation_count, last_donation_date),
            last_donation_date,
        }),
        _ => Err(errors),
    }
}

/// The name with spaces tidied; present and at most `MAX_NAME_CHARS` long.
fn read_name(text: &str, errors: &mut Vec<FieldError>) -> String {
    let full_name = clean_text(text);
    if full_name.is_empty() {
        errors.push(FieldError::new("full_name", "input-name-missing"));
    } else if full_name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::with(
            "full_name",
            "input-name-too-long",
            vec![("max", MAX_NAME_CHARS.to_string())],
        ));
    }
    full_name
}

fn read_employee_type(text: &str, errors: &mut Vec<FieldError>) -> Option<EmployeeType> {
    match text.trim().parse::<EmployeeType>() {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError::new(
                "employee_type",
                "input-employee-type-missing",
            ));
            None
        }
    }
}

/// ASN (PNS, PPPK) are known by their NIP; other staff by their NIK. Gives
/// the number and the birth date and sex it encodes.
fn read_identity_number(
    input: &RegistrationInput,
    employee_type: Option<EmployeeType>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> (Option<IdentityNumber>, Option<(NaiveDate, Sex)>) {
    let wants_nip = !matches!(employee_type, Some(EmployeeType::NonAsn));
    if wants_nip {
        if input.nip.trim().is_empty() {
            errors.push(FieldError::new("nip", "input-nip-missing"));
            return (None, None);
        }
        match read_nip(&input.nip, today, errors) {
            Some(nip) => (
                Some(IdentityNumber::Nip(nip.digits)),
                Some((nip.birth_date, nip.sex)),
            ),
            None => (None, None),
        }
    } else if input.nik.trim().is_empty() {
        errors.push(FieldError::new("nik", "input-nik-missing"));
        (None, None)
    } else {
        match read_nik(&input.nik, today, errors) {
            Some(nik) => (
                Some(IdentityNumber::Nik(nik.digits)),
                Some((nik.birth_date, nik.sex)),
            ),
            None => (None, None),
        }
    }
}

/// Birth date and sex are not asked for on their own: a valid identity
/// number supplies both, and without one the message is about the number
/// alone (asking for them too would only add noise). What was typed must
/// agree with the number, and the birth date must not lie in the future.
fn read_birth_date_and_sex(
    input: &RegistrationInput,
    from_number: Option<(NaiveDate, Sex)>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> (Option<NaiveDate>, Option<Sex>) {
    let entered_birth = if input.birth_date.trim().is_empty() {
        None
    } else {
        match parse_date(&input.birth_date) {
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::new("birth_date", "input-date-invalid"));
                None
            }
        }
    };
    let entered_sex = read_sex(&input.sex, errors);
    let (birth_date, sex) = fill_from_number(from_number, entered_birth, entered_sex, errors);
    if let Some(b) = birth_date
        && b > today
    {
        errors.push(FieldError::new("birth_date", "input-date-in-future"));
    }
    (birth_date, sex)
}

/// One of the drive's work units, by code.
fn read_work_unit(text: &str, units: &[String], errors: &mut Vec<FieldError>) -> String {
    let work_unit = text.trim().to_owned();
    if work_unit.is_empty() {
        errors.push(FieldError::new("work_unit", "input-unit-missing"));
    } else if !units.contains(&work_unit) {
        errors.push(FieldError::new("work_unit", "input-unit-unknown"));
    }
    work_unit
}

/// A WhatsApp number, normalised to `+62…`.
fn read_phone(text: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match normalise_phone(text) {
        Some(p) => Some(p),
        None => {
            let key = if text.trim().is_empty() {
                "input-phone-missing"
            } else {
                "input-phone-invalid"
            };
            errors.push(FieldError::new("phone", key));
            None
        }
    }
}

/// An optional e-mail address, in lower case.
fn read_email(text: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    let email = text.trim().to_lowercase();
    if email.is_empty() {
        None
    } else if valid_email(&email) {
        Some(email)
    } else {
        errors.push(FieldError::new("email", "input-email-invalid"));
        None
    }
}

/// An optional blood group in any case; unknown when left empty.
fn read_blood_group(text: &str, errors: &mut Vec<FieldError>) -> BloodGroup {
    match text.trim() {
        "" => BloodGroup::Unknown,
        other => match other
            .to_uppercase()
            .parse::<BloodGroup>()
            .or_else(|_| other.parse())
        {
            Ok(g) => g,
            Err(_) => {
                errors.push(FieldError::new("blood_group", "input-blood-group-invalid"));
                BloodGroup::Unknown
            }
        },
    }
}

/// An optional rhesus factor, also as `+` or `-`; unknown when left empty.
fn read_rhesus(text: &str, errors: &mut Vec<FieldError>) -> Rhesus {
    match text.trim() {
        "" => Rhesus::Unknown,
        "+" => Rhesus::Positive,
        "-" => Rhesus::Negative,
        other => match other.to_lowercase().parse::<Rhesus>() {
            Ok(r) => r,
            Err(_) => {
                errors.push(FieldError::new("rhesus", "input-rhesus-invalid"));
                Rhesus::Unknown
            }
        },
    }
}

/// Earlier donations as typed and the last one's date; a last donation with
/// a count typed as 0 is a contradiction.
fn read_donations(
    input: &RegistrationInput,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> (u32, Option<NaiveDate>) {
    let donation_count = parse_donation_count(&input.donation_count, errors);
    let last_donation_date = past_date(
        "last_donation_date",
        &input.last_donation_date,
        birth_date,
        today,
        errors,
    );
    if last_donation_date.is_some()
        && donation_count == 0
        && !input.donation_count.trim().is_empty()
    {
        errors.push(FieldError::new(
            "donation_count",
            "input-donation-count-contradicts",
        ));
    }
    (donation_count, last_donation_date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration_input::test_support::{d, fields, today, units, valid};

    #[test]
    fn a_valid_registrant_is_filled_from_the_nip() {
        let r = parse_registrant(&valid(), &units(), today()).expect("valid");
        assert_eq!(r.full_name, "Yohanes Bria");
        assert_eq!(
            r.id_number,
            IdentityNumber::Nip("198503122010011002".into())
        );
        assert_eq!(r.birth_date, d(1985, 3, 12));
        assert_eq!(r.sex, Sex::Male);
        assert_eq!(r.phone, "+6281234567890");
        assert_eq!(r.weight_kg, 62.5);
        assert_eq!(r.blood_group, BloodGroup::Unknown);
    }

    #[test]
    fn a_birth_date_or_sex_contradicting_the_nip_is_refused() {
        let mut input = valid();
        input.birth_date = "1985-03-13".into();
        input.sex = "female".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(fields(&errors), vec!["birth_date", "sex"]);
    }

    #[test]
    fn non_asn_staff_give_a_nik() {
        let mut input = valid();
        input.employee_type = "non_asn".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        // Only the number is asked for: birth date and sex come from it.
        assert_eq!(fields(&errors), vec!["nik"]);
        input.nik = "5371015203900001".into();
        let r = parse_registrant(&input, &units(), today()).expect("valid");
        assert_eq!(r.sex, Sex::Female);
        assert_eq!(r.birth_date, d(1990, 3, 12));
    }

    #[test]
    fn every_missing_field_is_named() {
        let errors =
            parse_registrant(&RegistrationInput::default(), &units(), today()).unwrap_err();
        let f = fields(&errors);
        for field in [
            "full_name",
            "employee_type",
            "nip",
            "work_unit",
            "phone",
            "weight_kg",
        ] {
            assert!(f.contains(&field), "{field} missing from {f:?}");
        }
        // Birth date and sex follow from the number; no second message for them.
        assert!(!f.contains(&"birth_date") && !f.contains(&"sex"), "{f:?}");
    }

    #[test]
    fn long_names_unknown_units_and_odd_numbers_are_refused() {
        let mut input = valid();
        input.full_name = "a".repeat(10_000);
        input.work_unit = "'; DROP TABLE donors; --".into();
        input.weight_kg = "625".into();
        input.phone = "12".into();
        input.email = "not-an-email".into();
        input.donation_count = "-1".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![
                "full_name",
                "work_unit",
                "phone",
                "email",
                "weight_kg",
                "donation_count"
            ]
        );
        assert_eq!(errors[0].key, "input-name-too-long");
    }

    #[test]
    fn dates_in_the_future_or_before_birth_are_refused() {
        let mut input = valid();
        input.last_donation_date = "2026-11-29".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(errors[0].key, "input-date-in-future");
        input.last_donation_date = "1980-01-01".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(errors[0].key, "input-date-before-birth");
        input.last_donation_date = "01/09/2026".into();
        let r = parse_registrant(&input, &units(), today()).expect("valid");
        assert_eq!(r.last_donation_date, Some(d(2026, 9, 1)));
        assert_eq!(r.donation_count, 1, "a last donation means at least one");
    }
}

//! Readers of the fields a registration and a self-check both ask for, one
//! field at a time: the NIP or NIK, sex, the birth date and sex an identity
//! number tells (and what was typed cross-checked against them), weight, the
//! number of earlier donations, and dates that must lie between birth and
//! today. Each returns the value, or pushes a `FieldError` naming its field
//! and gives a stand-in.

use chrono::NaiveDate;

use super::intake::{FieldError, parse_date, parse_decimal};
use crate::domain::identity::{self, Nik, Nip, Sex};

/// Lowest and highest weight we believe a person typed on purpose.
pub const WEIGHT_RANGE_KG: (f64, f64) = (30.0, 250.0);
pub const MAX_DONATION_COUNT: u32 = 300;

/// A NIP, or its error on the `nip` field.
pub(super) fn read_nip(text: &str, today: NaiveDate, errors: &mut Vec<FieldError>) -> Option<Nip> {
    match identity::parse_nip(text, today) {
        Ok(nip) => Some(nip),
        Err(e) => {
            errors.push(FieldError::with("nip", e.message_key(), e.message_args()));
            None
        }
    }
}

/// A NIK, or its error on the `nik` field.
pub(super) fn read_nik(text: &str, today: NaiveDate, errors: &mut Vec<FieldError>) -> Option<Nik> {
    match identity::parse_nik(text, today) {
        Ok(nik) => Some(nik),
        Err(e) => {
            errors.push(FieldError::with("nik", e.message_key(), e.message_args()));
            None
        }
    }
}

/// Sex as typed; `None` when left empty or unreadable.
pub(super) fn read_sex(text: &str, errors: &mut Vec<FieldError>) -> Option<Sex> {
    match text.trim() {
        "" => None,
        text => match text.parse::<Sex>() {
            Ok(s) => Some(s),
            Err(_) => {
                errors.push(FieldError::new("sex", "input-sex-missing"));
                None
            }
        },
    }
}

/// With the birth date and sex an identity number tells (`from_number`):
/// marks a typed birth date or sex that contradicts them, then fills from the
/// number what was left empty.
pub(super) fn fill_from_number(
    from_number: Option<(NaiveDate, Sex)>,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
    errors: &mut Vec<FieldError>,
) -> (Option<NaiveDate>, Option<Sex>) {
    let Some((number_birth, number_sex)) = from_number else {
        return (birth_date, sex);
    };
    for mismatch in identity::cross_check(number_birth, number_sex, birth_date, sex) {
        errors.push(FieldError::with(
            mismatch.field(),
            mismatch.message_key(),
            mismatch.message_args(),
        ));
    }
    (birth_date.or(Some(number_birth)), sex.or(Some(number_sex)))
}

/// Someone who gives a last donation date has donated at least once.
pub(super) fn counted_donations(donation_count: u32, last_donation: Option<NaiveDate>) -> u32 {
    if last_donation.is_some() {
        donation_count.max(1)
    } else {
        donation_count
    }
}

/// Weight in kg within the plausible range, or a named error.
pub(super) fn parse_weight(text: &str, errors: &mut Vec<FieldError>) -> Option<f64> {
    match parse_decimal(text) {
        Some(w) if (WEIGHT_RANGE_KG.0..=WEIGHT_RANGE_KG.1).contains(&w) => Some(w),
        Some(_) => {
            errors.push(FieldError::with(
                "weight_kg",
                "input-weight-out-of-range",
                vec![
                    ("min", format!("{:.0}", WEIGHT_RANGE_KG.0)),
                    ("max", format!("{:.0}", WEIGHT_RANGE_KG.1)),
                ],
            ));
            None
        }
        None => {
            let key = if text.trim().is_empty() {
                "input-weight-missing"
            } else {
                "input-number-invalid"
            };
            errors.push(FieldError::new("weight_kg", key));
            None
        }
    }
}

/// Earlier donations, 0 when left empty.
pub(super) fn parse_donation_count(text: &str, errors: &mut Vec<FieldError>) -> u32 {
    match text.trim() {
        "" => 0,
        text => match text.parse::<u32>() {
            Ok(n) if n <= MAX_DONATION_COUNT => n,
            _ => {
                errors.push(FieldError::with(
                    "donation_count",
                    "input-donation-count-invalid",
                    vec![("max", MAX_DONATION_COUNT.to_string())],
                ));
                0
            }
        },
    }
}

/// An optional date that must not lie in the future nor before birth.
pub(super) fn past_date(
    field: &'static str,
    text: &str,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return None;
    }
    match parse_date(text) {
        None => {
            errors.push(FieldError::new(field, "input-date-invalid"));
            None
        }
        Some(d) if d > today => {
            errors.push(FieldError::new(field, "input-date-in-future"));
            None
        }
        Some(d) if birth_date.is_some_and(|b| d < b) => {
            errors.push(FieldError::new(field, "input-date-before-birth"));
            None
        }
        Some(d) => Some(d),
    }
}

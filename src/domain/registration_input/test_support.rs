//! Fixtures the unit tests of registration input share: a reference day, the
//! drive's work units, a valid registration as typed, and the fields named by
//! a list of errors.

use chrono::NaiveDate;

use super::intake::{FieldError, RegistrationInput};

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

pub(super) fn today() -> NaiveDate {
    d(2026, 11, 28)
}

pub(super) fn units() -> Vec<String> {
    vec!["KANIM-KUPANG".to_owned()]
}

pub(super) fn valid() -> RegistrationInput {
    RegistrationInput {
        full_name: "  Yohanes   Bria ".into(),
        nip: "19850312 201001 1 002".into(),
        employee_type: "pns".into(),
        work_unit: "KANIM-KUPANG".into(),
        phone: "0812-3456-7890".into(),
        weight_kg: "62,5".into(),
        ..Default::default()
    }
}

pub(super) fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field).collect()
}

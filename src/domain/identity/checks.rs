//! Cross-checking what a person typed against what their NIP or NIK says: a
//! birth date or sex that contradicts the number is a mismatch with its own
//! field and message; a field left empty is not (the caller fills it from the
//! number).

use chrono::NaiveDate;
use serde::Serialize;

use super::sex::Sex;
use crate::domain::messages::{Localized, MessageArgs};

/// A birth date or sex typed on a form that contradicts the identity number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum IdentityMismatch {
    BirthDate {
        expected: NaiveDate,
        entered: NaiveDate,
    },
    Sex {
        expected: Sex,
        entered: Sex,
    },
}

impl IdentityMismatch {
    /// The form field to mark (`birth_date` or `sex`).
    pub fn field(&self) -> &'static str {
        match self {
            Self::BirthDate { .. } => "birth_date",
            Self::Sex { .. } => "sex",
        }
    }

    pub fn message_key(&self) -> &'static str {
        match self {
            Self::BirthDate { .. } => "identity-mismatch-birth-date",
            Self::Sex { .. } => "identity-mismatch-sex",
        }
    }

    pub fn message_args(&self) -> MessageArgs {
        match self {
            Self::BirthDate { expected, entered } => {
                vec![
                    ("expected", expected.to_string()),
                    ("entered", entered.to_string()),
                ]
            }
            Self::Sex { expected, entered } => {
                vec![
                    ("expected", expected.as_str().to_string()),
                    ("entered", entered.as_str().to_string()),
                ]
            }
        }
    }
}

impl Localized for IdentityMismatch {
    fn message_key(&self) -> &'static str {
        IdentityMismatch::message_key(self)
    }
    fn message_args(&self) -> MessageArgs {
        IdentityMismatch::message_args(self)
    }
}

/// Compares what a person typed with what their NIP/NIK says. Fields left
/// empty are not mismatches: the caller fills them from the number.
pub fn cross_check(
    expected_birth: NaiveDate,
    expected_sex: Sex,
    entered_birth: Option<NaiveDate>,
    entered_sex: Option<Sex>,
) -> Vec<IdentityMismatch> {
    let mut mismatches = Vec::new();
    if let Some(entered) = entered_birth.filter(|d| *d != expected_birth) {
        mismatches.push(IdentityMismatch::BirthDate {
            expected: expected_birth,
            entered,
        });
    }
    if let Some(entered) = entered_sex.filter(|s| *s != expected_sex) {
        mismatches.push(IdentityMismatch::Sex {
            expected: expected_sex,
            entered,
        });
    }
    mismatches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn cross_check_reports_only_contradictions() {
        let born = date(1985, 3, 12);
        assert!(cross_check(born, Sex::Male, None, None).is_empty());
        assert!(cross_check(born, Sex::Male, Some(born), Some(Sex::Male)).is_empty());
        assert_eq!(
            cross_check(born, Sex::Male, Some(date(1985, 3, 13)), Some(Sex::Female)),
            vec![
                IdentityMismatch::BirthDate {
                    expected: born,
                    entered: date(1985, 3, 13)
                },
                IdentityMismatch::Sex {
                    expected: Sex::Male,
                    entered: Sex::Female
                },
            ]
        );
        assert_eq!(
            cross_check(born, Sex::Female, None, Some(Sex::Male))[0].field(),
            "sex"
        );
    }
}

//! Indonesian identity numbers (NIP for civil servants, NIK for residents):
//! parsing, the birth date and sex they encode, and cross-checking them
//! against what a person typed; plus age arithmetic on birth dates. This file
//! only gathers the parts; each lives in its own file and every public name is
//! re-exported here, so callers write `domain::identity::parse_nip`.

mod age;
mod checks;
mod digits;
mod error;
mod nik;
mod nip;
mod sex;

pub use age::{age_on, nth_birthday};
pub use checks::{IdentityMismatch, cross_check};
pub use error::{IdKind, IdentityError, NIP_EARLIEST_BIRTH_YEAR, NIP_MIN_APPOINTMENT_AGE};
pub use nik::{Nik, parse_nik};
pub use nip::{Nip, parse_nip};
pub use sex::Sex;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::messages::MessageArgs;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let errors = [
            IdentityError::Empty { kind: IdKind::Nip },
            IdentityError::Empty { kind: IdKind::Nik },
            IdentityError::NonDigit {
                kind: IdKind::Nip,
                found: 'O',
            },
            IdentityError::NonDigit {
                kind: IdKind::Nik,
                found: 'O',
            },
            IdentityError::WrongLength {
                kind: IdKind::Nip,
                got: 17,
                expected: 18,
            },
            IdentityError::WrongLength {
                kind: IdKind::Nik,
                got: 15,
                expected: 16,
            },
            IdentityError::ImpossibleBirthDate {
                kind: IdKind::Nip,
                value: "19850230".into(),
            },
            IdentityError::ImpossibleBirthDate {
                kind: IdKind::Nik,
                value: "300285".into(),
            },
            IdentityError::BirthDateOutOfRange {
                date: date(1939, 1, 1),
                earliest_year: 1940,
            },
            IdentityError::ImpossibleAppointmentDate {
                value: "201013".into(),
            },
            IdentityError::AppointmentTooEarly {
                appointed_year: 2000,
                birth_year: 1985,
            },
            IdentityError::BadSexDigit { digit: '3' },
            IdentityError::UnknownProvince { code: "20".into() },
            IdentityError::UnknownRegion {
                code: "530000".into(),
            },
            IdentityError::ZeroSerial,
            IdentityError::UnknownSex { value: "x".into() },
        ];
        let mut samples: Vec<_> = errors
            .iter()
            .map(|e| (e.message_key(), e.message_args()))
            .collect();
        let mismatches = cross_check(
            date(1985, 3, 12),
            Sex::Male,
            Some(date(1985, 3, 13)),
            Some(Sex::Female),
        );
        samples.extend(
            mismatches
                .iter()
                .map(|m| (m.message_key(), m.message_args())),
        );
        samples.extend([Sex::Male, Sex::Female].map(|s| (s.message_key(), Vec::new())));
        samples
    }
}

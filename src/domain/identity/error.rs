//! What can be wrong with an identity number, and how each mistake is told:
//! which number it is about ([`IdKind`]), the form field it belongs to, and the
//! message key with its arguments. The NIP's plausibility limits live here
//! too, since the messages quote them.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::messages::{Localized, MessageArgs};

/// Which number an error is about; the web layer uses `field()` as the form
/// field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    Nip,
    Nik,
}

impl IdKind {
    pub fn field(self) -> &'static str {
        match self {
            Self::Nip => "nip",
            Self::Nik => "nik",
        }
    }
    pub(super) fn expected_len(self) -> usize {
        match self {
            Self::Nip => 18,
            Self::Nik => 16,
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Nip => "NIP",
            Self::Nik => "NIK",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("{kind} is empty")]
    Empty { kind: IdKind },
    #[error("{kind} contains {found:?}, only digits are allowed")]
    NonDigit { kind: IdKind, found: char },
    #[error("{kind} has {got} digits, expected {expected}")]
    WrongLength {
        kind: IdKind,
        got: usize,
        expected: usize,
    },
    #[error("{kind} encodes an impossible birth date ({value})")]
    ImpossibleBirthDate { kind: IdKind, value: String },
    #[error("NIP birth date {date} is before {earliest_year} or after today")]
    BirthDateOutOfRange { date: NaiveDate, earliest_year: i32 },
    #[error("NIP encodes an impossible appointment year-month ({value})")]
    ImpossibleAppointmentDate { value: String },
    #[error("NIP appointment year {appointed_year} is before birth year {birth_year} + 17")]
    AppointmentTooEarly {
        appointed_year: i32,
        birth_year: i32,
    },
    #[error("NIP sex digit is {digit}, expected 1 or 2")]
    BadSexDigit { digit: char },
    #[error("NIK province code {code} does not exist")]
    UnknownProvince { code: String },
    #[error("NIK region code {code} does not exist")]
    UnknownRegion { code: String },
    #[error("NIK serial is 0000")]
    ZeroSerial,
    #[error("unknown sex {value:?}")]
    UnknownSex { value: String },
}

/// The earliest birth year we accept in a NIP: nobody born earlier is still
/// in service.
pub const NIP_EARLIEST_BIRTH_YEAR: i32 = 1940;
/// UU ASN (and its predecessors) set 18 as the minimum age for a CPNS, so an
/// appointment in the birth year + 17 is already impossible in practice; we
/// are one year lenient because only years (not months) are compared.
pub const NIP_MIN_APPOINTMENT_AGE: i32 = 17;

impl IdentityError {
    /// The form field this error belongs to.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Empty { kind }
            | Self::NonDigit { kind, .. }
            | Self::WrongLength { kind, .. }
            | Self::ImpossibleBirthDate { kind, .. } => kind.field(),
            Self::BirthDateOutOfRange { .. }
            | Self::ImpossibleAppointmentDate { .. }
            | Self::AppointmentTooEarly { .. }
            | Self::BadSexDigit { .. } => "nip",
            Self::UnknownProvince { .. } | Self::UnknownRegion { .. } | Self::ZeroSerial => "nik",
            Self::UnknownSex { .. } => "sex",
        }
    }

    pub fn message_key(&self) -> &'static str {
        use IdKind::{Nik, Nip};
        match self {
            Self::Empty { kind: Nip } => "identity-nip-empty",
            Self::Empty { kind: Nik } => "identity-nik-empty",
            Self::NonDigit { kind: Nip, .. } => "identity-nip-non-digit",
            Self::NonDigit { kind: Nik, .. } => "identity-nik-non-digit",
            Self::WrongLength { kind: Nip, .. } => "identity-nip-length",
            Self::WrongLength { kind: Nik, .. } => "identity-nik-length",
            Self::ImpossibleBirthDate { kind: Nip, .. } => "identity-nip-birth-date-impossible",
            Self::ImpossibleBirthDate { kind: Nik, .. } => "identity-nik-birth-date-impossible",
            Self::BirthDateOutOfRange { .. } => "identity-nip-birth-date-out-of-range",
            Self::ImpossibleAppointmentDate { .. } => "identity-nip-appointment-impossible",
            Self::AppointmentTooEarly { .. } => "identity-nip-appointment-too-early",
            Self::BadSexDigit { .. } => "identity-nip-sex-digit",
            Self::UnknownProvince { .. } => "identity-nik-province",
            Self::UnknownRegion { .. } => "identity-nik-region",
            Self::ZeroSerial => "identity-nik-zero-serial",
            Self::UnknownSex { .. } => "identity-sex-unknown",
        }
    }

    pub fn message_args(&self) -> MessageArgs {
        match self {
            Self::Empty { .. } | Self::ZeroSerial => Vec::new(),
            Self::NonDigit { found, .. } => vec![("character", found.to_string())],
            Self::WrongLength { got, expected, .. } => {
                vec![("got", got.to_string()), ("expected", expected.to_string())]
            }
            Self::ImpossibleBirthDate { value, .. } | Self::ImpossibleAppointmentDate { value } => {
                vec![("value", value.clone())]
            }
            Self::BirthDateOutOfRange {
                date,
                earliest_year,
            } => {
                vec![
                    ("date", date.to_string()),
                    ("earliest_year", earliest_year.to_string()),
                ]
            }
            Self::AppointmentTooEarly {
                appointed_year,
                birth_year,
            } => vec![
                ("appointed_year", appointed_year.to_string()),
                ("birth_year", birth_year.to_string()),
                (
                    "earliest_year",
                    birth_year
                        .saturating_add(NIP_MIN_APPOINTMENT_AGE)
                        .to_string(),
                ),
            ],
            Self::BadSexDigit { digit } => vec![("digit", digit.to_string())],
            Self::UnknownProvince { code } | Self::UnknownRegion { code } => {
                vec![("code", code.clone())]
            }
            Self::UnknownSex { value } => vec![("value", value.clone())],
        }
    }
}

impl Localized for IdentityError {
    fn message_key(&self) -> &'static str {
        IdentityError::message_key(self)
    }
    fn message_args(&self) -> MessageArgs {
        IdentityError::message_args(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_their_form_field() {
        assert_eq!(IdentityError::ZeroSerial.field(), "nik");
        assert_eq!(IdentityError::BadSexDigit { digit: '3' }.field(), "nip");
        assert_eq!(IdentityError::Empty { kind: IdKind::Nik }.field(), "nik");
    }
}

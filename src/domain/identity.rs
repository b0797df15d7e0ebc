//! Indonesian identity numbers (NIP for civil servants, NIK for residents):
//! parsing, the birth date and sex they encode, and cross-checking them
//! against what a person typed; plus age arithmetic on birth dates.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::messages::{Localized, MessageArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
        }
    }

    /// Label key (`identity-sex-male`, `identity-sex-female`).
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Male => "identity-sex-male",
            Self::Female => "identity-sex-female",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Accepts our stored form (`male`/`female`) and what Indonesian forms and
/// staff lists use (`L`/`P`, `laki-laki`/`perempuan`), in any case.
impl FromStr for Sex {
    type Err = IdentityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "male" | "m" | "l" | "laki-laki" | "laki laki" | "pria" => Ok(Self::Male),
            "female" | "f" | "p" | "perempuan" | "wanita" => Ok(Self::Female),
            _ => Err(IdentityError::UnknownSex {
                value: s.chars().take(40).collect(),
            }),
        }
    }
}

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
    fn expected_len(self) -> usize {
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

/// A valid NIP (also the NI PPPK, which has the same layout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nip {
    /// The 18 digits, without separators: the form we store.
    pub digits: String,
    pub birth_date: NaiveDate,
    /// TMT CPNS (or PPPK): year and month.
    pub appointed: (i32, u32),
    pub sex: Sex,
    pub serial: u16,
}

impl Nip {
    /// The grouping printed on Indonesian documents: `19850312 201001 1 002`.
    pub fn formatted(&self) -> String {
        let d = &self.digits;
        // Fields are public: fall back to the bare digits rather than panic
        // on a hand-built value.
        match (d.get(..8), d.get(8..14), d.get(14..15), d.get(15..)) {
            (Some(birth), Some(appointed), Some(sex), Some(serial)) if d.len() == 18 => {
                format!("{birth} {appointed} {sex} {serial}")
            }
            _ => d.clone(),
        }
    }
}

/// A valid NIK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nik {
    /// The 16 digits, without separators: the form we store.
    pub digits: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// Parses a NIP as people paste it (`19850312 201001 1 002`,
/// `19850312.201001.1.002`). `reference` is today in the drive's time zone:
/// the birth date must not be after it, and the appointment not more than a
/// year after it (a new CPNS may register before their TMT).
pub fn parse_nip(input: &str, reference: NaiveDate) -> Result<Nip, IdentityError> {
    let digits = only_digits(input, IdKind::Nip)?;
    let birth_date =
        date_from_digits(&digits[0..4], &digits[4..6], &digits[6..8]).ok_or_else(|| {
            IdentityError::ImpossibleBirthDate {
                kind: IdKind::Nip,
                value: digits[0..8].to_string(),
            }
        })?;
    if birth_date.year() < NIP_EARLIEST_BIRTH_YEAR || birth_date > reference {
        return Err(IdentityError::BirthDateOutOfRange {
            date: birth_date,
            earliest_year: NIP_EARLIEST_BIRTH_YEAR,
        });
    }
    let year = number(&digits[8..12]) as i32;
    let month = number(&digits[12..14]);
    let latest_year = reference.year().saturating_add(1);
    if !(1..=12).contains(&month) || !(NIP_EARLIEST_BIRTH_YEAR..=latest_year).contains(&year) {
        return Err(IdentityError::ImpossibleAppointmentDate {
            value: digits[8..14].to_string(),
        });
    }
    if year < birth_date.year() + NIP_MIN_APPOINTMENT_AGE {
        return Err(IdentityError::AppointmentTooEarly {
            appointed_year: year,
            birth_year: birth_date.year(),
        });
    }
    let sex = match digits.as_bytes()[14] {
        b'1' => Sex::Male,
        b'2' => Sex::Female,
        other => {
            return Err(IdentityError::BadSexDigit {
                digit: char::from(other),
            });
        }
    };
    let serial = number(&digits[15..18]) as u16;
    Ok(Nip {
        digits,
        birth_date,
        appointed: (year, month),
        sex,
        serial,
    })
}

/// Province codes of Kemendagri (Kepmendagri 300.2.2-2138/2025 and its
/// predecessors). 91-96 are the six Papua provinces; codes of the 2022
/// renumbering and older NIKs both fall in that range. No province has 97.
const PROVINCE_CODES: [u8; 38] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

/// Parses a NIK. The two-digit birth year is read in the century that puts
/// the birth date on or before `reference` (today), so `05` is 2005 in 2026
/// and `30` is 1930.
pub fn parse_nik(input: &str, reference: NaiveDate) -> Result<Nik, IdentityError> {
    let digits = only_digits(input, IdKind::Nik)?;
    let province = number(&digits[0..2]);
    if !PROVINCE_CODES
        .iter()
        .any(|&code| u32::from(code) == province)
    {
        return Err(IdentityError::UnknownProvince {
            code: digits[0..2].to_string(),
        });
    }
    // Regency (kabupaten/kota) and district (kecamatan) numbers start at 01.
    if &digits[2..4] == "00" || &digits[4..6] == "00" {
        return Err(IdentityError::UnknownRegion {
            code: digits[0..6].to_string(),
        });
    }
    let impossible = || IdentityError::ImpossibleBirthDate {
        kind: IdKind::Nik,
        value: digits[6..12].to_string(),
    };
    let encoded_day = number(&digits[6..8]);
    // Women's NIKs add 40 to the day of birth.
    let (day, sex) = match encoded_day {
        1..=31 => (encoded_day, Sex::Male),
        41..=71 => (encoded_day - 40, Sex::Female),
        _ => return Err(impossible()),
    };
    let month = number(&digits[8..10]);
    let two_digit_year = number(&digits[10..12]) as i32;
    let this_century =
        NaiveDate::from_ymd_opt(2000 + two_digit_year, month, day).filter(|d| *d <= reference);
    let birth_date = this_century
        .or_else(|| NaiveDate::from_ymd_opt(1900 + two_digit_year, month, day))
        .ok_or_else(impossible)?;
    if &digits[12..16] == "0000" {
        return Err(IdentityError::ZeroSerial);
    }
    Ok(Nik {
        digits,
        birth_date,
        sex,
    })
}

/// Drops the separators people type, then requires exactly the right number
/// of ASCII digits.
fn only_digits(input: &str, kind: IdKind) -> Result<String, IdentityError> {
    let kept: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect();
    if kept.is_empty() {
        return Err(IdentityError::Empty { kind });
    }
    if let Some(found) = kept.chars().find(|c| !c.is_ascii_digit()) {
        return Err(IdentityError::NonDigit { kind, found });
    }
    if kept.len() != kind.expected_len() {
        return Err(IdentityError::WrongLength {
            kind,
            got: kept.len(),
            expected: kind.expected_len(),
        });
    }
    Ok(kept)
}

/// Value of a short run of ASCII digits (already checked by `only_digits`).
fn number(digits: &str) -> u32 {
    digits
        .bytes()
        .fold(0, |acc, b| acc * 10 + u32::from(b.saturating_sub(b'0')))
}

fn date_from_digits(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(number(year) as i32, number(month), number(day))
}

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

/// Age in whole years on `on` (0 when `on` is before `birth`).
///
/// Someone born on 29 February becomes a year older on 1 March in non-leap
/// years: only then has a full year passed since the last 29 February, and
/// it matches [`nth_birthday`], so an age limit and the date it is reached
/// never disagree.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The date on which someone born on `birth` turns `years` old (1 March for
/// a 29 February birthday in a non-leap year); `None` past chrono's range.
pub fn nth_birthday(birth: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2026, 1, 10)
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

    #[test]
    fn sex_round_trips_through_text_and_serde() {
        for sex in [Sex::Male, Sex::Female] {
            assert_eq!(sex.as_str().parse::<Sex>(), Ok(sex));
            assert_eq!(
                serde_json::to_string(&sex).unwrap(),
                format!("\"{}\"", sex.as_str())
            );
        }
        assert_eq!(" P ".parse::<Sex>(), Ok(Sex::Female));
        assert_eq!("Laki-laki".parse::<Sex>(), Ok(Sex::Male));
        assert!(matches!(
            "x".parse::<Sex>(),
            Err(IdentityError::UnknownSex { .. })
        ));
    }

    #[test]
    fn nip_is_read_as_pasted_with_separators() {
        let nip = parse_nip("19850312 201001 1 002", today()).unwrap();
        assert_eq!(nip.digits, "198503122010011002");
        assert_eq!(nip.birth_date, date(1985, 3, 12));
        assert_eq!(nip.appointed, (2010, 1));
        assert_eq!(nip.sex, Sex::Male);
        assert_eq!(nip.serial, 2);
        assert_eq!(nip.formatted(), "19850312 201001 1 002");
        let odd = Nip {
            digits: "12".into(),
            ..nip.clone()
        };
        assert_eq!(odd.formatted(), "12");
        assert_eq!(
            parse_nip("19850312.201001.2.002", today()).unwrap().sex,
            Sex::Female
        );
        assert_eq!(
            parse_nip("19850312-201001-1-002", today()).unwrap().digits,
            nip.digits
        );
    }

    #[test]
    fn nip_shape_errors_are_precise() {
        let err = |s: &str| parse_nip(s, today()).unwrap_err();
        assert_eq!(err("  "), IdentityError::Empty { kind: IdKind::Nip });
        assert_eq!(
            err("1985O312201001100"),
            IdentityError::NonDigit {
                kind: IdKind::Nip,
                found: 'O'
            }
        );
        assert_eq!(
            err("19850312201001100"),
            IdentityError::WrongLength {
                kind: IdKind::Nip,
                got: 17,
                expected: 18
            }
        );
        assert_eq!(
            err("1985031220100110023"),
            IdentityError::WrongLength {
                kind: IdKind::Nip,
                got: 19,
                expected: 18
            }
        );
        // Non-ASCII digits are not digits here.
        assert!(matches!(
            err("١٩٨٥٠٣١٢٢٠١٠٠١١٠٠٢"),
            IdentityError::NonDigit { .. }
        ));
    }

    #[test]
    fn nip_birth_date_must_exist_and_be_plausible() {
        let err = |s: &str| parse_nip(s, today()).unwrap_err();
        assert_eq!(
            err("198502302010011002"),
            IdentityError::ImpossibleBirthDate {
                kind: IdKind::Nip,
                value: "19850230".into()
            }
        );
        assert!(parse_nip("198402292010011002", today()).is_ok()); // 1984 is a leap year
        assert!(matches!(
            err("198502292010011002"),
            IdentityError::ImpossibleBirthDate { .. }
        ));
        assert!(matches!(
            err("193912312010011002"),
            IdentityError::BirthDateOutOfRange { .. }
        ));
        assert!(parse_nip("194001011960011002", today()).is_ok());
        assert!(matches!(
            err("202601112026011002"),
            IdentityError::BirthDateOutOfRange { .. }
        ));
    }

    #[test]
    fn nip_appointment_must_be_a_real_month_and_at_least_17_years_after_birth() {
        let err = |s: &str| parse_nip(s, today()).unwrap_err();
        assert_eq!(
            err("198503122010131002"),
            IdentityError::ImpossibleAppointmentDate {
                value: "201013".into()
            }
        );
        assert_eq!(
            err("198503122010001002"),
            IdentityError::ImpossibleAppointmentDate {
                value: "201000".into()
            }
        );
        // A year after today is allowed (TMT ahead of registration), two are not.
        assert!(parse_nip("200001012027121002", today()).is_ok());
        assert!(matches!(
            err("200001012028011002"),
            IdentityError::ImpossibleAppointmentDate { .. }
        ));
        assert_eq!(
            err("198503122001121002"),
            IdentityError::AppointmentTooEarly {
                appointed_year: 2001,
                birth_year: 1985
            }
        );
        assert!(parse_nip("198503122002011002", today()).is_ok());
    }

    #[test]
    fn nip_sex_digit_is_1_or_2() {
        assert_eq!(
            parse_nip("198503122010013002", today()),
            Err(IdentityError::BadSexDigit { digit: '3' })
        );
        assert_eq!(
            parse_nip("198503122010010002", today()),
            Err(IdentityError::BadSexDigit { digit: '0' })
        );
    }

    #[test]
    fn nik_gives_birth_date_and_sex() {
        let man = parse_nik("5371011203850001", today()).unwrap();
        assert_eq!((man.birth_date, man.sex), (date(1985, 3, 12), Sex::Male));
        let woman = parse_nik("53 7101 520385 0001", today()).unwrap();
        assert_eq!(
            (woman.birth_date, woman.sex),
            (date(1985, 3, 12), Sex::Female)
        );
        assert_eq!(woman.digits, "5371015203850001");
    }

    #[test]
    fn nik_day_boundaries_for_men_and_women() {
        let err = |s: &str| parse_nik(s, today()).unwrap_err();
        assert_eq!(
            parse_nik("5371013101900001", today()).unwrap().birth_date,
            date(1990, 1, 31)
        );
        assert_eq!(
            parse_nik("5371014101900001", today()).unwrap().birth_date,
            date(1990, 1, 1)
        );
        assert_eq!(
            parse_nik("5371017101900001", today()).unwrap().birth_date,
            date(1990, 1, 31)
        );
        for bad in [
            "5371010001900001",
            "5371013201900001",
            "5371014001900001",
            "5371017201900001",
        ] {
            assert!(
                matches!(
                    err(bad),
                    IdentityError::ImpossibleBirthDate {
                        kind: IdKind::Nik,
                        ..
                    }
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            err("5371013002900001"),
            IdentityError::ImpossibleBirthDate { .. }
        )); // 30 Feb
        assert!(matches!(
            err("5371011213900001"),
            IdentityError::ImpossibleBirthDate { .. }
        )); // month 13
    }

    #[test]
    fn nik_century_keeps_the_birth_date_on_or_before_the_reference() {
        assert_eq!(
            parse_nik("5371011001260001", today()).unwrap().birth_date,
            date(2026, 1, 10)
        );
        assert_eq!(
            parse_nik("5371011101260001", today()).unwrap().birth_date,
            date(1926, 1, 11)
        );
        assert_eq!(
            parse_nik("5371010101050001", today()).unwrap().birth_date,
            date(2005, 1, 1)
        );
        assert_eq!(
            parse_nik("5371010101300001", today()).unwrap().birth_date,
            date(1930, 1, 1)
        );
        // 29 Feb 00: 2000 was a leap year.
        assert_eq!(
            parse_nik("5371012902000001", today()).unwrap().birth_date,
            date(2000, 2, 29)
        );
    }

    #[test]
    fn nik_region_and_serial_are_checked() {
        let err = |s: &str| parse_nik(s, today()).unwrap_err();
        assert_eq!(
            err("2071011203850001"),
            IdentityError::UnknownProvince { code: "20".into() }
        );
        assert_eq!(
            err("9771011203850001"),
            IdentityError::UnknownProvince { code: "97".into() }
        );
        assert_eq!(
            err("1071011203850001"),
            IdentityError::UnknownProvince { code: "10".into() }
        );
        for ok in [
            "11", "19", "21", "31", "36", "51", "53", "61", "65", "71", "76", "81", "82", "91",
            "96",
        ] {
            assert!(
                parse_nik(&format!("{ok}71011203850001"), today()).is_ok(),
                "{ok}"
            );
        }
        assert_eq!(
            err("5300011203850001"),
            IdentityError::UnknownRegion {
                code: "530001".into()
            }
        );
        assert_eq!(
            err("5371001203850001"),
            IdentityError::UnknownRegion {
                code: "537100".into()
            }
        );
        assert_eq!(err("5371011203850000"), IdentityError::ZeroSerial);
        assert_eq!(
            err("537101120385000"),
            IdentityError::WrongLength {
                kind: IdKind::Nik,
                got: 15,
                expected: 16
            }
        );
        assert_eq!(err(""), IdentityError::Empty { kind: IdKind::Nik });
    }

    #[test]
    fn errors_name_their_form_field() {
        assert_eq!(IdentityError::ZeroSerial.field(), "nik");
        assert_eq!(IdentityError::BadSexDigit { digit: '3' }.field(), "nip");
        assert_eq!(IdentityError::Empty { kind: IdKind::Nik }.field(), "nik");
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

    #[test]
    fn age_counts_whole_years() {
        let born = date(2009, 1, 17);
        assert_eq!(age_on(born, date(2026, 1, 16)), 16);
        assert_eq!(age_on(born, date(2026, 1, 17)), 17);
        assert_eq!(age_on(born, date(2026, 1, 18)), 17);
        assert_eq!(age_on(born, date(2000, 1, 1)), 0);
    }

    #[test]
    fn leap_day_birthdays_come_on_1_march_in_common_years() {
        let born = date(2008, 2, 29);
        assert_eq!(age_on(born, date(2025, 2, 28)), 16);
        assert_eq!(age_on(born, date(2025, 3, 1)), 17);
        assert_eq!(age_on(born, date(2028, 2, 29)), 20);
        assert_eq!(nth_birthday(born, 17), Some(date(2025, 3, 1)));
        assert_eq!(nth_birthday(born, 20), Some(date(2028, 2, 29)));
        assert_eq!(nth_birthday(date(2009, 1, 17), 17), Some(date(2026, 1, 17)));
        assert_eq!(nth_birthday(NaiveDate::MAX, 1), None);
    }
}

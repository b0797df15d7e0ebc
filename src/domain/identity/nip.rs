//! The NIP (Nomor Induk Pegawai) of civil servants, and the NI PPPK with the
//! same layout: reading one as people paste it, and the birth date, appointment
//! month, sex and serial its 18 digits encode, each checked for plausibility.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::digits::{date_from_digits, number, only_digits};
use super::error::{IdKind, IdentityError, NIP_EARLIEST_BIRTH_YEAR, NIP_MIN_APPOINTMENT_AGE};
use super::sex::Sex;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2026, 1, 10)
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
}

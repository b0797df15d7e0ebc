//! The NIK (Nomor Induk Kependudukan) every resident has: reading one as people
//! type it, checking its province, region and serial, and the birth date and
//! sex its 16 digits encode (a woman's day of birth has 40 added; the two-digit
//! year is placed in the century that keeps the birth date in the past).

use chrono::NaiveDate;
use serde::Serialize;

use super::digits::{number, only_digits};
use super::error::{IdKind, IdentityError};
use super::sex::Sex;

/// A valid NIK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Nik {
    /// The 16 digits, without separators: the form we store.
    pub digits: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
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
}

//! The shape both identity numbers share: separators people type are dropped,
//! then exactly the right count of ASCII digits is required, and short runs of
//! those digits are read as numbers and dates.

use chrono::NaiveDate;

use super::error::{IdKind, IdentityError};

/// Drops the separators people type, then requires exactly the right number
/// of ASCII digits.
pub(super) fn only_digits(input: &str, kind: IdKind) -> Result<String, IdentityError> {
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
pub(super) fn number(digits: &str) -> u32 {
    digits
        .bytes()
        .fold(0, |acc, b| acc * 10 + u32::from(b.saturating_sub(b'0')))
}

pub(super) fn date_from_digits(year: &str, month: &str, day: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(number(year) as i32, number(month), number(day))
}

//! `/pmi/...`: the PMI coordinators' pages for the day itself — the roster and
//! its print view and CSV, check-in by code or QR, the registration page with
//! screening and donation, and the no-show sweep.

pub mod checkin;
pub mod new_link;
pub mod paper;
pub mod registration;
pub mod roster;
pub mod stations;
pub mod walk_in;

use chrono::{DateTime, Utc};

use crate::domain::codes::ConfirmationCode;
use crate::domain::vocab::RegistrationStatus;
use crate::store::drives::Drive;
use crate::store::slots::Slot;
use crate::web::PageCtx;
use crate::web::public::zone_abbreviation;

/// Message key naming a status ("Sudah hadir").
pub fn status_key(status: RegistrationStatus) -> String {
    format!("status-{}", status.as_str().replace('_', "-"))
}

/// `ABCD-EFGH` as people read it.
pub fn code_display(code: &str) -> String {
    ConfirmationCode::parse(code)
        .map(|c| c.display())
        .unwrap_or_else(|_| code.to_owned())
}

/// "08.00–08.30 WITA".
pub fn slot_label(ctx: &PageCtx, drive: &Drive, slot: &Slot) -> String {
    let tz = drive.tz();
    format!(
        "{}–{} {}",
        ctx.t.time(&slot.starts_at.with_timezone(&tz)),
        ctx.t.time(&slot.ends_at.with_timezone(&tz)),
        zone_abbreviation(&drive.time_zone)
    )
}

/// "08.14 WITA" in the drive's time zone.
pub fn clock(ctx: &PageCtx, drive: &Drive, at: &DateTime<Utc>) -> String {
    format!(
        "{} {}",
        ctx.t.time(&at.with_timezone(&drive.tz())),
        zone_abbreviation(&drive.time_zone)
    )
}

/// The groups PMI may record at screening: form value (`O-`) and label (`O−`).
pub fn tested_group_choices() -> Vec<(String, String)> {
    crate::domain::tested_group::TestedGroup::all()
        .into_iter()
        .map(|t| (t.code(), t.to_string()))
        .collect()
}

/// The system's suggestion in one line: "Suggestion: defer — Hb 12 …".
pub fn suggestion_text(ctx: &PageCtx, s: &crate::domain::screening::Suggestion) -> String {
    let mut text = format!(
        "{}: {}",
        ctx.t.t("pmi-suggestion"),
        ctx.t.t(s.decision.message_key())
    );
    let reasons: Vec<String> = s
        .reasons
        .iter()
        .map(|r| ctx.t.message(r.message_key, &r.args))
        .collect();
    if !reasons.is_empty() {
        text = format!("{text} — {}", reasons.join("; "));
    }
    text
}

/// A number typed by a person: spaces ignored, a decimal comma allowed.
pub fn parse_decimal(input: &str) -> Option<f64> {
    let cleaned: String = input.trim().replace(',', ".");
    if cleaned.is_empty() {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

pub fn parse_whole(input: &str) -> Option<i32> {
    input.trim().parse::<i32>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_a_decimal_comma_and_refuse_words() {
        assert_eq!(parse_decimal("12,5"), Some(12.5));
        assert_eq!(parse_decimal(" 37.2 "), Some(37.2));
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal(""), None);
        assert_eq!(parse_whole("120"), Some(120));
        assert_eq!(parse_whole("12x"), None);
    }
}

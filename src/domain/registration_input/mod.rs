//! Turning what a person typed (a form or a JSON body) into a checked registrant,
//! questionnaire and slot choice, with one message key per field that is wrong.
//! The same code serves the web pages and the JSON API. This file only gathers
//! the parts (`intake` and text cleaning, the shared field readers in `fields`,
//! the `registrant`, the self-check's `facts`, the questionnaire's `answers`
//! and the `slot` choice) and re-exports every public name.

mod answers;
mod facts;
mod fields;
mod intake;
mod registrant;
mod slot;
#[cfg(test)]
mod test_support;

pub use answers::parse_questionnaire;
pub use facts::{Prefill, parse_donor_facts, parse_facts, prefill_from_number};
pub use fields::{MAX_DONATION_COUNT, WEIGHT_RANGE_KG};
pub use intake::{
    FieldError, RegistrationInput, clean_text, normalise_phone, parse_date, parse_decimal,
    parse_yes_no,
};
pub use registrant::{IdentityNumber, MAX_NAME_CHARS, Registrant, parse_registrant};
pub use slot::{SlotChoice, parse_slot_choice};

#[cfg(test)]
pub(crate) mod tests {
    use super::test_support::{d, today, units, valid};
    use super::*;
    use crate::domain::messages::MessageArgs;

    /// Every message this module produces, from inputs that trigger it.
    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let mut errors = Vec::new();
        let mut collect = |input: RegistrationInput| {
            if let Err(e) = parse_registrant(&input, &units(), today()) {
                errors.extend(e);
            }
            if let Err(e) = parse_questionnaire(&input, None, Some(d(1985, 3, 12)), today(), true) {
                errors.extend(e);
            }
            if let Err(e) = parse_slot_choice(&input) {
                errors.push(e);
            }
            if let Err(e) = parse_facts(&input, today()) {
                errors.extend(e);
            }
        };
        collect(RegistrationInput::default());
        collect(RegistrationInput {
            employee_type: "non_asn".into(),
            ..Default::default()
        });
        let mut bad = valid();
        bad.full_name = "x".repeat(200);
        bad.birth_date = "31-02-1985".into();
        bad.work_unit = "NOPE".into();
        bad.phone = "1".into();
        bad.email = "x".into();
        bad.blood_group = "C".into();
        bad.rhesus = "maybe".into();
        bad.weight_kg = "abc".into();
        bad.donation_count = "x".into();
        bad.slot_id = "x".into();
        bad.tattoo_piercing_date = "2030-01-01".into();
        bad.minor_surgery_date = "1970-01-01".into();
        collect(bad);
        let mut bad = valid();
        bad.weight_kg = "999".into();
        bad.birth_date = "2030-01-01".into();
        collect(bad);
        let mut bad = valid();
        bad.donation_count = "0".into();
        bad.last_donation_date = "2026-01-01".into();
        collect(bad);
        let mut bad = valid();
        bad.nip = "1".into();
        bad.sex = "x".into();
        collect(bad);
        errors.into_iter().map(|e| (e.key, e.args)).collect()
    }
}

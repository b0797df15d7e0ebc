//! The seat a person asks for: the id of one of the drive's slots, or the
//! waitlist.

use uuid::Uuid;

use super::intake::{FieldError, RegistrationInput};

/// Where the person wants to sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotChoice {
    Slot(Uuid),
    Waitlist,
}

/// `slot_id` is a slot's id or `waitlist`.
pub fn parse_slot_choice(input: &RegistrationInput) -> Result<SlotChoice, FieldError> {
    let text = input.slot_id.trim();
    if text.is_empty() {
        return Err(FieldError::new("slot_id", "input-slot-missing"));
    }
    if text.eq_ignore_ascii_case("waitlist") {
        return Ok(SlotChoice::Waitlist);
    }
    Uuid::parse_str(text)
        .map(SlotChoice::Slot)
        .map_err(|_| FieldError::new("slot_id", "input-slot-unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_choices_are_ids_or_the_waitlist() {
        let mut input = RegistrationInput::default();
        assert_eq!(
            parse_slot_choice(&input).unwrap_err().key,
            "input-slot-missing"
        );
        input.slot_id = "waitlist".into();
        assert_eq!(parse_slot_choice(&input), Ok(SlotChoice::Waitlist));
        input.slot_id = "<script>".into();
        assert_eq!(
            parse_slot_choice(&input).unwrap_err().key,
            "input-slot-unknown"
        );
    }
}

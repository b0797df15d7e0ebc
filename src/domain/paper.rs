//! A slot's paper sheet, typed back in after the hall lost its connection:
//! what one written row asks for (check-in, screening, donation) given what
//! the database already holds for that person, and the blood pressure as the
//! hall writes it (`120/80`).
//!
//! The paraf on paper means the donor was present and answered "no" to the
//! three day-of questions; a donor who answers "yes" is handled at the table.

/// What the database holds for a row's person when the sheet is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stage {
    /// Checked in already (at the desk, before the connection went).
    pub checked_in: bool,
    /// Their latest screening accepted them: only the bag is left.
    pub accepted: bool,
}

/// Which columns of a row carry something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// The paraf: present, "no" to the three day-of questions.
    pub present: bool,
    /// Any of weight, Hb, blood pressure, pulse, temperature, blood group.
    pub vitals: bool,
    /// Donor or deferred ticked (or a deferral or override reason given).
    pub decision: bool,
    /// A bag number.
    pub bag: bool,
}

impl Written {
    pub fn anything(self) -> bool {
        self.present || self.vitals || self.decision || self.bag
    }
}

/// What entering a row does, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Steps {
    pub check_in: bool,
    pub screen: bool,
    pub donate: bool,
}

/// Why a written row cannot be entered as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RowProblem {
    /// Values were written but no paraf: nobody said the donor was there and
    /// answered "no" to the day-of questions.
    #[error("values without a paraf")]
    NoParaf,
    /// A decision without the vitals it rests on.
    #[error("a decision without vitals")]
    DecisionWithoutVitals,
    /// A bag number with no accepted screening, on paper or before.
    #[error("a bag without an accepted screening")]
    BagWithoutAcceptance,
    /// A bag number for a deferred donor.
    #[error("a bag for a deferral")]
    BagOnDeferral,
}

impl RowProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            Self::NoParaf => "paper-problem-no-paraf",
            Self::DecisionWithoutVitals => "paper-problem-decision-without-vitals",
            Self::BagWithoutAcceptance => "paper-problem-bag-without-acceptance",
            Self::BagOnDeferral => "paper-problem-bag-on-deferral",
        }
    }

    /// The column the problem is shown next to.
    pub fn field(self) -> &'static str {
        match self {
            Self::NoParaf => "present",
            Self::DecisionWithoutVitals => "decision",
            Self::BagWithoutAcceptance | Self::BagOnDeferral => "bag_number",
        }
    }
}

/// What a row asks for: `Ok(None)` when there is nothing to enter (a blank
/// row, or a checked-in donor with nothing more written). `deferring` says
/// whether the row's decision is a deferral.
pub fn steps(stage: Stage, written: Written, deferring: bool) -> Result<Option<Steps>, RowProblem> {
    if !written.anything() {
        return Ok(None);
    }
    let present = written.present || stage.checked_in;
    if !present {
        return Err(RowProblem::NoParaf);
    }
    let screen = written.vitals && !stage.accepted;
    if written.decision && !screen && !stage.accepted {
        return Err(RowProblem::DecisionWithoutVitals);
    }
    if written.bag {
        if screen && deferring {
            return Err(RowProblem::BagOnDeferral);
        }
        if !screen && !stage.accepted {
            return Err(RowProblem::BagWithoutAcceptance);
        }
    }
    let steps = Steps {
        check_in: !stage.checked_in,
        screen,
        donate: written.bag,
    };
    Ok((steps.check_in || steps.screen || steps.donate).then_some(steps))
}

/// The blood pressure could not be read as `systolic/diastolic`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a blood pressure: {0:?}")]
pub struct NotABloodPressure(pub String);

/// Reads `120/80` (spaces allowed, `\` for `/` too): `Ok(None)` when empty.
/// Whether the numbers are plausible is `screening::validate_vitals`'s call.
pub fn parse_blood_pressure(input: &str) -> Result<Option<(i32, i32)>, NotABloodPressure> {
    let text: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if text.is_empty() {
        return Ok(None);
    }
    let refuse = || NotABloodPressure(input.chars().take(40).collect());
    let (sys, dia) = text.split_once(['/', '\\']).ok_or_else(refuse)?;
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
    };
    match (number(sys), number(dia)) {
        (Some(s), Some(d)) => Ok(Some((s, d))),
        _ => Err(refuse()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOKED: Stage = Stage {
        checked_in: false,
        accepted: false,
    };
    const CHECKED_IN: Stage = Stage {
        checked_in: true,
        accepted: false,
    };
    const ACCEPTED: Stage = Stage {
        checked_in: true,
        accepted: true,
    };

    fn w(present: bool, vitals: bool, decision: bool, bag: bool) -> Written {
        Written {
            present,
            vitals,
            decision,
            bag,
        }
    }

    fn s(check_in: bool, screen: bool, donate: bool) -> Option<Steps> {
        Some(Steps {
            check_in,
            screen,
            donate,
        })
    }

    #[test]
    fn a_blank_row_is_skipped() {
        assert_eq!(steps(BOOKED, Written::default(), false), Ok(None));
        assert_eq!(steps(ACCEPTED, Written::default(), false), Ok(None));
    }

    #[test]
    fn a_paraf_alone_checks_in_and_a_full_row_does_everything() {
        assert_eq!(
            steps(BOOKED, w(true, false, false, false), false),
            Ok(s(true, false, false))
        );
        assert_eq!(
            steps(BOOKED, w(true, true, true, true), false),
            Ok(s(true, true, true))
        );
        assert_eq!(
            steps(BOOKED, w(true, true, true, false), true),
            Ok(s(true, true, false))
        );
    }

    #[test]
    fn what_the_stations_recorded_is_not_done_again() {
        assert_eq!(
            steps(CHECKED_IN, w(false, true, true, true), false),
            Ok(s(false, true, true))
        );
        assert_eq!(
            steps(ACCEPTED, w(false, false, false, true), false),
            Ok(s(false, false, true))
        );
        assert_eq!(
            steps(CHECKED_IN, w(true, false, false, false), false),
            Ok(None)
        );
    }

    #[test]
    fn rows_that_do_not_add_up_are_refused() {
        assert_eq!(
            steps(BOOKED, w(false, true, true, false), false),
            Err(RowProblem::NoParaf)
        );
        assert_eq!(
            steps(BOOKED, w(true, false, true, false), false),
            Err(RowProblem::DecisionWithoutVitals)
        );
        assert_eq!(
            steps(BOOKED, w(true, false, false, true), false),
            Err(RowProblem::BagWithoutAcceptance)
        );
        assert_eq!(
            steps(BOOKED, w(true, true, true, true), true),
            Err(RowProblem::BagOnDeferral)
        );
    }

    #[test]
    fn blood_pressure_reads_as_written() {
        assert_eq!(parse_blood_pressure("120/80"), Ok(Some((120, 80))));
        assert_eq!(parse_blood_pressure(" 110 / 70 "), Ok(Some((110, 70))));
        assert_eq!(parse_blood_pressure("130\\85"), Ok(Some((130, 85))));
        assert_eq!(parse_blood_pressure(""), Ok(None));
        for bad in [
            "120",
            "120/",
            "/80",
            "12o/80",
            "=1+1",
            "1200/80",
            "120/80/60",
            "-120/80",
        ] {
            assert!(parse_blood_pressure(bad).is_err(), "{bad:?}");
        }
    }
}

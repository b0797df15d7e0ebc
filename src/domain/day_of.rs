//! The day of the drive: which status changes a PMI coordinator may make, and
//! which are refused. The store applies a transition only after asking here.
//!
//! ```text
//! booked ──check in──▶ checked_in ──donation──▶ donated
//!   │  ▲                 │   ▲
//!   │  └──undo check-in──┘   └──undo deferral (no donation)──┐
//!   │                    └──screening: defer──▶ deferred ─────┘
//!   └──no-show──▶ no_show ──undo no-show──▶ booked
//! ```
//!
//! Waitlisted and cancelled registrations cannot be checked in (a walk-in is a
//! new registration instead).

use super::vocab::RegistrationStatus;
use crate::domain::audit_action::AuditAction;

/// Something a coordinator does to one registration on the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayOfAction {
    CheckIn,
    UndoCheckIn,
    MarkNoShow,
    UndoNoShow,
    /// A screening whose final decision is accept: the donor stays checked in.
    ScreenAccept,
    /// A screening whose final decision is defer.
    ScreenDefer,
    UndoDeferral,
    RecordDonation,
}

impl DayOfAction {
    pub const ALL: [DayOfAction; 8] = [
        Self::CheckIn,
        Self::UndoCheckIn,
        Self::MarkNoShow,
        Self::UndoNoShow,
        Self::ScreenAccept,
        Self::ScreenDefer,
        Self::UndoDeferral,
        Self::RecordDonation,
    ];

    /// The audit-log action written for it.
    pub fn audit_action(self) -> AuditAction {
        match self {
            Self::CheckIn => AuditAction::RegistrationCheckIn,
            Self::UndoCheckIn => AuditAction::RegistrationUndoCheckIn,
            Self::MarkNoShow => AuditAction::RegistrationNoShow,
            Self::UndoNoShow => AuditAction::RegistrationUndoNoShow,
            Self::ScreenAccept | Self::ScreenDefer => AuditAction::ScreeningRecord,
            Self::UndoDeferral => AuditAction::RegistrationUndoDeferral,
            Self::RecordDonation => AuditAction::DonationRecord,
        }
    }
}

/// Whether a drive whose slots end at `slot_ends` is over at `now`: the
/// no-show sweep is allowed only then (before, people may still come).
pub fn last_slot_over(
    slot_ends: impl IntoIterator<Item = chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    slot_ends.into_iter().max().is_some_and(|end| now >= end)
}

/// What is known about a registration when a coordinator acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayOfFacts {
    pub status: RegistrationStatus,
    /// A donation is recorded for it.
    pub has_donation: bool,
    /// Its latest screening ended in accept.
    pub accepted_screening: bool,
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The registration is already where the action would take it (a second
    /// click, or a colleague was faster).
    #[error("already {0}")]
    AlreadyDone(RegistrationStatus),
    /// Not possible from this status.
    #[error("not possible from status {from}")]
    NotAllowed { from: RegistrationStatus },
    /// A donation needs an accepted screening first.
    #[error("no accepted screening")]
    NeedsAcceptedScreening,
    /// A deferral cannot be undone once a donation is recorded.
    #[error("a donation is recorded")]
    HasDonation,
}

/// The status after `action`, or why it cannot happen.
pub fn transition(
    facts: DayOfFacts,
    action: DayOfAction,
) -> Result<RegistrationStatus, TransitionError> {
    use DayOfAction as A;
    use RegistrationStatus as S;
    let from = facts.status;
    let to = match (action, from) {
        (A::CheckIn, S::Booked) => S::CheckedIn,
        (A::CheckIn, S::CheckedIn) => return Err(TransitionError::AlreadyDone(from)),
        (A::UndoCheckIn, S::CheckedIn) if !facts.has_donation => S::Booked,
        (A::UndoCheckIn, S::Booked) => return Err(TransitionError::AlreadyDone(from)),
        (A::MarkNoShow, S::Booked) => S::NoShow,
        (A::MarkNoShow, S::NoShow) => return Err(TransitionError::AlreadyDone(from)),
        (A::UndoNoShow, S::NoShow) => S::Booked,
        (A::UndoNoShow, S::Booked) => return Err(TransitionError::AlreadyDone(from)),
        (A::ScreenAccept, S::CheckedIn) => S::CheckedIn,
        (A::ScreenDefer, S::CheckedIn) => S::Deferred,
        (A::ScreenDefer, S::Deferred) => return Err(TransitionError::AlreadyDone(from)),
        (A::UndoDeferral, S::Deferred) if facts.has_donation => {
            return Err(TransitionError::HasDonation);
        }
        (A::UndoDeferral, S::Deferred) => S::CheckedIn,
        (A::RecordDonation, S::CheckedIn) if facts.has_donation => {
            return Err(TransitionError::AlreadyDone(S::Donated));
        }
        (A::RecordDonation, S::CheckedIn) if !facts.accepted_screening => {
            return Err(TransitionError::NeedsAcceptedScreening);
        }
        (A::RecordDonation, S::CheckedIn) => S::Donated,
        (A::RecordDonation, S::Donated) => return Err(TransitionError::AlreadyDone(from)),
        _ => return Err(TransitionError::NotAllowed { from }),
    };
    Ok(to)
}

/// The actions a coordinator can take from these facts (to offer as buttons).
pub fn available(facts: DayOfFacts) -> Vec<DayOfAction> {
    DayOfAction::ALL
        .into_iter()
        .filter(|a| transition(facts, *a).is_ok())
        .collect()
}

/// How a donation went (PMI counts only complete bags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DonationOutcome {
    Complete,
    Incomplete,
}

impl DonationOutcome {
    pub const ALL: [DonationOutcome; 2] = [Self::Complete, Self::Incomplete];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Incomplete => "incomplete",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s.trim())
    }
}

/// A donor's reaction during or after the donation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reaction {
    None,
    Mild,
    Severe,
}

impl Reaction {
    pub const ALL: [Reaction; 3] = [Self::None, Self::Mild, Self::Severe];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Mild => "mild",
            Self::Severe => "severe",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

/// A bag number as PMI writes it on the label: letters, digits, hyphens.
pub fn parse_bag_number(input: &str) -> Option<String> {
    let bag = input.trim().to_ascii_uppercase();
    (!bag.is_empty()
        && bag.len() <= 40
        && bag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    .then_some(bag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DayOfAction as A;
    use RegistrationStatus as S;

    fn facts(status: S) -> DayOfFacts {
        DayOfFacts {
            status,
            has_donation: false,
            accepted_screening: false,
        }
    }

    /// The whole table: every status × action × (donation, accepted screening).
    #[test]
    fn every_status_and_action_has_the_expected_outcome() {
        for status in S::ALL.iter().copied() {
            for action in A::ALL {
                for has_donation in [false, true] {
                    for accepted_screening in [false, true] {
                        let f = DayOfFacts {
                            status,
                            has_donation,
                            accepted_screening,
                        };
                        let expected: Result<S, TransitionError> = match (action, status) {
                            (A::CheckIn, S::Booked) => Ok(S::CheckedIn),
                            (A::CheckIn, S::CheckedIn) => Err(TransitionError::AlreadyDone(status)),
                            (A::UndoCheckIn, S::CheckedIn) if !has_donation => Ok(S::Booked),
                            (A::UndoCheckIn, S::Booked) => {
                                Err(TransitionError::AlreadyDone(status))
                            }
                            (A::MarkNoShow, S::Booked) => Ok(S::NoShow),
                            (A::MarkNoShow, S::NoShow) => Err(TransitionError::AlreadyDone(status)),
                            (A::UndoNoShow, S::NoShow) => Ok(S::Booked),
                            (A::UndoNoShow, S::Booked) => Err(TransitionError::AlreadyDone(status)),
                            (A::ScreenAccept, S::CheckedIn) => Ok(S::CheckedIn),
                            (A::ScreenDefer, S::CheckedIn) => Ok(S::Deferred),
                            (A::ScreenDefer, S::Deferred) => {
                                Err(TransitionError::AlreadyDone(status))
                            }
                            (A::UndoDeferral, S::Deferred) if has_donation => {
                                Err(TransitionError::HasDonation)
                            }
                            (A::UndoDeferral, S::Deferred) => Ok(S::CheckedIn),
                            (A::RecordDonation, S::CheckedIn) if has_donation => {
                                Err(TransitionError::AlreadyDone(S::Donated))
                            }
                            (A::RecordDonation, S::CheckedIn) if !accepted_screening => {
                                Err(TransitionError::NeedsAcceptedScreening)
                            }
                            (A::RecordDonation, S::CheckedIn) => Ok(S::Donated),
                            (A::RecordDonation, S::Donated) => {
                                Err(TransitionError::AlreadyDone(status))
                            }
                            _ => Err(TransitionError::NotAllowed { from: status }),
                        };
                        assert_eq!(transition(f, action), expected, "{f:?} {action:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_day_runs_booked_checked_in_donated() {
        let checked_in = transition(facts(S::Booked), A::CheckIn).expect("check in");
        assert_eq!(checked_in, S::CheckedIn);
        let screened = DayOfFacts {
            accepted_screening: true,
            ..facts(checked_in)
        };
        assert_eq!(transition(screened, A::RecordDonation), Ok(S::Donated));
    }

    #[test]
    fn waitlisted_and_cancelled_cannot_be_checked_in() {
        for status in [S::Waitlisted, S::Cancelled] {
            assert_eq!(
                transition(facts(status), A::CheckIn),
                Err(TransitionError::NotAllowed { from: status })
            );
        }
    }

    #[test]
    fn a_second_check_in_says_already_checked_in() {
        assert_eq!(
            transition(facts(S::CheckedIn), A::CheckIn),
            Err(TransitionError::AlreadyDone(S::CheckedIn))
        );
    }

    #[test]
    fn a_deferral_is_undone_only_without_a_donation() {
        assert_eq!(
            transition(facts(S::Deferred), A::UndoDeferral),
            Ok(S::CheckedIn)
        );
        let donated = DayOfFacts {
            has_donation: true,
            ..facts(S::Deferred)
        };
        assert_eq!(
            transition(donated, A::UndoDeferral),
            Err(TransitionError::HasDonation)
        );
    }

    #[test]
    fn a_deferred_donor_cannot_give_blood() {
        let deferred = DayOfFacts {
            accepted_screening: true,
            ..facts(S::Deferred)
        };
        assert_eq!(
            transition(deferred, A::RecordDonation),
            Err(TransitionError::NotAllowed { from: S::Deferred })
        );
        assert_eq!(
            transition(facts(S::CheckedIn), A::RecordDonation),
            Err(TransitionError::NeedsAcceptedScreening)
        );
    }

    #[test]
    fn the_offered_actions_follow_the_table() {
        assert_eq!(available(facts(S::Booked)), vec![A::CheckIn, A::MarkNoShow]);
        assert_eq!(
            available(facts(S::CheckedIn)),
            vec![A::UndoCheckIn, A::ScreenAccept, A::ScreenDefer]
        );
        assert_eq!(available(facts(S::NoShow)), vec![A::UndoNoShow]);
        assert!(available(facts(S::Donated)).is_empty());
        assert!(available(facts(S::Cancelled)).is_empty());
    }

    #[test]
    fn bag_numbers_are_checked_and_normalised() {
        assert_eq!(
            parse_bag_number(" ntt-2027-0001 ").as_deref(),
            Some("NTT-2027-0001")
        );
        for bad in ["", "   ", "A B", "NTT/1", &"9".repeat(41)] {
            assert_eq!(parse_bag_number(bad), None, "{bad:?}");
        }
        assert_eq!(
            DonationOutcome::parse("complete"),
            Some(DonationOutcome::Complete)
        );
        assert_eq!(Reaction::parse("severe"), Some(Reaction::Severe));
        assert_eq!(Reaction::parse("bad"), None);
    }
}

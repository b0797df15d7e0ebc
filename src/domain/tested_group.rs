//! The blood group PMI finds at screening: an ABO group with its rhesus, both
//! known. Written the way the hall writes it (`A+`, `O−`, `AB neg`, `b rh+`),
//! read back into one value; shown as `A+` / `O−`.

use std::fmt;

use super::vocab::{BloodGroup, Rhesus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TestedGroup {
    pub group: BloodGroup,
    pub rhesus: Rhesus,
}

/// The text could not be read as a blood group with its rhesus.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a blood group with rhesus: {0:?}")]
pub struct NotAGroup(pub String);

impl TestedGroup {
    /// Every group a coordinator can pick, in the order PMI lists them.
    pub fn all() -> Vec<TestedGroup> {
        let mut all = Vec::new();
        for group in [BloodGroup::A, BloodGroup::B, BloodGroup::AB, BloodGroup::O] {
            for rhesus in [Rhesus::Positive, Rhesus::Negative] {
                all.push(TestedGroup { group, rhesus });
            }
        }
        all
    }

    /// Both halves known, or `None`.
    pub fn from_parts(group: BloodGroup, rhesus: Rhesus) -> Option<TestedGroup> {
        let known = group != BloodGroup::Unknown && rhesus != Rhesus::Unknown;
        known.then_some(TestedGroup { group, rhesus })
    }

    /// Reads `A+`, `a pos`, `AB-`, `AB−`, `O rh+`, `B negatif`. An empty text is
    /// `Ok(None)` (not tested); a group without its rhesus is refused.
    pub fn parse(input: &str) -> Result<Option<TestedGroup>, NotAGroup> {
        let refuse = || NotAGroup(input.to_owned());
        let text: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '−' | '–' | '—' => '-',
                c => c.to_ascii_uppercase(),
            })
            .collect();
        if text.is_empty() {
            return Ok(None);
        }
        let (group, rest) = if let Some(rest) = text.strip_prefix("AB") {
            (BloodGroup::AB, rest)
        } else if let Some(rest) = text.strip_prefix('A') {
            (BloodGroup::A, rest)
        } else if let Some(rest) = text.strip_prefix('B') {
            (BloodGroup::B, rest)
        } else if let Some(rest) = text.strip_prefix('O').or_else(|| text.strip_prefix('0')) {
            (BloodGroup::O, rest)
        } else {
            return Err(refuse());
        };
        let rest = rest.strip_prefix("RH").unwrap_or(rest);
        let rhesus = match rest {
            "+" | "POS" | "POSITIVE" | "POSITIF" => Rhesus::Positive,
            "-" | "NEG" | "NEGATIVE" | "NEGATIF" => Rhesus::Negative,
            _ => return Err(refuse()),
        };
        Ok(Some(TestedGroup { group, rhesus }))
    }

    /// Whether this group says otherwise than what a record held: a known ABO
    /// group that is not this one, or a known rhesus that is not this one. A
    /// record that knew nothing (or only part) is filled in, not contradicted.
    pub fn contradicts(self, group: BloodGroup, rhesus: Rhesus) -> bool {
        (group != BloodGroup::Unknown && group != self.group)
            || (rhesus != Rhesus::Unknown && rhesus != self.rhesus)
    }

    /// A group the donor gave (at a walk-in desk), against what their record
    /// holds: what the record should become, or `None` to leave it. Only what
    /// is unknown is filled in — an unknown group, or the unknown rhesus of the
    /// same group; a known group is never overwritten (only PMI's test does).
    pub fn fill_in(
        declared: Option<TestedGroup>,
        group: BloodGroup,
        rhesus: Rhesus,
    ) -> Option<TestedGroup> {
        let declared = declared?;
        let unknown_group = group == BloodGroup::Unknown;
        let same_group_no_rhesus = group == declared.group && rhesus == Rhesus::Unknown;
        (unknown_group || same_group_no_rhesus).then_some(declared)
    }

    /// The form value and the printed mark: `A+`, `O-`.
    pub fn code(self) -> String {
        let sign = if self.rhesus == Rhesus::Negative {
            '-'
        } else {
            '+'
        };
        format!("{}{sign}", self.group.as_str())
    }
}

impl fmt::Display for TestedGroup {
    /// `A+`, `O−` (a real minus sign, as printed on a donor card).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.rhesus == Rhesus::Negative {
            '−'
        } else {
            '+'
        };
        write!(f, "{}{sign}", self.group.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(group: BloodGroup, rhesus: Rhesus) -> Option<TestedGroup> {
        Some(TestedGroup { group, rhesus })
    }

    #[test]
    fn reads_the_ways_the_hall_writes_a_group() {
        use BloodGroup::*;
        use Rhesus::*;
        for (text, want) in [
            ("A+", g(A, Positive)),
            ("a pos", g(A, Positive)),
            ("AB-", g(AB, Negative)),
            ("AB−", g(AB, Negative)),
            ("o rh+", g(O, Positive)),
            ("0+", g(O, Positive)),
            ("B negatif", g(B, Negative)),
            ("  ", None),
        ] {
            assert_eq!(TestedGroup::parse(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn a_group_without_rhesus_or_nonsense_is_refused() {
        for text in ["A", "AB", "C+", "A+B", "=1+1", "O++"] {
            assert!(TestedGroup::parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn a_test_contradicts_only_what_the_record_knew() {
        use BloodGroup::*;
        use Rhesus::*;
        let a_pos = TestedGroup {
            group: A,
            rhesus: Positive,
        };
        assert!(a_pos.contradicts(O, Positive));
        assert!(a_pos.contradicts(A, Negative));
        assert!(a_pos.contradicts(O, Rhesus::Unknown));
        assert!(!a_pos.contradicts(A, Positive));
        assert!(!a_pos.contradicts(BloodGroup::Unknown, Rhesus::Unknown));
        assert!(!a_pos.contradicts(A, Rhesus::Unknown));
    }

    #[test]
    fn a_given_group_fills_in_only_what_is_unknown() {
        use BloodGroup::*;
        use Rhesus::*;
        let b_neg = g(B, Negative);
        assert_eq!(
            TestedGroup::fill_in(b_neg, BloodGroup::Unknown, Rhesus::Unknown),
            b_neg
        );
        assert_eq!(
            TestedGroup::fill_in(b_neg, B, Rhesus::Unknown),
            b_neg,
            "the rhesus of the same group"
        );
        assert_eq!(TestedGroup::fill_in(b_neg, O, Positive), None, "known");
        assert_eq!(TestedGroup::fill_in(b_neg, A, Rhesus::Unknown), None);
        assert_eq!(TestedGroup::fill_in(b_neg, B, Positive), None);
        assert_eq!(
            TestedGroup::fill_in(None, BloodGroup::Unknown, Rhesus::Unknown),
            None,
            "nothing given"
        );
    }

    #[test]
    fn every_choice_reads_back_from_its_code() {
        let all = TestedGroup::all();
        assert_eq!(all.len(), 8);
        for t in all {
            assert_eq!(TestedGroup::parse(&t.code()), Ok(Some(t)));
        }
        assert_eq!(
            TestedGroup::from_parts(BloodGroup::O, Rhesus::Unknown),
            None
        );
    }
}

//! PMI's official figures of a drive, typed by an organizer after the drive:
//! the bags PMI received in total, by ABO group when PMI gives them, and how
//! many were rhesus negative. Checked here, and set beside our own counts so
//! the report shows any difference plainly.

use super::counts::DriveCounts;
use super::vocab::BloodGroup;

/// The most bags a field accepts (the drive form's target has the same bound).
pub const MAX_BAGS: u32 = 100_000;

/// Bags by ABO group, as PMI reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupFigures {
    pub a: u32,
    pub b: u32,
    pub ab: u32,
    pub o: u32,
}

impl GroupFigures {
    pub fn total(&self) -> u32 {
        self.a + self.b + self.ab + self.o
    }

    /// The bags of `group`; PMI reports no "unknown" group.
    pub fn of(&self, group: BloodGroup) -> Option<u32> {
        match group {
            BloodGroup::A => Some(self.a),
            BloodGroup::B => Some(self.b),
            BloodGroup::AB => Some(self.ab),
            BloodGroup::O => Some(self.o),
            BloodGroup::Unknown => None,
        }
    }
}

/// PMI's figures, checked: groups (when given) add up to the total, rhesus
/// negative bags are not more than the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PmiFigures {
    pub bags_total: u32,
    pub groups: Option<GroupFigures>,
    pub rh_negative: Option<u32>,
}

/// What was typed, each field already read as a whole number or left empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypedFigures {
    pub bags_total: Option<u32>,
    pub a: Option<u32>,
    pub b: Option<u32>,
    pub ab: Option<u32>,
    pub o: Option<u32>,
    pub rh_negative: Option<u32>,
}

/// A problem with the figures: the form field it belongs to and the message key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureError {
    pub field: &'static str,
    pub message_key: &'static str,
}

/// The group fields of the form, in the order PMI lists them.
pub const GROUP_FIELDS: [(&str, BloodGroup); 4] = [
    ("group_a", BloodGroup::A),
    ("group_b", BloodGroup::B),
    ("group_ab", BloodGroup::AB),
    ("group_o", BloodGroup::O),
];

impl TypedFigures {
    /// The figures, or every problem found.
    pub fn check(&self) -> Result<PmiFigures, Vec<FigureError>> {
        let mut errors = Vec::new();
        let too_many = |n: Option<u32>| n.is_some_and(|n| n > MAX_BAGS);
        let mut fail = |field, message_key| errors.push(FigureError { field, message_key });
        match self.bags_total {
            None => fail("bags_total", "report-pmi-error-total"),
            Some(n) if n > MAX_BAGS => fail("bags_total", "report-pmi-error-too-many"),
            Some(_) => {}
        }
        let typed = [self.a, self.b, self.ab, self.o];
        for ((field, _), n) in GROUP_FIELDS.iter().zip(typed) {
            if too_many(n) {
                fail(field, "report-pmi-error-too-many");
            }
        }
        let groups = match typed {
            [Some(a), Some(b), Some(ab), Some(o)] => Some(GroupFigures { a, b, ab, o }),
            [None, None, None, None] => None,
            _ => {
                for ((field, _), n) in GROUP_FIELDS.iter().zip(typed) {
                    if n.is_none() {
                        fail(field, "report-pmi-error-groups-partial");
                    }
                }
                None
            }
        };
        if let (Some(g), Some(total)) = (groups, self.bags_total)
            && g.total() != total
            && !typed.iter().any(|n| too_many(*n))
        {
            fail("group_a", "report-pmi-error-groups-sum");
        }
        if too_many(self.rh_negative) {
            fail("rh_negative", "report-pmi-error-too-many");
        } else if let (Some(neg), Some(total)) = (self.rh_negative, self.bags_total)
            && neg > total
        {
            fail("rh_negative", "report-pmi-error-rh-over-total");
        }
        match self.bags_total {
            Some(bags_total) if errors.is_empty() => Ok(PmiFigures {
                bags_total,
                groups,
                rh_negative: self.rh_negative,
            }),
            _ => Err(errors),
        }
    }
}

/// One line of the comparison: ours, PMI's (when PMI gave it) and PMI's minus ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureLine {
    /// `total`, a group (`A`, …) or `rh_negative`.
    pub key: &'static str,
    pub ours: u32,
    pub pmi: Option<u32>,
}

impl FigureLine {
    /// PMI's figure minus ours: positive when PMI counted more.
    pub fn difference(&self) -> Option<i64> {
        self.pmi.map(|p| i64::from(p) - i64::from(self.ours))
    }
}

/// Our bags beside PMI's: the total, each ABO group, and rhesus negative.
/// Our bags whose group is unknown have no PMI line to match; they show in
/// the difference of the groups.
pub fn compare(counts: &DriveCounts, pmi: &PmiFigures) -> Vec<FigureLine> {
    let ours_of = |group: BloodGroup| {
        counts
            .by_blood_group
            .iter()
            .find(|l| l.group == group)
            .map_or(0, |l| l.total())
    };
    let mut lines = vec![FigureLine {
        key: "total",
        ours: counts.bags_total(),
        pmi: Some(pmi.bags_total),
    }];
    for (_, group) in GROUP_FIELDS {
        lines.push(FigureLine {
            key: group.as_str(),
            ours: ours_of(group),
            pmi: pmi.groups.and_then(|g| g.of(group)),
        });
    }
    lines.push(FigureLine {
        key: "rh_negative",
        ours: counts.by_blood_group.iter().map(|l| l.negative).sum(),
        pmi: pmi.rh_negative,
    });
    lines
}

/// Whether any figure PMI gave differs from ours.
pub fn any_difference(lines: &[FigureLine]) -> bool {
    lines.iter().any(|l| l.difference().is_some_and(|d| d != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(total: Option<u32>, groups: [Option<u32>; 4], neg: Option<u32>) -> TypedFigures {
        TypedFigures {
            bags_total: total,
            a: groups[0],
            b: groups[1],
            ab: groups[2],
            o: groups[3],
            rh_negative: neg,
        }
    }

    fn keys(result: Result<PmiFigures, Vec<FigureError>>) -> Vec<(&'static str, &'static str)> {
        result
            .expect_err("refused")
            .into_iter()
            .map(|e| (e.field, e.message_key))
            .collect()
    }

    #[test]
    fn a_total_alone_is_enough() {
        let f = typed(Some(40), [None; 4], None).check().expect("valid");
        assert_eq!(f.bags_total, 40);
        assert_eq!(f.groups, None);
    }

    #[test]
    fn groups_must_all_be_given_and_add_up_to_the_total() {
        let f = typed(Some(10), [Some(3), Some(2), Some(1), Some(4)], Some(1))
            .check()
            .expect("valid");
        assert_eq!(f.groups.map(|g| g.total()), Some(10));
        assert_eq!(
            keys(typed(Some(10), [Some(3), None, Some(1), Some(4)], None).check()),
            [("group_b", "report-pmi-error-groups-partial")]
        );
        assert_eq!(
            keys(typed(Some(11), [Some(3), Some(2), Some(1), Some(4)], None).check()),
            [("group_a", "report-pmi-error-groups-sum")]
        );
    }

    #[test]
    fn the_total_is_required_and_bounded_and_rhesus_fits_inside_it() {
        assert_eq!(
            keys(typed(None, [None; 4], None).check()),
            [("bags_total", "report-pmi-error-total")]
        );
        assert_eq!(
            keys(typed(Some(MAX_BAGS + 1), [None; 4], None).check()),
            [("bags_total", "report-pmi-error-too-many")]
        );
        assert_eq!(
            keys(typed(Some(3), [None; 4], Some(4)).check()),
            [("rh_negative", "report-pmi-error-rh-over-total")]
        );
        assert_eq!(
            keys(typed(Some(3), [Some(u32::MAX), Some(0), Some(0), Some(0)], None).check()),
            [("group_a", "report-pmi-error-too-many")]
        );
    }

    #[test]
    fn the_comparison_shows_pmi_minus_ours_line_by_line() {
        let counts = DriveCounts::compute(10, &[], &[], &[]);
        let pmi = PmiFigures {
            bags_total: 2,
            groups: Some(GroupFigures {
                a: 1,
                b: 0,
                ab: 0,
                o: 1,
            }),
            rh_negative: None,
        };
        let lines = compare(&counts, &pmi);
        assert_eq!(lines[0].key, "total");
        assert_eq!(lines[0].difference(), Some(2));
        assert_eq!(lines[1].key, "A");
        assert_eq!(lines[1].difference(), Some(1));
        assert_eq!(lines[5].key, "rh_negative");
        assert_eq!(lines[5].difference(), None);
        assert!(any_difference(&lines));
        let same = PmiFigures {
            bags_total: 0,
            groups: None,
            rh_negative: Some(0),
        };
        assert!(!any_difference(&compare(&counts, &same)));
    }
}

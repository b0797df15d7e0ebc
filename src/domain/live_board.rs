//! The lobby board's numbers: bags against the target, who came and who gave
//! today, and the work units ranked by participation. Units and numbers only:
//! nothing here can name a person.
//!
//! The units' lines are [`DriveCounts::by_unit`], the same lines the dashboard
//! and the count exports show; the board only ranks them.

use std::cmp::Ordering;

use super::counts::{DriveCounts, UnitLine};
use super::vocab::RegistrationStatus;

/// One unit on the board.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub name: String,
    /// Active registrations (those who donated included).
    pub registered: u32,
    pub donated: u32,
    /// The staff list's count, else the number typed on the unit.
    pub headcount: Option<i32>,
    /// Registered out of the headcount, in percent (one decimal); `None`
    /// without a headcount.
    pub participation_pct: Option<f64>,
}

/// What the board shows.
#[derive(Debug, Clone, PartialEq)]
pub struct LiveBoard {
    pub target_bags: u32,
    /// Full bags collected.
    pub bags: u32,
    pub percent_of_target: f64,
    /// Came and checked in (those who then donated or were deferred included).
    pub arrived: u32,
    /// Gave blood (a donation stopped before the bag was full included).
    pub donated: u32,
    /// Units with a known headcount, best participation first; then units
    /// without one, by registrations. Registrations without a unit are left out.
    pub units: Vec<Standing>,
}

impl LiveBoard {
    pub fn from_counts(counts: &DriveCounts) -> LiveBoard {
        let donated = counts
            .by_status
            .iter()
            .find(|(s, _)| *s == RegistrationStatus::Donated)
            .map_or(0, |(_, n)| *n);
        LiveBoard {
            target_bags: counts.target_bags,
            bags: counts.donated,
            percent_of_target: counts.percent_of_target(),
            arrived: counts.checked_in,
            donated,
            units: ranked_units(&counts.by_unit),
        }
    }

    /// The share of the target reached, for a bar: 0 to 1000 (tenths of a
    /// percent), never past the full bar.
    pub fn bar_permille(&self) -> u32 {
        if self.target_bags == 0 {
            return 0;
        }
        let permille = u64::from(self.bags) * 1000 / u64::from(self.target_bags);
        u32::try_from(permille.min(1000)).unwrap_or(1000)
    }
}

/// The units' lines ranked: by participation (highest first), then by
/// registrations, then by name; lines without a headcount after all the rest.
pub fn ranked_units(lines: &[UnitLine]) -> Vec<Standing> {
    let mut out: Vec<Standing> = lines
        .iter()
        .filter(|l| l.code.is_some())
        .map(|l| Standing {
            name: l.name.clone(),
            registered: l.tally.registered,
            donated: l.tally.donated,
            headcount: l.headcount,
            participation_pct: l.participation_pct(),
        })
        .collect();
    out.sort_by(|a, b| {
        let by_rate = match (a.participation_pct, b.participation_pct) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_rate
            .then(b.registered.cmp(&a.registered))
            .then(b.donated.cmp(&a.donated))
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::counts::Tally;

    fn line(code: Option<&str>, name: &str, headcount: Option<i32>, reg: u32) -> UnitLine {
        UnitLine {
            code: code.map(str::to_owned),
            name: name.to_owned(),
            headcount,
            tally: Tally {
                registered: reg,
                donated: reg / 2,
            },
        }
    }

    #[test]
    fn units_rank_by_participation_then_registrations_and_unknown_headcounts_come_last() {
        let lines = vec![
            line(Some("A"), "Kanim Kupang", Some(40), 10), // 25 %
            line(Some("B"), "Lapas Kupang", None, 30),     // unknown
            line(Some("C"), "Rutan Kupang", Some(10), 5),  // 50 %
            line(Some("D"), "Kanwil NTT", Some(20), 5),    // 25 %, fewer
            line(Some("E"), "Bapas Kupang", None, 2),      // unknown, fewer
            line(None, "", None, 7),                       // no unit: left out
            line(Some("F"), "Kanim Atambua", Some(0), 3),  // headcount 0: unknown
        ];
        let ranked = ranked_units(&lines);
        let names: Vec<&str> = ranked.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "Rutan Kupang",
                "Kanim Kupang",
                "Kanwil NTT",
                "Lapas Kupang",
                "Kanim Atambua",
                "Bapas Kupang"
            ]
        );
        assert_eq!(ranked[0].participation_pct, Some(50.0));
        assert_eq!(ranked[3].participation_pct, None);
    }

    #[test]
    fn the_bar_stops_at_full_and_an_empty_target_draws_nothing() {
        let board = |bags, target| LiveBoard {
            target_bags: target,
            bags,
            percent_of_target: 0.0,
            arrived: 0,
            donated: 0,
            units: Vec::new(),
        };
        assert_eq!(board(25, 100).bar_permille(), 250);
        assert_eq!(board(1, 3).bar_permille(), 333);
        assert_eq!(board(150, 100).bar_permille(), 1000);
        assert_eq!(board(5, 0).bar_permille(), 0);
    }

    #[test]
    fn the_board_takes_bags_arrivals_and_donors_from_the_counts() {
        use crate::domain::counts::CountRow;
        use crate::domain::identity::Sex;
        use crate::domain::vocab::{BloodGroup, Rhesus};
        let row = |status, incomplete| CountRow {
            status,
            slot_id: None,
            work_unit_id: None,
            sex: Sex::Female,
            age_years: 30,
            first_time: false,
            walk_in: false,
            blood_group: BloodGroup::Unknown,
            rhesus: Rhesus::Unknown,
            group_tested: false,
            deferral_reason: None,
            donation_incomplete: incomplete,
        };
        let rows = vec![
            row(RegistrationStatus::Donated, false),
            row(RegistrationStatus::Donated, true),
            row(RegistrationStatus::Deferred, false),
            row(RegistrationStatus::CheckedIn, false),
            row(RegistrationStatus::Booked, false),
        ];
        let board = LiveBoard::from_counts(&DriveCounts::compute(4, &rows, &[], &[]));
        assert_eq!((board.bags, board.target_bags), (1, 4));
        assert_eq!(board.arrived, 4);
        assert_eq!(
            board.donated, 2,
            "an unfinished bag still counts as a donor"
        );
        assert_eq!(board.percent_of_target, 25.0);
        assert!(
            board.units.is_empty(),
            "registrations without a unit are not ranked"
        );
    }
}

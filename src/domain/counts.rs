//! The numbers of a drive, from plain rows: registered vs donated against the
//! target, deferrals by reason, bags by blood group, and the breakdowns by work
//! unit, slot, sex, age band and donation history that the office publishes.
//!
//! A bag counts under the group PMI tested when there is one (see
//! [`counted_group`]); the bags whose group only the donor declared are counted
//! apart, so nobody reads a guess as a lab result.
//!
//! Rows carry the snapshots taken at registration (sex, age, unit, first-time),
//! so the numbers stay the same after a donor's data is edited or erased.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::identity::Sex;
use super::tested_group::TestedGroup;
use super::vocab::{BloodGroup, RegistrationStatus, Rhesus};

/// One registration of the drive, as the counts need it.
#[derive(Debug, Clone, PartialEq)]
pub struct CountRow {
    pub status: RegistrationStatus,
    pub slot_id: Option<Uuid>,
    pub work_unit_id: Option<Uuid>,
    pub sex: Sex,
    pub age_years: i32,
    pub first_time: bool,
    pub blood_group: BloodGroup,
    pub rhesus: Rhesus,
    /// The group above is PMI's result (tested at this drive or before), not
    /// only the donor's word.
    pub group_tested: bool,
    /// `screenings.deferral_reason` of the latest screening, if any.
    pub deferral_reason: Option<String>,
    /// A donation was recorded but stopped before the bag was full: no bag.
    pub donation_incomplete: bool,
    /// Came on the day without having registered (a PMI coordinator wrote them in).
    pub walk_in: bool,
}

impl CountRow {
    fn is_active(&self) -> bool {
        self.status.is_active()
    }

    /// Came to the venue: checked in, including those who went on to donate or were deferred.
    fn checked_in(&self) -> bool {
        matches!(
            self.status,
            RegistrationStatus::CheckedIn
                | RegistrationStatus::Donated
                | RegistrationStatus::Deferred
        )
    }

    /// Gave a full bag.
    fn is_bag(&self) -> bool {
        self.status == RegistrationStatus::Donated && !self.donation_incomplete
    }

    /// Its group (or rhesus) is known only from what the donor declared.
    fn declared_only(&self) -> bool {
        let known = self.blood_group != BloodGroup::Unknown || self.rhesus != Rhesus::Unknown;
        known && !self.group_tested
    }

    /// Holds a seat in a slot (booked, or further along the day).
    fn holds_seat(&self) -> bool {
        self.is_active() && self.status != RegistrationStatus::Waitlisted
    }
}

/// A slot of the drive.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotInfo {
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub closed: bool,
}

/// A work unit that may appear in the counts.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitInfo {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub headcount: Option<i32>,
    /// Invited to the drive: listed even with nobody registered.
    pub invited: bool,
}

/// Registered (active) and bags, for one line of a breakdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub registered: u32,
    pub donated: u32,
}

impl Tally {
    fn add(&mut self, row: &CountRow) {
        if row.is_active() {
            self.registered += 1;
        }
        if row.is_bag() {
            self.donated += 1;
        }
    }
}

/// The group a registration is counted under, and whether PMI tested it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountedGroup {
    pub group: BloodGroup,
    pub rhesus: Rhesus,
    pub tested: bool,
}

/// The group a registration counts under: what PMI tested at its latest
/// screening that recorded a group; else the donor's record — PMI's result if
/// PMI ever tested the donor (`record_tested`), else what the donor declared.
pub fn counted_group(
    latest_tested: Option<TestedGroup>,
    record_group: BloodGroup,
    record_rhesus: Rhesus,
    record_tested: bool,
) -> CountedGroup {
    match latest_tested {
        Some(t) => CountedGroup {
            group: t.group,
            rhesus: t.rhesus,
            tested: true,
        },
        None => CountedGroup {
            group: record_group,
            rhesus: record_rhesus,
            tested: record_tested,
        },
    }
}

/// Bags of one ABO group, split by rhesus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BloodGroupLine {
    pub group: BloodGroup,
    pub positive: u32,
    pub negative: u32,
    pub unknown: u32,
    /// Of these bags, those whose group only the donor declared (PMI never tested it).
    pub declared_only: u32,
}

impl BloodGroupLine {
    pub fn total(&self) -> u32 {
        self.positive + self.negative + self.unknown
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitLine {
    /// `None` for registrations without a unit.
    pub code: Option<String>,
    pub name: String,
    pub headcount: Option<i32>,
    pub tally: Tally,
}

impl UnitLine {
    /// Registered / headcount in percent, when the headcount is known.
    pub fn participation_pct(&self) -> Option<f64> {
        match self.headcount {
            Some(h) if h > 0 => Some(percent(self.tally.registered, h as u32)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SlotLine {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub closed: bool,
    /// Registrations holding a seat in the slot (walk-ins over capacity included).
    pub booked: u32,
    pub checked_in: u32,
    pub donated: u32,
}

/// Age bands of the published counts (PMI accepts donors from 17 to 65).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AgeBand {
    From17To24,
    From25To34,
    From35To44,
    From45To54,
    From55To65,
    /// Outside 17-65 (a data error or an exception by the doctor).
    Other,
}

impl AgeBand {
    pub const ALL: [AgeBand; 6] = [
        AgeBand::From17To24,
        AgeBand::From25To34,
        AgeBand::From35To44,
        AgeBand::From45To54,
        AgeBand::From55To65,
        AgeBand::Other,
    ];

    pub fn of(age: i32) -> AgeBand {
        match age {
            17..=24 => AgeBand::From17To24,
            25..=34 => AgeBand::From25To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            55..=65 => AgeBand::From55To65,
            _ => AgeBand::Other,
        }
    }

    /// `17-24`, ..., `other`: language-neutral, used in exports and as a label suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::From17To24 => "17-24",
            AgeBand::From25To34 => "25-34",
            AgeBand::From35To44 => "35-44",
            AgeBand::From45To54 => "45-54",
            AgeBand::From55To65 => "55-65",
            AgeBand::Other => "other",
        }
    }
}

/// Everything the dashboard and the count exports show.
#[derive(Debug, Clone, PartialEq)]
pub struct DriveCounts {
    pub target_bags: u32,
    /// Active registrations (every status but cancelled, waitlist included).
    pub registered: u32,
    pub booked: u32,
    pub waitlisted: u32,
    pub cancelled: u32,
    /// Came and checked in, including those who then donated or were deferred.
    pub checked_in: u32,
    /// Full bags collected.
    pub donated: u32,
    /// Donations stopped before the bag was full (not counted as bags).
    pub donation_incomplete: u32,
    pub deferred: u32,
    pub no_shows: u32,
    /// Every status, in the vocabulary's order.
    pub by_status: Vec<(RegistrationStatus, u32)>,
    /// Deferred registrations by the reason of their latest screening;
    /// `unrecorded` when no screening says why. Sorted by reason.
    pub deferred_by_reason: Vec<(String, u32)>,
    pub by_blood_group: Vec<BloodGroupLine>,
    /// Bags counted under a group only the donor declared: not tested by PMI
    /// at this drive, nor ever before.
    pub bags_declared_only: u32,
    pub by_unit: Vec<UnitLine>,
    pub by_slot: Vec<SlotLine>,
    pub by_sex: Vec<(Sex, Tally)>,
    pub by_age_band: Vec<(AgeBand, Tally)>,
    /// First-time donors, then repeat donors.
    pub first_time: Tally,
    pub repeat: Tally,
    /// Walk-ins: registered on the day by PMI, and their bags.
    pub walk_ins: Tally,
}

/// The reason shown for a deferral no screening explains.
pub const UNRECORDED_REASON: &str = "unrecorded";

/// `part` of `whole` in percent, rounded to one decimal; 0 for an empty whole.
pub fn percent(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (f64::from(part) * 1000.0 / f64::from(whole)).round() / 10.0
}

impl DriveCounts {
    /// Bags collected as a percentage of the target.
    pub fn percent_of_target(&self) -> f64 {
        percent(self.donated, self.target_bags)
    }

    /// Bags of every group together (equals `donated`).
    pub fn bags_total(&self) -> u32 {
        self.by_blood_group.iter().map(BloodGroupLine::total).sum()
    }

    pub fn compute(
        target_bags: u32,
        rows: &[CountRow],
        slots: &[SlotInfo],
        units: &[UnitInfo],
    ) -> DriveCounts {
        let count =
            |status: RegistrationStatus| rows.iter().filter(|r| r.status == status).count() as u32;
        let by_status = RegistrationStatus::ALL
            .iter()
            .map(|s| (*s, count(*s)))
            .collect();
        let people = Demographics::of(rows);
        DriveCounts {
            target_bags,
            registered: rows.iter().filter(|r| r.is_active()).count() as u32,
            booked: count(RegistrationStatus::Booked),
            waitlisted: count(RegistrationStatus::Waitlisted),
            cancelled: count(RegistrationStatus::Cancelled),
            checked_in: rows.iter().filter(|r| r.checked_in()).count() as u32,
            donated: rows.iter().filter(|r| r.is_bag()).count() as u32,
            donation_incomplete: rows
                .iter()
                .filter(|r| r.status == RegistrationStatus::Donated && r.donation_incomplete)
                .count() as u32,
            deferred: count(RegistrationStatus::Deferred),
            no_shows: count(RegistrationStatus::NoShow),
            by_status,
            deferred_by_reason: deferred_by_reason(rows),
            by_blood_group: blood_group_lines(rows),
            bags_declared_only: rows
                .iter()
                .filter(|r| r.is_bag() && r.declared_only())
                .count() as u32,
            by_unit: unit_lines(rows, units),
            by_slot: slot_lines(rows, slots),
            by_sex: people.by_sex,
            by_age_band: people.by_age_band,
            first_time: people.first_time,
            repeat: people.repeat,
            walk_ins: rows
                .iter()
                .filter(|r| r.walk_in)
                .fold(Tally::default(), |mut t, r| {
                    t.add(r);
                    t
                }),
        }
    }
}

/// Deferred registrations by reason, sorted by reason.
fn deferred_by_reason(rows: &[CountRow]) -> Vec<(String, u32)> {
    let mut reasons: BTreeMap<String, u32> = BTreeMap::new();
    for row in rows
        .iter()
        .filter(|r| r.status == RegistrationStatus::Deferred)
    {
        let reason = row
            .deferral_reason
            .clone()
            .unwrap_or_else(|| UNRECORDED_REASON.to_owned());
        *reasons.entry(reason).or_default() += 1;
    }
    reasons.into_iter().collect()
}

/// Bags by blood group and rhesus, every group listed.
fn blood_group_lines(rows: &[CountRow]) -> Vec<BloodGroupLine> {
    BloodGroup::ALL
        .iter()
        .map(|group| {
            let in_group = || {
                rows.iter()
                    .filter(|r| r.is_bag() && r.blood_group == *group)
            };
            let bags = |rh: Rhesus| in_group().filter(|r| r.rhesus == rh).count() as u32;
            BloodGroupLine {
                group: *group,
                positive: bags(Rhesus::Positive),
                negative: bags(Rhesus::Negative),
                unknown: bags(Rhesus::Unknown),
                declared_only: in_group().filter(|r| r.declared_only()).count() as u32,
            }
        })
        .collect()
}

/// Registered and donated by sex, by age band and by donation history.
struct Demographics {
    by_sex: Vec<(Sex, Tally)>,
    by_age_band: Vec<(AgeBand, Tally)>,
    first_time: Tally,
    repeat: Tally,
}

impl Demographics {
    fn of(rows: &[CountRow]) -> Demographics {
        let mut by_sex = vec![
            (Sex::Male, Tally::default()),
            (Sex::Female, Tally::default()),
        ];
        let mut by_age_band: Vec<(AgeBand, Tally)> = AgeBand::ALL
            .iter()
            .map(|b| (*b, Tally::default()))
            .collect();
        let mut first_time = Tally::default();
        let mut repeat = Tally::default();
        for row in rows {
            if let Some(line) = by_sex.iter_mut().find(|(s, _)| *s == row.sex) {
                line.1.add(row);
            }
            let band = AgeBand::of(row.age_years);
            if let Some(line) = by_age_band.iter_mut().find(|(b, _)| *b == band) {
                line.1.add(row);
            }
            if row.first_time {
                first_time.add(row);
            } else {
                repeat.add(row);
            }
        }
        // "Other" ages are listed only when there are some.
        by_age_band.retain(|(band, t)| *band != AgeBand::Other || *t != Tally::default());
        Demographics {
            by_sex,
            by_age_band,
            first_time,
            repeat,
        }
    }
}

/// Invited units and units with registrations, by name; then registrations
/// without a unit, if any.
fn unit_lines(rows: &[CountRow], units: &[UnitInfo]) -> Vec<UnitLine> {
    let mut lines: Vec<UnitLine> = Vec::new();
    let mut sorted: Vec<&UnitInfo> = units.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name).then(a.code.cmp(&b.code)));
    for unit in sorted {
        let mut tally = Tally::default();
        let mut seen = false;
        for row in rows.iter().filter(|r| r.work_unit_id == Some(unit.id)) {
            seen = true;
            tally.add(row);
        }
        if unit.invited || seen {
            lines.push(UnitLine {
                code: Some(unit.code.clone()),
                name: unit.name.clone(),
                headcount: unit.headcount,
                tally,
            });
        }
    }
    let known = |id: &Uuid| units.iter().any(|u| u.id == *id);
    let mut without = Tally::default();
    let mut any = false;
    for row in rows
        .iter()
        .filter(|r| r.work_unit_id.as_ref().is_none_or(|id| !known(id)))
    {
        any = true;
        without.add(row);
    }
    if any {
        lines.push(UnitLine {
            code: None,
            name: String::new(),
            headcount: None,
            tally: without,
        });
    }
    lines
}

fn slot_lines(rows: &[CountRow], slots: &[SlotInfo]) -> Vec<SlotLine> {
    let mut sorted: Vec<&SlotInfo> = slots.iter().collect();
    sorted.sort_by_key(|s| s.starts_at);
    sorted
        .into_iter()
        .map(|slot| {
            let in_slot: Vec<&CountRow> =
                rows.iter().filter(|r| r.slot_id == Some(slot.id)).collect();
            SlotLine {
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                capacity: slot.capacity,
                closed: slot.closed,
                booked: in_slot.iter().filter(|r| r.holds_seat()).count() as u32,
                checked_in: in_slot.iter().filter(|r| r.checked_in()).count() as u32,
                donated: in_slot.iter().filter(|r| r.is_bag()).count() as u32,
            }
        })
        .collect()
}

/// A unit's headcount: the staff on its imported list when the list has any,
/// else the number an organizer typed on the unit (if any).
pub fn headcount(listed: Option<i64>, typed: Option<i32>) -> Option<i32> {
    match listed {
        Some(n) if n > 0 => Some(i32::try_from(n).unwrap_or(i32::MAX)),
        _ => typed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn row(status: RegistrationStatus) -> CountRow {
        CountRow {
            status,
            slot_id: None,
            work_unit_id: None,
            sex: Sex::Male,
            age_years: 30,
            first_time: false,
            blood_group: BloodGroup::Unknown,
            rhesus: Rhesus::Unknown,
            group_tested: false,
            deferral_reason: None,
            donation_incomplete: false,
            walk_in: false,
        }
    }

    fn at(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2027, 1, 17, hour, 0, 0).unwrap()
    }

    #[test]
    fn an_empty_drive_counts_zero_everywhere() {
        let c = DriveCounts::compute(100, &[], &[], &[]);
        assert_eq!(c.registered, 0);
        assert_eq!(c.donated, 0);
        assert_eq!(c.percent_of_target(), 0.0);
        assert_eq!(c.by_blood_group.len(), 5);
        assert!(c.by_unit.is_empty());
        assert_eq!(c.by_age_band.len(), 5, "no 'other' band without such ages");
    }

    #[test]
    fn statuses_add_up_as_published() {
        use RegistrationStatus::*;
        let rows: Vec<CountRow> = [
            Booked, Booked, Waitlisted, Cancelled, CheckedIn, Donated, Donated, Deferred, NoShow,
        ]
        .into_iter()
        .map(row)
        .collect();
        let c = DriveCounts::compute(4, &rows, &[], &[]);
        assert_eq!(c.registered, 8, "everything but the cancelled one");
        assert_eq!(c.booked, 2);
        assert_eq!(c.waitlisted, 1);
        assert_eq!(c.cancelled, 1);
        assert_eq!(c.checked_in, 4, "checked in + donated + deferred");
        assert_eq!(c.donated, 2);
        assert_eq!(c.deferred, 1);
        assert_eq!(c.no_shows, 1);
        assert_eq!(c.percent_of_target(), 50.0);
        assert_eq!(c.deferred_by_reason, vec![("unrecorded".to_owned(), 1)]);
    }

    #[test]
    fn an_incomplete_donation_is_no_bag() {
        let mut r = row(RegistrationStatus::Donated);
        r.donation_incomplete = true;
        r.blood_group = BloodGroup::O;
        let c = DriveCounts::compute(10, &[r], &[], &[]);
        assert_eq!(c.donated, 0);
        assert_eq!(c.donation_incomplete, 1);
        assert_eq!(c.checked_in, 1);
        assert_eq!(c.bags_total(), 0);
    }

    #[test]
    fn bags_are_split_by_group_and_rhesus() {
        let mut rows = Vec::new();
        for (group, rh) in [
            (BloodGroup::A, Rhesus::Positive),
            (BloodGroup::A, Rhesus::Positive),
            (BloodGroup::O, Rhesus::Negative),
            (BloodGroup::Unknown, Rhesus::Unknown),
        ] {
            let mut r = row(RegistrationStatus::Donated);
            r.blood_group = group;
            r.rhesus = rh;
            rows.push(r);
        }
        let mut booked = row(RegistrationStatus::Booked);
        booked.blood_group = BloodGroup::B;
        rows.push(booked);
        let c = DriveCounts::compute(10, &rows, &[], &[]);
        let line = |g: BloodGroup| *c.by_blood_group.iter().find(|l| l.group == g).unwrap();
        assert_eq!(line(BloodGroup::A).positive, 2);
        assert_eq!(line(BloodGroup::O).negative, 1);
        assert_eq!(line(BloodGroup::Unknown).unknown, 1);
        assert_eq!(line(BloodGroup::B).total(), 0, "a booking is no bag");
        assert_eq!(c.bags_total(), c.donated);
    }

    #[test]
    fn walk_ins_are_counted_apart_with_their_bags() {
        let mut walked = row(RegistrationStatus::Donated);
        walked.walk_in = true;
        let mut deferred = row(RegistrationStatus::Deferred);
        deferred.walk_in = true;
        let mut cancelled = row(RegistrationStatus::Cancelled);
        cancelled.walk_in = true;
        let rows = [
            walked,
            deferred,
            cancelled,
            row(RegistrationStatus::Donated),
        ];
        let c = DriveCounts::compute(10, &rows, &[], &[]);
        assert_eq!(
            c.walk_ins,
            Tally {
                registered: 2,
                donated: 1
            }
        );
    }

    fn bag(counted: CountedGroup) -> CountRow {
        let mut r = row(RegistrationStatus::Donated);
        r.blood_group = counted.group;
        r.rhesus = counted.rhesus;
        r.group_tested = counted.tested;
        r
    }

    #[test]
    fn the_latest_test_wins_over_the_record_and_a_record_pmi_tested_counts_as_tested() {
        use BloodGroup::*;
        use Rhesus::*;
        let a_pos = TestedGroup {
            group: A,
            rhesus: Positive,
        };
        assert_eq!(
            counted_group(Some(a_pos), O, Negative, false),
            CountedGroup {
                group: A,
                rhesus: Positive,
                tested: true
            },
            "tested at this drive"
        );
        assert_eq!(
            counted_group(None, O, Negative, false),
            CountedGroup {
                group: O,
                rhesus: Negative,
                tested: false
            },
            "the donor's word"
        );
        assert_eq!(
            counted_group(None, B, Positive, true),
            CountedGroup {
                group: B,
                rhesus: Positive,
                tested: true
            },
            "PMI tested the donor before"
        );
        assert!(!counted_group(None, BloodGroup::Unknown, Rhesus::Unknown, false).tested);
    }

    #[test]
    fn bags_of_a_declared_group_are_counted_apart() {
        use BloodGroup::*;
        use Rhesus::*;
        let a_pos = TestedGroup {
            group: A,
            rhesus: Positive,
        };
        let rows = vec![
            // Declared O+, PMI found A+: an A+ bag, tested.
            bag(counted_group(Some(a_pos), O, Positive, false)),
            // Declared O+, never tested: an O+ bag, declared only.
            bag(counted_group(None, O, Positive, false)),
            // Tested at an earlier drive: tested.
            bag(counted_group(None, O, Positive, true)),
            // Nothing known: unknown, and not "declared".
            bag(counted_group(
                None,
                BloodGroup::Unknown,
                Rhesus::Unknown,
                false,
            )),
        ];
        let mut not_a_bag = row(RegistrationStatus::CheckedIn);
        not_a_bag.blood_group = B;
        rows.iter().for_each(|r| assert!(r.is_bag()));
        let mut all = rows.clone();
        all.push(not_a_bag);
        let c = DriveCounts::compute(10, &all, &[], &[]);
        let line = |g: BloodGroup| *c.by_blood_group.iter().find(|l| l.group == g).unwrap();
        assert_eq!((line(A).positive, line(A).declared_only), (1, 0));
        assert_eq!((line(O).positive, line(O).declared_only), (2, 1));
        assert_eq!(line(BloodGroup::Unknown).declared_only, 0);
        assert_eq!(line(B).declared_only, 0, "a check-in is no bag");
        assert_eq!(c.bags_declared_only, 1);
    }

    #[test]
    fn deferrals_are_counted_by_their_reason() {
        let mut rows = Vec::new();
        for reason in [Some("low_hb"), Some("low_hb"), Some("blood_pressure"), None] {
            let mut r = row(RegistrationStatus::Deferred);
            r.deferral_reason = reason.map(str::to_owned);
            rows.push(r);
        }
        let c = DriveCounts::compute(10, &rows, &[], &[]);
        assert_eq!(
            c.deferred_by_reason,
            vec![
                ("blood_pressure".to_owned(), 1),
                ("low_hb".to_owned(), 2),
                ("unrecorded".to_owned(), 1)
            ]
        );
    }

    #[test]
    fn the_staff_list_is_the_headcount_where_it_has_the_unit() {
        assert_eq!(headcount(Some(12), Some(40)), Some(12));
        assert_eq!(headcount(Some(0), Some(40)), Some(40));
        assert_eq!(headcount(None, Some(40)), Some(40));
        assert_eq!(headcount(None, None), None);
    }

    #[test]
    fn units_show_participation_when_the_headcount_is_known() {
        let kanim = Uuid::from_u128(1);
        let lapas = Uuid::from_u128(2);
        let rutan = Uuid::from_u128(3);
        let units = vec![
            UnitInfo {
                id: kanim,
                code: "KANIM".into(),
                name: "Kanim Kupang".into(),
                headcount: Some(40),
                invited: true,
            },
            UnitInfo {
                id: lapas,
                code: "LAPAS".into(),
                name: "Lapas Kupang".into(),
                headcount: None,
                invited: true,
            },
            UnitInfo {
                id: rutan,
                code: "RUTAN".into(),
                name: "Rutan Kupang".into(),
                headcount: Some(10),
                invited: false,
            },
        ];
        let mut rows = Vec::new();
        for status in [
            RegistrationStatus::Donated,
            RegistrationStatus::Booked,
            RegistrationStatus::Cancelled,
        ] {
            let mut r = row(status);
            r.work_unit_id = Some(kanim);
            rows.push(r);
        }
        rows.push(row(RegistrationStatus::Booked));
        let c = DriveCounts::compute(10, &rows, &[], &units);
        assert_eq!(
            c.by_unit.len(),
            3,
            "two invited units and the unit-less line"
        );
        assert_eq!(c.by_unit[0].code.as_deref(), Some("KANIM"));
        assert_eq!(
            c.by_unit[0].tally,
            Tally {
                registered: 2,
                donated: 1
            }
        );
        assert_eq!(c.by_unit[0].participation_pct(), Some(5.0));
        assert_eq!(c.by_unit[1].participation_pct(), None);
        assert_eq!(c.by_unit[2].code, None);
        assert_eq!(c.by_unit[2].tally.registered, 1);
    }

    #[test]
    fn slots_count_seats_arrivals_and_bags() {
        let early = Uuid::from_u128(10);
        let late = Uuid::from_u128(11);
        let slots = vec![
            SlotInfo {
                id: late,
                starts_at: at(2),
                ends_at: at(3),
                capacity: 4,
                closed: true,
            },
            SlotInfo {
                id: early,
                starts_at: at(1),
                ends_at: at(2),
                capacity: 6,
                closed: false,
            },
        ];
        let mut rows = Vec::new();
        for status in [
            RegistrationStatus::Booked,
            RegistrationStatus::Donated,
            RegistrationStatus::Deferred,
            RegistrationStatus::NoShow,
            RegistrationStatus::Cancelled,
        ] {
            let mut r = row(status);
            r.slot_id = Some(early);
            rows.push(r);
        }
        let c = DriveCounts::compute(10, &rows, &slots, &[]);
        assert_eq!(c.by_slot[0].starts_at, at(1), "in time order");
        assert_eq!(c.by_slot[0].booked, 4);
        assert_eq!(c.by_slot[0].checked_in, 2);
        assert_eq!(c.by_slot[0].donated, 1);
        assert_eq!(c.by_slot[1].booked, 0);
        assert!(c.by_slot[1].closed);
    }

    #[test]
    fn age_bands_sex_and_history_split_the_active_registrations() {
        let mut rows = Vec::new();
        for (age, sex, first) in [
            (17, Sex::Female, true),
            (24, Sex::Female, false),
            (25, Sex::Male, true),
            (65, Sex::Male, false),
            (66, Sex::Male, false),
        ] {
            let mut r = row(RegistrationStatus::Donated);
            r.age_years = age;
            r.sex = sex;
            r.first_time = first;
            rows.push(r);
        }
        let c = DriveCounts::compute(10, &rows, &[], &[]);
        let band = |b: AgeBand| c.by_age_band.iter().find(|(x, _)| *x == b).unwrap().1;
        assert_eq!(band(AgeBand::From17To24).registered, 2);
        assert_eq!(band(AgeBand::From25To34).donated, 1);
        assert_eq!(band(AgeBand::From55To65).donated, 1);
        assert_eq!(band(AgeBand::Other).donated, 1);
        assert_eq!(
            c.by_sex[0],
            (
                Sex::Male,
                Tally {
                    registered: 3,
                    donated: 3
                }
            )
        );
        assert_eq!(c.by_sex[1].1.registered, 2);
        assert_eq!(c.first_time.donated, 2);
        assert_eq!(c.repeat.donated, 3);
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(5, 0), 0.0);
        assert_eq!(percent(150, 100), 150.0);
    }
}

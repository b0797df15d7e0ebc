//! The donor self-check: the questionnaire, the facts about a donor, and the
//! verdict of a rule set on them at a drive's date, with the rule behind
//! every reason.

use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::identity::{age_on, nth_birthday};
use super::messages::{Localized, MessageArgs, format_number, serialize_args};
pub use super::questionnaire::{BagVolume, BagVolumeError, DonorFacts, Questionnaire};
pub use super::rule_id::RuleId;
pub use super::rule_set::{RULE_FIELDS, RuleDescription, RuleSet};

/// What a reason does to the verdict, most severe first (the sort order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    Ineligible,
    Defer,
    /// A day-of item: shown to the person, never changes the verdict.
    Reminder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Eligible,
    Deferred,
    Ineligible,
}

impl VerdictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eligible => "eligible",
            Self::Deferred => "deferred",
            Self::Ineligible => "ineligible",
        }
    }
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Eligible => "eligibility-verdict-eligible",
            Self::Deferred => "eligibility-verdict-deferred",
            Self::Ineligible => "eligibility-verdict-ineligible",
        }
    }
}

impl FromStr for VerdictKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        [Self::Eligible, Self::Deferred, Self::Ineligible]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub rule: RuleId,
    pub effect: Effect,
    /// The first day this rule no longer stands in the way, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible_from: Option<NaiveDate>,
    pub message_key: &'static str,
    #[serde(serialize_with = "serialize_args")]
    pub args: MessageArgs,
    pub source: &'static str,
}

impl Reason {
    fn new(
        rule: RuleId,
        effect: Effect,
        eligible_from: Option<NaiveDate>,
        key: &'static str,
        args: MessageArgs,
    ) -> Self {
        Reason {
            rule,
            effect,
            eligible_from,
            message_key: key,
            args,
            source: rule.source(),
        }
    }
}

impl Localized for Reason {
    fn message_key(&self) -> &'static str {
        self.message_key
    }
    fn message_args(&self) -> MessageArgs {
        self.args.clone()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    #[serde(rename = "verdict")]
    pub kind: VerdictKind,
    /// For `deferred`: the first day every deferral has passed, when all of
    /// them have a date (and the age limit is not reached by then).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligible_from: Option<NaiveDate>,
    pub reasons: Vec<Reason>,
}

enum Period {
    Days(u32),
    Months(u32),
    Years(u32),
}

impl Period {
    fn after(&self, event: NaiveDate) -> Option<NaiveDate> {
        match *self {
            Period::Days(n) => event.checked_add_days(Days::new(u64::from(n))),
            Period::Months(n) => event.checked_add_months(Months::new(n)),
            Period::Years(n) => event.checked_add_months(Months::new(n.checked_mul(12)?)),
        }
    }
    fn is_zero(&self) -> bool {
        matches!(
            *self,
            Period::Days(0) | Period::Months(0) | Period::Years(0)
        )
    }
    fn arg(&self) -> (&'static str, String) {
        match *self {
            Period::Days(n) => ("days", n.to_string()),
            Period::Months(n) => ("months", n.to_string()),
            Period::Years(n) => ("years", n.to_string()),
        }
    }
}

/// A period rule: eligible again from `event + period` (that day included),
/// so it fires only when the drive is before then. An event after the drive
/// date counts as happening, and so defers too. A period of 0 turns the rule
/// off. A date so large that the sum overflows defers without a date.
fn period_rule(
    rule: RuleId,
    key: &'static str,
    event: Option<NaiveDate>,
    period: Period,
    drive: NaiveDate,
) -> Option<Reason> {
    let event = event?;
    if period.is_zero() {
        return None;
    }
    match period.after(event) {
        Some(from) if drive >= from => None,
        Some(from) => Some(Reason::new(
            rule,
            Effect::Defer,
            Some(from),
            key,
            vec![period.arg(), ("eligible_from", from.to_string())],
        )),
        None => Some(Reason::new(
            rule,
            Effect::Defer,
            None,
            "rule-date-out-of-range",
            vec![("date", event.to_string())],
        )),
    }
}

fn max_age(rules: &RuleSet, facts: &DonorFacts) -> u32 {
    if facts.donation_count > 0 {
        rules.max_age_repeat
    } else {
        rules.max_age_first_time
    }
}

/// The self-check verdict at `drive_date` (never today: the drive's date is
/// what matters).
pub fn evaluate(
    rules: &RuleSet,
    facts: &DonorFacts,
    q: &Questionnaire,
    drive_date: NaiveDate,
    bag: BagVolume,
) -> Verdict {
    let max_age = max_age(rules, facts);
    let mut reasons: Vec<Reason> = age_reason(rules, facts, drive_date, max_age)
        .into_iter()
        .chain(weight_reason(rules, facts, bag))
        .collect();
    let periods = waits_after_donation_and_procedures(rules, facts, q)
        .into_iter()
        .chain(waits_after_recovery_and_treatment(rules, q));
    reasons.extend(periods.filter_map(|(rule, key, event, period)| {
        period_rule(rule, key, event, period, drive_date)
    }));
    reasons.extend(flag_reasons(q));
    reasons.sort_by_key(|r| (r.effect, r.rule));
    combine(reasons, facts, max_age)
}

/// Too young defers until the birthday; too old rules donation out.
fn age_reason(
    rules: &RuleSet,
    facts: &DonorFacts,
    drive_date: NaiveDate,
    max_age: u32,
) -> Option<Reason> {
    let age = age_on(facts.birth_date, drive_date);
    if age < rules.min_age {
        return Some(match nth_birthday(facts.birth_date, rules.min_age) {
            Some(from) => Reason::new(
                RuleId::Age,
                Effect::Defer,
                Some(from),
                "rule-age-too-young",
                vec![
                    ("min_age", rules.min_age.to_string()),
                    ("eligible_from", from.to_string()),
                ],
            ),
            None => Reason::new(
                RuleId::Age,
                Effect::Defer,
                None,
                "rule-date-out-of-range",
                vec![("date", facts.birth_date.to_string())],
            ),
        });
    }
    if age > max_age {
        let key = if facts.donation_count > 0 {
            "rule-age-too-old-repeat"
        } else {
            "rule-age-too-old-first-time"
        };
        return Some(Reason::new(
            RuleId::Age,
            Effect::Ineligible,
            None,
            key,
            vec![("max_age", max_age.to_string())],
        ));
    }
    None
}

/// Under the bag's minimum weight defers.
fn weight_reason(rules: &RuleSet, facts: &DonorFacts, bag: BagVolume) -> Option<Reason> {
    let min_weight = rules.min_weight_kg(bag);
    // NaN compares as "not at least": an unreadable weight defers.
    if matches!(
        facts.weight_kg.partial_cmp(&min_weight),
        Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
    ) {
        return None;
    }
    Some(Reason::new(
        RuleId::Weight,
        Effect::Defer,
        None,
        "rule-weight",
        vec![
            ("min_weight", format_number(min_weight)),
            ("bag_ml", bag.ml().to_string()),
        ],
    ))
}

/// A waiting period: the rule, its message, the event's date and how long to wait.
type Wait = (RuleId, &'static str, Option<NaiveDate>, Period);

/// The waits after the last donation and after a procedure on the body.
fn waits_after_donation_and_procedures(
    rules: &RuleSet,
    facts: &DonorFacts,
    q: &Questionnaire,
) -> [Wait; 6] {
    [
        (
            RuleId::DonationInterval,
            "rule-donation-interval",
            facts.last_donation_date,
            Period::Days(rules.whole_blood_interval_days),
        ),
        (
            RuleId::TattooPiercing,
            "rule-tattoo-piercing",
            q.tattoo_piercing_date,
            Period::Months(rules.tattoo_piercing_months),
        ),
        (
            RuleId::MinorSurgery,
            "rule-minor-surgery",
            q.minor_surgery_date,
            Period::Months(rules.minor_surgery_months),
        ),
        (
            RuleId::MajorSurgery,
            "rule-major-surgery",
            q.major_surgery_date,
            Period::Months(rules.major_surgery_months),
        ),
        (
            RuleId::ToothExtraction,
            "rule-tooth-extraction",
            q.tooth_extraction_date,
            Period::Days(rules.tooth_extraction_days),
        ),
        (
            RuleId::Transfusion,
            "rule-transfusion",
            q.transfusion_date,
            Period::Months(rules.transfusion_months),
        ),
    ]
}

/// The waits after a delivery, malaria, a live vaccine or rabies treatment.
fn waits_after_recovery_and_treatment(rules: &RuleSet, q: &Questionnaire) -> [Wait; 4] {
    [
        (
            RuleId::Delivery,
            "rule-delivery",
            q.delivery_date,
            Period::Months(rules.delivery_months),
        ),
        (
            RuleId::Malaria,
            "rule-malaria",
            q.malaria_recovery_date,
            Period::Years(rules.malaria_years),
        ),
        (
            RuleId::LiveVaccine,
            "rule-live-vaccine",
            q.live_vaccine_date,
            Period::Days(rules.live_vaccine_days),
        ),
        (
            RuleId::RabiesTreatment,
            "rule-rabies-treatment",
            q.rabies_treatment_date,
            Period::Months(rules.rabies_treatment_months),
        ),
    ]
}

/// Yes/no answers: pregnancy and breastfeeding defer without a date (the
/// end is not known); a permanent condition rules donation out; day-of
/// items only remind, because they are asked again at check-in.
fn flag_reasons(q: &Questionnaire) -> impl Iterator<Item = Reason> {
    let flags = [
        (q.pregnant, RuleId::Pregnant, Effect::Defer, "rule-pregnant"),
        (
            q.breastfeeding,
            RuleId::Breastfeeding,
            Effect::Defer,
            "rule-breastfeeding",
        ),
        (
            q.permanent_condition,
            RuleId::PermanentCondition,
            Effect::Ineligible,
            "rule-permanent-condition",
        ),
        (
            q.fever_last_7_days,
            RuleId::Fever,
            Effect::Reminder,
            "rule-fever",
        ),
        (
            q.medication_last_3_days,
            RuleId::Medication,
            Effect::Reminder,
            "rule-medication",
        ),
        (
            q.slept_under_4_hours,
            RuleId::Sleep,
            Effect::Reminder,
            "rule-sleep",
        ),
    ];
    flags
        .into_iter()
        .filter(|f| f.0)
        .map(|(_, rule, effect, key)| Reason::new(rule, effect, None, key, Vec::new()))
}

fn combine(reasons: Vec<Reason>, facts: &DonorFacts, max_age: u32) -> Verdict {
    let has = |effect| reasons.iter().any(|r| r.effect == effect);
    let kind = if has(Effect::Ineligible) {
        VerdictKind::Ineligible
    } else if has(Effect::Defer) {
        VerdictKind::Deferred
    } else {
        VerdictKind::Eligible
    };
    let eligible_from = if kind == VerdictKind::Deferred {
        // `None` as soon as one deferral has no date: max over Options would
        // wrongly ignore it.
        reasons
            .iter()
            .filter(|r| r.effect == Effect::Defer)
            .try_fold(None, |latest: Option<NaiveDate>, r| {
                r.eligible_from.map(|d| latest.max(Some(d)))
            })
            .flatten()
            // No promise of a date by which the person is past the age limit.
            .filter(|d| age_on(facts.birth_date, *d) <= max_age)
    } else {
        None
    };
    Verdict {
        kind,
        eligible_from,
        reasons,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::identity::Sex;
    use serde_json::json;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Hari Bhakti Imigrasi: the drive this was built for.
    fn drive() -> NaiveDate {
        date(2026, 1, 17)
    }

    fn facts() -> DonorFacts {
        DonorFacts {
            birth_date: date(1990, 5, 10),
            sex: Sex::Female,
            weight_kg: 60.0,
            last_donation_date: None,
            donation_count: 0,
        }
    }

    fn check(facts: &DonorFacts, q: &Questionnaire) -> Verdict {
        evaluate(&RuleSet::default(), facts, q, drive(), BagVolume::Ml350)
    }

    fn born(birth_date: NaiveDate, donation_count: u32) -> Verdict {
        check(
            &DonorFacts {
                birth_date,
                donation_count,
                ..facts()
            },
            &Questionnaire::default(),
        )
    }

    fn with_date(key: &str, day: NaiveDate) -> Questionnaire {
        let mut q = Questionnaire::default();
        *q.date_mut(key).unwrap() = Some(day);
        q
    }

    fn keys(v: &Verdict) -> Vec<&'static str> {
        v.reasons.iter().map(|r| r.message_key).collect()
    }

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let mut q = Questionnaire::default();
        for key in Questionnaire::DATE_KEYS {
            *q.date_mut(key).unwrap() = Some(drive());
        }
        for key in Questionnaire::BOOL_KEYS {
            *q.flag_mut(key).unwrap() = true;
        }
        let young = DonorFacts {
            birth_date: drive(),
            weight_kg: 1.0,
            last_donation_date: Some(drive()),
            ..facts()
        };
        let mut verdicts = vec![check(&young, &q)];
        verdicts.push(born(date(1950, 1, 1), 0));
        verdicts.push(born(date(1950, 1, 1), 3));
        verdicts.push(check(
            &facts(),
            &with_date("tattoo_piercing_date", NaiveDate::MAX),
        ));
        verdicts.push(born(NaiveDate::MAX, 0));
        let mut samples: Vec<(&'static str, MessageArgs)> = verdicts
            .iter()
            .flat_map(|v| v.reasons.iter().map(|r| (r.message_key, r.args.clone())))
            .collect();
        for kind in [
            VerdictKind::Eligible,
            VerdictKind::Deferred,
            VerdictKind::Ineligible,
        ] {
            samples.push((kind.message_key(), Vec::new()));
        }
        samples
    }

    #[test]
    fn a_healthy_adult_with_nothing_to_declare_is_eligible() {
        let v = check(&facts(), &Questionnaire::default());
        assert_eq!(
            v,
            Verdict {
                kind: VerdictKind::Eligible,
                eligible_from: None,
                reasons: vec![]
            }
        );
    }

    #[test]
    fn turning_17_on_the_drive_date_is_old_enough() {
        assert_eq!(born(date(2009, 1, 17), 0).kind, VerdictKind::Eligible);
        let v = born(date(2009, 1, 18), 0);
        assert_eq!(v.kind, VerdictKind::Deferred);
        assert_eq!(v.eligible_from, Some(date(2026, 1, 18)));
        assert_eq!(keys(&v), ["rule-age-too-young"]);
        assert_eq!(
            v.reasons[0].args,
            vec![
                ("min_age", "17".into()),
                ("eligible_from", "2026-01-18".into())
            ]
        );
    }

    #[test]
    fn a_leap_day_baby_turns_17_on_1_march() {
        let rules = RuleSet::default();
        let f = DonorFacts {
            birth_date: date(2008, 2, 29),
            ..facts()
        };
        let q = Questionnaire::default();
        let v = evaluate(&rules, &f, &q, date(2025, 2, 28), BagVolume::Ml350);
        assert_eq!(v.eligible_from, Some(date(2025, 3, 1)));
        assert_eq!(
            evaluate(&rules, &f, &q, date(2025, 3, 1), BagVolume::Ml350).kind,
            VerdictKind::Eligible
        );
    }

    #[test]
    fn first_time_donors_may_be_60_but_not_61() {
        assert_eq!(born(date(1965, 1, 18), 0).kind, VerdictKind::Eligible); // 60
        let v = born(date(1965, 1, 17), 0); // 61 on the drive date
        assert_eq!(v.kind, VerdictKind::Ineligible);
        assert_eq!(v.eligible_from, None);
        assert_eq!(keys(&v), ["rule-age-too-old-first-time"]);
        assert_eq!(v.reasons[0].effect, Effect::Ineligible);
    }

    #[test]
    fn repeat_donors_may_be_65_but_not_66() {
        assert_eq!(born(date(1965, 1, 17), 1).kind, VerdictKind::Eligible); // 61, repeat
        assert_eq!(born(date(1960, 1, 18), 1).kind, VerdictKind::Eligible); // 65
        let v = born(date(1960, 1, 17), 1); // 66
        assert_eq!(v.kind, VerdictKind::Ineligible);
        assert_eq!(keys(&v), ["rule-age-too-old-repeat"]);
        assert_eq!(v.reasons[0].args, vec![("max_age", "65".into())]);
    }

    #[test]
    fn weight_limit_depends_on_the_bag() {
        let weigh = |weight_kg: f64, bag| {
            let f = DonorFacts {
                weight_kg,
                ..facts()
            };
            evaluate(
                &RuleSet::default(),
                &f,
                &Questionnaire::default(),
                drive(),
                bag,
            )
        };
        assert_eq!(weigh(45.0, BagVolume::Ml350).kind, VerdictKind::Eligible);
        let light = weigh(44.9, BagVolume::Ml350);
        assert_eq!(
            (light.kind, light.eligible_from),
            (VerdictKind::Deferred, None)
        );
        assert_eq!(
            light.reasons[0].args,
            vec![("min_weight", "45".into()), ("bag_ml", "350".into())]
        );
        assert_eq!(weigh(55.0, BagVolume::Ml450).kind, VerdictKind::Eligible);
        assert_eq!(weigh(54.9, BagVolume::Ml450).kind, VerdictKind::Deferred);
        assert_eq!(
            weigh(f64::NAN, BagVolume::Ml350).kind,
            VerdictKind::Deferred
        );
    }

    #[test]
    fn sixty_days_after_the_last_donation_is_eligible() {
        let last = |d| {
            check(
                &DonorFacts {
                    last_donation_date: Some(d),
                    ..facts()
                },
                &Questionnaire::default(),
            )
        };
        assert_eq!(last(date(2025, 11, 17)).kind, VerdictKind::Eligible);
        assert_eq!(last(date(2025, 11, 18)).kind, VerdictKind::Eligible); // exactly 60 days
        let v = last(date(2025, 11, 19));
        assert_eq!(
            (v.kind, v.eligible_from),
            (VerdictKind::Deferred, Some(date(2026, 1, 18)))
        );
        assert_eq!(v.reasons[0].rule, RuleId::DonationInterval);
        assert_eq!(v.reasons[0].args[0], ("days", "60".into()));
    }

    /// Every questionnaire date at its boundary: an event exactly one period
    /// before the drive is fine, a day later defers until the day after it.
    #[test]
    fn every_period_rule_ends_on_the_day_the_period_is_over() {
        let table: [(&str, RuleId, Months); 9] = [
            (
                "tattoo_piercing_date",
                RuleId::TattooPiercing,
                Months::new(12),
            ),
            ("minor_surgery_date", RuleId::MinorSurgery, Months::new(6)),
            ("major_surgery_date", RuleId::MajorSurgery, Months::new(12)),
            ("transfusion_date", RuleId::Transfusion, Months::new(6)),
            ("delivery_date", RuleId::Delivery, Months::new(6)),
            ("malaria_recovery_date", RuleId::Malaria, Months::new(36)),
            (
                "rabies_treatment_date",
                RuleId::RabiesTreatment,
                Months::new(12),
            ),
            (
                "tooth_extraction_date",
                RuleId::ToothExtraction,
                Months::new(0),
            ),
            ("live_vaccine_date", RuleId::LiveVaccine, Months::new(0)),
        ];
        for (key, rule, months) in table {
            let days = match rule {
                RuleId::ToothExtraction => 5,
                RuleId::LiveVaccine => 14,
                _ => 0,
            };
            let on = drive()
                .checked_sub_months(months)
                .unwrap()
                .checked_sub_days(Days::new(days))
                .unwrap();
            let day_before = on.pred_opt().unwrap();
            let day_after = on.succ_opt().unwrap();
            assert_eq!(
                check(&facts(), &with_date(key, day_before)).kind,
                VerdictKind::Eligible,
                "{key}"
            );
            assert_eq!(
                check(&facts(), &with_date(key, on)).kind,
                VerdictKind::Eligible,
                "{key}"
            );
            let v = check(&facts(), &with_date(key, day_after));
            assert_eq!(v.kind, VerdictKind::Deferred, "{key}");
            assert_eq!(v.eligible_from, Some(date(2026, 1, 18)), "{key}");
            assert_eq!(v.reasons[0].rule, rule);
            assert_eq!(v.reasons[0].effect, Effect::Defer);
            assert_eq!(Questionnaire::rule_for(key), Some(rule));
        }
    }

    #[test]
    fn twelve_months_after_17_january_is_17_january() {
        let v = check(
            &facts(),
            &with_date("tattoo_piercing_date", date(2025, 1, 18)),
        );
        assert_eq!(v.eligible_from, Some(date(2026, 1, 18)));
        assert_eq!(
            v.reasons[0].args,
            vec![
                ("months", "12".into()),
                ("eligible_from", "2026-01-18".into())
            ]
        );
        assert!(
            check(
                &facts(),
                &with_date("tattoo_piercing_date", date(2025, 1, 17))
            )
            .reasons
            .is_empty()
        );
    }

    #[test]
    fn an_event_after_the_drive_date_defers_from_that_event() {
        let v = check(
            &facts(),
            &with_date("tooth_extraction_date", date(2026, 2, 1)),
        );
        assert_eq!(
            (v.kind, v.eligible_from),
            (VerdictKind::Deferred, Some(date(2026, 2, 6)))
        );
    }

    #[test]
    fn an_absurd_date_defers_without_a_date_and_does_not_panic() {
        for key in Questionnaire::DATE_KEYS {
            let v = check(&facts(), &with_date(key, NaiveDate::MAX));
            assert_eq!(
                (v.kind, v.eligible_from),
                (VerdictKind::Deferred, None),
                "{key}"
            );
            assert_eq!(keys(&v), ["rule-date-out-of-range"]);
            let early = check(&facts(), &with_date(key, NaiveDate::MIN));
            assert_eq!(early.kind, VerdictKind::Eligible, "{key}");
        }
        let last = DonorFacts {
            last_donation_date: Some(NaiveDate::MAX),
            ..facts()
        };
        assert_eq!(
            check(&last, &Questionnaire::default()).kind,
            VerdictKind::Deferred
        );
        let unborn = born(NaiveDate::MAX, 0);
        assert_eq!(
            (unborn.kind, unborn.eligible_from),
            (VerdictKind::Deferred, None)
        );
        assert_eq!(
            unborn.reasons[0].args,
            vec![("date", NaiveDate::MAX.to_string())]
        );
        let future = born(date(2030, 1, 1), 0);
        assert_eq!(future.eligible_from, Some(date(2047, 1, 1)));
    }

    #[test]
    fn pregnancy_and_breastfeeding_defer_without_a_date() {
        for flag in ["pregnant", "breastfeeding"] {
            let mut q = Questionnaire::default();
            *q.flag_mut(flag).unwrap() = true;
            let v = check(&facts(), &q);
            assert_eq!(
                (v.kind, v.eligible_from),
                (VerdictKind::Deferred, None),
                "{flag}"
            );
            assert_eq!(v.reasons[0].effect, Effect::Defer);
        }
    }

    #[test]
    fn a_permanent_condition_is_ineligible() {
        let q = Questionnaire {
            permanent_condition: true,
            ..Questionnaire::default()
        };
        let v = check(&facts(), &q);
        assert_eq!((v.kind, v.eligible_from), (VerdictKind::Ineligible, None));
        assert_eq!(keys(&v), ["rule-permanent-condition"]);
    }

    #[test]
    fn day_of_items_remind_but_never_change_the_verdict() {
        let q = Questionnaire {
            fever_last_7_days: true,
            medication_last_3_days: true,
            slept_under_4_hours: true,
            ..Questionnaire::default()
        };
        let v = check(&facts(), &q);
        assert_eq!(v.kind, VerdictKind::Eligible);
        assert_eq!(keys(&v), ["rule-fever", "rule-medication", "rule-sleep"]);
        assert!(
            v.reasons
                .iter()
                .all(|r| r.effect == Effect::Reminder && r.eligible_from.is_none())
        );
    }

    #[test]
    fn deferred_until_the_latest_of_all_dated_deferrals() {
        let mut q = with_date("tattoo_piercing_date", date(2025, 6, 1));
        q.tooth_extraction_date = Some(date(2026, 1, 15));
        let v = check(&facts(), &q);
        assert_eq!(
            (v.kind, v.eligible_from),
            (VerdictKind::Deferred, Some(date(2026, 6, 1)))
        );
        assert_eq!(
            v.reasons
                .iter()
                .map(|r| r.eligible_from)
                .collect::<Vec<_>>(),
            [Some(date(2026, 6, 1)), Some(date(2026, 1, 20))]
        );
        q.pregnant = true;
        assert_eq!(check(&facts(), &q).eligible_from, None);
    }

    #[test]
    fn ineligible_outranks_deferred_and_reasons_are_ordered_by_severity_then_rule() {
        let mut q = with_date("tattoo_piercing_date", date(2025, 6, 1));
        q.permanent_condition = true;
        q.fever_last_7_days = true;
        q.pregnant = true;
        let f = DonorFacts {
            weight_kg: 40.0,
            ..facts()
        };
        let v = check(&f, &q);
        assert_eq!((v.kind, v.eligible_from), (VerdictKind::Ineligible, None));
        assert_eq!(
            v.reasons
                .iter()
                .map(|r| (r.effect, r.rule))
                .collect::<Vec<_>>(),
            [
                (Effect::Ineligible, RuleId::PermanentCondition),
                (Effect::Defer, RuleId::Weight),
                (Effect::Defer, RuleId::TattooPiercing),
                (Effect::Defer, RuleId::Pregnant),
                (Effect::Reminder, RuleId::Fever),
            ]
        );
    }

    #[test]
    fn no_date_is_promised_past_the_age_limit() {
        // 60 on the drive date, 61 on 1 March: a deferral to June cannot end.
        let f = DonorFacts {
            birth_date: date(1965, 3, 1),
            ..facts()
        };
        let v = check(&f, &with_date("tattoo_piercing_date", date(2025, 6, 1)));
        assert_eq!((v.kind, v.eligible_from), (VerdictKind::Deferred, None));
        let repeat = DonorFacts {
            donation_count: 2,
            ..f
        };
        let v = check(
            &repeat,
            &with_date("tattoo_piercing_date", date(2025, 6, 1)),
        );
        assert_eq!(v.eligible_from, Some(date(2026, 6, 1)));
    }

    #[test]
    fn overrides_change_the_verdict() {
        let rules =
            RuleSet::with_overrides(&json!({"transfusion_months": 12, "min_age": 18})).unwrap();
        let q = with_date("transfusion_date", date(2025, 3, 1));
        assert_eq!(check(&facts(), &q).kind, VerdictKind::Eligible);
        let v = evaluate(&rules, &facts(), &q, drive(), BagVolume::Ml350);
        assert_eq!(v.eligible_from, Some(date(2026, 3, 1)));
        let f = DonorFacts {
            birth_date: date(2008, 6, 1),
            ..facts()
        };
        let v = evaluate(
            &rules,
            &f,
            &Questionnaire::default(),
            drive(),
            BagVolume::Ml350,
        );
        assert_eq!(v.eligible_from, Some(date(2026, 6, 1)));
    }

    #[test]
    fn a_period_of_zero_switches_the_rule_off() {
        let rules = RuleSet::with_overrides(&json!({"tattoo_piercing_months": 0})).unwrap();
        let q = with_date("tattoo_piercing_date", date(2026, 2, 1));
        assert_eq!(
            evaluate(&rules, &facts(), &q, drive(), BagVolume::Ml350).kind,
            VerdictKind::Eligible
        );
    }

    #[test]
    fn verdict_serializes_for_the_json_api() {
        let v = check(
            &facts(),
            &with_date("tattoo_piercing_date", date(2025, 6, 1)),
        );
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            json!({
                "verdict": "deferred",
                "eligible_from": "2026-06-01",
                "reasons": [{
                    "rule": "tattoo_piercing",
                    "effect": "defer",
                    "eligible_from": "2026-06-01",
                    "message_key": "rule-tattoo-piercing",
                    "args": {"months": "12", "eligible_from": "2026-06-01"},
                    "source": RuleId::TattooPiercing.source(),
                }]
            })
        );
        let ok = serde_json::to_value(check(&facts(), &Questionnaire::default())).unwrap();
        assert_eq!(ok, json!({"verdict": "eligible", "reasons": []}));
    }

    #[test]
    fn verdict_kinds_round_trip() {
        for kind in [
            VerdictKind::Eligible,
            VerdictKind::Deferred,
            VerdictKind::Ineligible,
        ] {
            assert_eq!(kind.as_str().parse::<VerdictKind>(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.as_str()));
        }
    }
}

//! The on-site screening by PMI: the thresholds (as data), plausibility of
//! the vitals typed in, and the accept/defer suggestion the coordinator then
//! confirms or overrides.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::eligibility::{BagVolume, RuleSet};
use super::messages::{Localized, MessageArgs, format_number, serialize_args};
pub use super::screening_thresholds::{SCREENING_FIELDS, ScreeningThresholds};

/// Measurements taken at the screening desk.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Vitals {
    pub weight_kg: f64,
    pub hb_g_dl: f64,
    pub systolic: i32,
    pub diastolic: i32,
    pub pulse: i32,
    pub temperature_c: f64,
}

/// A value no living donor has: almost always a typo (Hb 125 for 12.5,
/// temperature 375 for 37.5). The form should ask again, not defer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VitalsError {
    /// The form field (the `Vitals` field name).
    pub field: &'static str,
    pub message_key: &'static str,
    #[serde(serialize_with = "serialize_args")]
    pub args: MessageArgs,
}

// Plausible, not acceptable: wide enough for any real person, so that only
// slips of the keyboard are caught here.
const PLAUSIBLE_WEIGHT: (f64, f64) = (20.0, 250.0);
const PLAUSIBLE_HB: (f64, f64) = (3.0, 25.0);
const PLAUSIBLE_SYSTOLIC: (i32, i32) = (50, 260);
const PLAUSIBLE_DIASTOLIC: (i32, i32) = (30, 160);
const PLAUSIBLE_PULSE: (i32, i32) = (20, 250);
const PLAUSIBLE_TEMPERATURE: (f64, f64) = (30.0, 43.0);

fn implausible(
    field: &'static str,
    key: &'static str,
    value: String,
    min: String,
    max: String,
) -> VitalsError {
    VitalsError {
        field,
        message_key: key,
        args: vec![("value", value), ("min", min), ("max", max)],
    }
}

pub fn validate_vitals(v: &Vitals) -> Vec<VitalsError> {
    let checks = [
        implausible_real(
            "weight_kg",
            "screening-vitals-weight",
            v.weight_kg,
            PLAUSIBLE_WEIGHT,
        ),
        implausible_real("hb_g_dl", "screening-vitals-hb", v.hb_g_dl, PLAUSIBLE_HB),
        implausible_real(
            "temperature_c",
            "screening-vitals-temperature",
            v.temperature_c,
            PLAUSIBLE_TEMPERATURE,
        ),
        implausible_whole(
            "systolic",
            "screening-vitals-systolic",
            v.systolic,
            PLAUSIBLE_SYSTOLIC,
        ),
        implausible_whole(
            "diastolic",
            "screening-vitals-diastolic",
            v.diastolic,
            PLAUSIBLE_DIASTOLIC,
        ),
        implausible_whole("pulse", "screening-vitals-pulse", v.pulse, PLAUSIBLE_PULSE),
        diastolic_not_below_systolic(v),
    ];
    checks.into_iter().flatten().collect()
}

/// A measured value outside its plausible range; `contains` is false for NaN:
/// an unreadable number is implausible.
fn implausible_real(
    field: &'static str,
    key: &'static str,
    value: f64,
    (min, max): (f64, f64),
) -> Option<VitalsError> {
    (!(min..=max).contains(&value)).then(|| {
        implausible(
            field,
            key,
            format_number(value),
            format_number(min),
            format_number(max),
        )
    })
}

/// A counted value outside its plausible range.
fn implausible_whole(
    field: &'static str,
    key: &'static str,
    value: i32,
    (min, max): (i32, i32),
) -> Option<VitalsError> {
    (!(min..=max).contains(&value)).then(|| {
        implausible(
            field,
            key,
            value.to_string(),
            min.to_string(),
            max.to_string(),
        )
    })
}

fn diastolic_not_below_systolic(v: &Vitals) -> Option<VitalsError> {
    (v.diastolic >= v.systolic).then(|| VitalsError {
        field: "diastolic",
        message_key: "screening-vitals-diastolic-not-below-systolic",
        args: vec![
            ("systolic", v.systolic.to_string()),
            ("diastolic", v.diastolic.to_string()),
        ],
    })
}

impl Localized for VitalsError {
    fn message_key(&self) -> &'static str {
        self.message_key
    }
    fn message_args(&self) -> MessageArgs {
        self.args.clone()
    }
}

/// Why a donor was deferred on the day: the categories counted in reports,
/// also used by the coordinator when overriding a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeferralReason {
    LowHb,
    HighHb,
    BloodPressure,
    Pulse,
    Temperature,
    Weight,
    Interval,
    Medication,
    Other,
}

impl DeferralReason {
    pub const ALL: [DeferralReason; 9] = [
        Self::LowHb,
        Self::HighHb,
        Self::BloodPressure,
        Self::Pulse,
        Self::Temperature,
        Self::Weight,
        Self::Interval,
        Self::Medication,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LowHb => "low_hb",
            Self::HighHb => "high_hb",
            Self::BloodPressure => "blood_pressure",
            Self::Pulse => "pulse",
            Self::Temperature => "temperature",
            Self::Weight => "weight",
            Self::Interval => "interval",
            Self::Medication => "medication",
            Self::Other => "other",
        }
    }

    /// Label key for lists and reports.
    pub fn message_key(self) -> &'static str {
        match self {
            Self::LowHb => "screening-reason-low-hb",
            Self::HighHb => "screening-reason-high-hb",
            Self::BloodPressure => "screening-reason-blood-pressure",
            Self::Pulse => "screening-reason-pulse",
            Self::Temperature => "screening-reason-temperature",
            Self::Weight => "screening-reason-weight",
            Self::Interval => "screening-reason-interval",
            Self::Medication => "screening-reason-medication",
            Self::Other => "screening-reason-other",
        }
    }
}

impl fmt::Display for DeferralReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown deferral reason {0:?}")]
pub struct UnknownDeferralReason(pub String);

impl FromStr for DeferralReason {
    type Err = UnknownDeferralReason;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownDeferralReason(s.chars().take(40).collect()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Defer,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Defer => "defer",
        }
    }
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Accept => "screening-decision-accept",
            Self::Defer => "screening-decision-defer",
        }
    }
}

impl FromStr for Decision {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        [Self::Accept, Self::Defer]
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningReason {
    pub category: DeferralReason,
    pub message_key: &'static str,
    #[serde(serialize_with = "serialize_args")]
    pub args: MessageArgs,
}

impl Localized for ScreeningReason {
    fn message_key(&self) -> &'static str {
        self.message_key
    }
    fn message_args(&self) -> MessageArgs {
        self.args.clone()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub decision: Decision,
    pub reasons: Vec<ScreeningReason>,
}

/// Suggests accept or defer from the vitals. Every limit is inclusive (a
/// value on the limit is accepted) except the pulse pressure, which must be
/// strictly above its limit. A value that cannot be compared (NaN) defers.
pub fn suggest(
    th: &ScreeningThresholds,
    rules: &RuleSet,
    v: &Vitals,
    bag: BagVolume,
) -> Suggestion {
    let reasons: Vec<ScreeningReason> = [weight_reason(rules, v, bag), hb_reason(th, v)]
        .into_iter()
        .chain(blood_pressure_reasons(th, v))
        .chain([pulse_reason(th, v), temperature_reason(th, v)])
        .flatten()
        .collect();
    let decision = if reasons.is_empty() {
        Decision::Accept
    } else {
        Decision::Defer
    };
    Suggestion { decision, reasons }
}

fn reason(category: DeferralReason, key: &'static str, args: MessageArgs) -> ScreeningReason {
    ScreeningReason {
        category,
        message_key: key,
        args,
    }
}

fn real(value: f64, limit: f64) -> MessageArgs {
    vec![
        ("value", format_number(value)),
        ("limit", format_number(limit)),
    ]
}

fn whole(value: i32, limit: i32) -> MessageArgs {
    vec![("value", value.to_string()), ("limit", limit.to_string())]
}

/// Under the bag's minimum weight.
fn weight_reason(rules: &RuleSet, v: &Vitals, bag: BagVolume) -> Option<ScreeningReason> {
    let min_weight = rules.min_weight_kg(bag);
    if at_least(v.weight_kg, min_weight) {
        return None;
    }
    let mut args = real(v.weight_kg, min_weight);
    args.push(("bag_ml", bag.ml().to_string()));
    Some(reason(DeferralReason::Weight, "screening-weight-low", args))
}

/// Haemoglobin under the minimum, or over the maximum.
fn hb_reason(th: &ScreeningThresholds, v: &Vitals) -> Option<ScreeningReason> {
    if !at_least(v.hb_g_dl, th.hb_min) {
        Some(reason(
            DeferralReason::LowHb,
            "screening-hb-low",
            real(v.hb_g_dl, th.hb_min),
        ))
    } else if !at_least(th.hb_max, v.hb_g_dl) {
        Some(reason(
            DeferralReason::HighHb,
            "screening-hb-high",
            real(v.hb_g_dl, th.hb_max),
        ))
    } else {
        None
    }
}

/// A whole number under `min` (`low`) or over `max` (`high`).
fn outside(
    category: DeferralReason,
    (low, high): (&'static str, &'static str),
    value: i32,
    (min, max): (i32, i32),
) -> Option<ScreeningReason> {
    if value < min {
        Some(reason(category, low, whole(value, min)))
    } else if value > max {
        Some(reason(category, high, whole(value, max)))
    } else {
        None
    }
}

/// Systolic, then diastolic, outside their limits, then a pulse pressure not
/// strictly above its limit.
fn blood_pressure_reasons(th: &ScreeningThresholds, v: &Vitals) -> [Option<ScreeningReason>; 3] {
    let systolic = outside(
        DeferralReason::BloodPressure,
        ("screening-systolic-low", "screening-systolic-high"),
        v.systolic,
        (th.systolic_min, th.systolic_max),
    );
    let diastolic = outside(
        DeferralReason::BloodPressure,
        ("screening-diastolic-low", "screening-diastolic-high"),
        v.diastolic,
        (th.diastolic_min, th.diastolic_max),
    );
    let pulse_pressure = i64::from(v.systolic) - i64::from(v.diastolic);
    let narrow = (pulse_pressure <= i64::from(th.pulse_pressure_above)).then(|| {
        reason(
            DeferralReason::BloodPressure,
            "screening-pulse-pressure-narrow",
            vec![
                ("value", pulse_pressure.to_string()),
                ("limit", th.pulse_pressure_above.to_string()),
            ],
        )
    });
    [systolic, diastolic, narrow]
}

fn pulse_reason(th: &ScreeningThresholds, v: &Vitals) -> Option<ScreeningReason> {
    outside(
        DeferralReason::Pulse,
        ("screening-pulse-low", "screening-pulse-high"),
        v.pulse,
        (th.pulse_min, th.pulse_max),
    )
}

/// Temperature under the minimum, or over the maximum.
fn temperature_reason(th: &ScreeningThresholds, v: &Vitals) -> Option<ScreeningReason> {
    if !at_least(v.temperature_c, th.temperature_min) {
        Some(reason(
            DeferralReason::Temperature,
            "screening-temperature-low",
            real(v.temperature_c, th.temperature_min),
        ))
    } else if !at_least(th.temperature_max, v.temperature_c) {
        Some(reason(
            DeferralReason::Temperature,
            "screening-temperature-high",
            real(v.temperature_c, th.temperature_max),
        ))
    } else {
        None
    }
}

/// `value >= limit`, false when either is NaN.
fn at_least(value: f64, limit: f64) -> bool {
    value.partial_cmp(&limit).is_some_and(|o| o.is_ge())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    fn healthy() -> Vitals {
        Vitals {
            weight_kg: 60.0,
            hb_g_dl: 14.0,
            systolic: 120,
            diastolic: 80,
            pulse: 72,
            temperature_c: 36.8,
        }
    }

    fn screen(v: Vitals) -> Suggestion {
        suggest(
            &ScreeningThresholds::default(),
            &RuleSet::default(),
            &v,
            BagVolume::Ml350,
        )
    }

    fn keys(v: Vitals) -> Vec<&'static str> {
        screen(v).reasons.iter().map(|r| r.message_key).collect()
    }

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let mut samples = Vec::new();
        let low = Vitals {
            weight_kg: 40.0,
            hb_g_dl: 10.0,
            systolic: 80,
            diastolic: 70,
            pulse: 40,
            temperature_c: 35.0,
        };
        let high = Vitals {
            hb_g_dl: 18.0,
            systolic: 170,
            diastolic: 110,
            pulse: 110,
            temperature_c: 38.0,
            ..healthy()
        };
        let low_diastolic = Vitals {
            diastolic: 50,
            ..healthy()
        };
        for v in [low, high, low_diastolic] {
            samples.extend(
                screen(v)
                    .reasons
                    .into_iter()
                    .map(|r| (r.message_key, r.args)),
            );
        }
        let typo = Vitals {
            weight_kg: 0.0,
            hb_g_dl: 125.0,
            systolic: 1200,
            diastolic: 1300,
            pulse: 7,
            temperature_c: 375.0,
        };
        samples.extend(
            validate_vitals(&typo)
                .into_iter()
                .map(|e| (e.message_key, e.args)),
        );
        samples.extend(DeferralReason::ALL.map(|r| (r.message_key(), Vec::new())));
        samples.extend([Decision::Accept, Decision::Defer].map(|d| (d.message_key(), Vec::new())));
        samples
    }

    #[test]
    fn healthy_vitals_are_accepted() {
        assert_eq!(
            screen(healthy()),
            Suggestion {
                decision: Decision::Accept,
                reasons: vec![]
            }
        );
        assert!(validate_vitals(&healthy()).is_empty());
    }

    #[test]
    fn hb_limits_are_inclusive() {
        let hb = |hb_g_dl| {
            keys(Vitals {
                hb_g_dl,
                ..healthy()
            })
        };
        assert_eq!(hb(12.4), ["screening-hb-low"]);
        assert!(hb(12.5).is_empty());
        assert!(hb(17.0).is_empty());
        assert_eq!(hb(17.1), ["screening-hb-high"]);
        assert_eq!(hb(f64::NAN), ["screening-hb-low"]);
        let low = screen(Vitals {
            hb_g_dl: 12.4,
            ..healthy()
        });
        assert_eq!(low.decision, Decision::Defer);
        assert_eq!(low.reasons[0].category, DeferralReason::LowHb);
        assert_eq!(
            low.reasons[0].args,
            vec![("value", "12.4".into()), ("limit", "12.5".into())]
        );
        assert_eq!(
            screen(Vitals {
                hb_g_dl: 17.1,
                ..healthy()
            })
            .reasons[0]
                .category,
            DeferralReason::HighHb
        );
    }

    #[test]
    fn systolic_limits_are_inclusive() {
        // Diastolic 60 keeps the pulse pressure wide at every tested systolic.
        let bp = |systolic| {
            keys(Vitals {
                systolic,
                diastolic: 60,
                ..healthy()
            })
        };
        assert_eq!(bp(89), ["screening-systolic-low"]);
        assert!(bp(90).is_empty());
        assert!(bp(160).is_empty());
        assert_eq!(bp(161), ["screening-systolic-high"]);
    }

    #[test]
    fn diastolic_limits_are_inclusive() {
        // Systolic 140 keeps the pulse pressure wide at every tested diastolic.
        let bp = |diastolic| {
            keys(Vitals {
                systolic: 140,
                diastolic,
                ..healthy()
            })
        };
        assert_eq!(bp(59), ["screening-diastolic-low"]);
        assert!(bp(60).is_empty());
        assert!(bp(100).is_empty());
        assert_eq!(bp(101), ["screening-diastolic-high"]);
        let s = screen(Vitals {
            systolic: 140,
            diastolic: 101,
            ..healthy()
        });
        assert_eq!(s.reasons[0].category, DeferralReason::BloodPressure);
    }

    #[test]
    fn pulse_pressure_must_be_above_20() {
        let pp = |systolic, diastolic| {
            keys(Vitals {
                systolic,
                diastolic,
                ..healthy()
            })
        };
        assert_eq!(pp(100, 80), ["screening-pulse-pressure-narrow"]);
        assert!(pp(101, 80).is_empty());
        let s = screen(Vitals {
            systolic: 100,
            diastolic: 80,
            ..healthy()
        });
        assert_eq!(
            s.reasons[0].args,
            vec![("value", "20".into()), ("limit", "20".into())]
        );
    }

    #[test]
    fn pulse_limits_are_inclusive() {
        let p = |pulse| keys(Vitals { pulse, ..healthy() });
        assert_eq!(p(49), ["screening-pulse-low"]);
        assert!(p(50).is_empty());
        assert!(p(100).is_empty());
        assert_eq!(p(101), ["screening-pulse-high"]);
    }

    #[test]
    fn temperature_limits_are_inclusive() {
        let t = |temperature_c| {
            keys(Vitals {
                temperature_c,
                ..healthy()
            })
        };
        assert_eq!(t(36.4), ["screening-temperature-low"]);
        assert!(t(36.5).is_empty());
        assert!(t(37.5).is_empty());
        assert_eq!(t(37.6), ["screening-temperature-high"]);
    }

    #[test]
    fn weight_limit_follows_the_bag() {
        let weigh = |weight_kg, bag| {
            suggest(
                &ScreeningThresholds::default(),
                &RuleSet::default(),
                &Vitals {
                    weight_kg,
                    ..healthy()
                },
                bag,
            )
        };
        assert_eq!(weigh(44.9, BagVolume::Ml350).decision, Decision::Defer);
        assert_eq!(weigh(45.0, BagVolume::Ml350).decision, Decision::Accept);
        assert_eq!(weigh(54.9, BagVolume::Ml450).decision, Decision::Defer);
        assert_eq!(weigh(55.0, BagVolume::Ml450).decision, Decision::Accept);
        let s = weigh(54.9, BagVolume::Ml450);
        assert_eq!(s.reasons[0].category, DeferralReason::Weight);
        assert_eq!(
            s.reasons[0].args,
            vec![
                ("value", "54.9".into()),
                ("limit", "55".into()),
                ("bag_ml", "450".into())
            ]
        );
    }

    #[test]
    fn every_failed_limit_is_reported() {
        let v = Vitals {
            weight_kg: 40.0,
            hb_g_dl: 10.0,
            systolic: 85,
            diastolic: 70,
            pulse: 45,
            temperature_c: 38.0,
        };
        let categories: Vec<_> = screen(v).reasons.iter().map(|r| r.category).collect();
        assert_eq!(
            categories,
            [
                DeferralReason::Weight,
                DeferralReason::LowHb,
                DeferralReason::BloodPressure,
                DeferralReason::BloodPressure,
                DeferralReason::Pulse,
                DeferralReason::Temperature,
            ]
        );
    }

    #[test]
    fn typos_are_caught_as_implausible_not_deferred() {
        let fields = |v: Vitals| {
            validate_vitals(&v)
                .iter()
                .map(|e| e.field)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(Vitals {
                hb_g_dl: 125.0,
                ..healthy()
            }),
            ["hb_g_dl"]
        );
        assert_eq!(
            fields(Vitals {
                temperature_c: 375.0,
                ..healthy()
            }),
            ["temperature_c"]
        );
        assert_eq!(
            fields(Vitals {
                weight_kg: 0.0,
                ..healthy()
            }),
            ["weight_kg"]
        );
        assert_eq!(
            fields(Vitals {
                weight_kg: f64::NAN,
                ..healthy()
            }),
            ["weight_kg"]
        );
        assert_eq!(
            fields(Vitals {
                systolic: 1200,
                ..healthy()
            }),
            ["systolic"]
        );
        assert_eq!(
            fields(Vitals {
                pulse: 19,
                ..healthy()
            }),
            ["pulse"]
        );
        assert_eq!(
            fields(Vitals {
                systolic: 80,
                diastolic: 80,
                ..healthy()
            }),
            ["diastolic"]
        );
        assert_eq!(
            fields(Vitals {
                diastolic: 29,
                ..healthy()
            }),
            ["diastolic"]
        );
        let edges = Vitals {
            weight_kg: 20.0,
            hb_g_dl: 3.0,
            systolic: 260,
            diastolic: 30,
            pulse: 250,
            temperature_c: 43.0,
        };
        assert!(validate_vitals(&edges).is_empty());
        let err = &validate_vitals(&Vitals {
            hb_g_dl: 125.0,
            ..healthy()
        })[0];
        assert_eq!(err.message_key, "screening-vitals-hb");
        assert_eq!(
            err.args,
            vec![
                ("value", "125".into()),
                ("min", "3".into()),
                ("max", "25".into())
            ]
        );
        // Extreme integers must not overflow the pulse pressure.
        let extreme = Vitals {
            systolic: i32::MIN,
            diastolic: i32::MAX,
            ..healthy()
        };
        assert_eq!(screen(extreme).decision, Decision::Defer);
    }

    #[test]
    fn categories_and_decisions_round_trip() {
        for r in DeferralReason::ALL {
            assert_eq!(r.as_str().parse::<DeferralReason>(), Ok(r));
            assert_eq!(serde_json::to_value(r).unwrap(), json!(r.as_str()));
        }
        assert!("low-hb".parse::<DeferralReason>().is_err());
        for d in [Decision::Accept, Decision::Defer] {
            assert_eq!(d.as_str().parse::<Decision>(), Ok(d));
            assert_eq!(serde_json::to_value(d).unwrap(), json!(d.as_str()));
        }
    }
}

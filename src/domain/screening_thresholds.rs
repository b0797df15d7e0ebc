//! The on-site screening limits as data: defaults from Permenkes 91/2015,
//! per-drive overrides, and their listing for the organizer page.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::overrides::{self, FieldKind, FieldSpec, OverrideError, Threshold, Unit};

/// Screening limits, kept apart from the
/// [`RuleSet`](super::rule_set::RuleSet) because they judge
/// measurements taken on the day, not answers given beforehand. A drive may
/// override them like the rule set (its own JSON object, see
/// [`ScreeningThresholds::with_overrides`]). Weight limits are the rule set's.
///
/// Defaults: Permenkes 91/2015, Lampiran (pemeriksaan kesehatan calon donor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreeningThresholds {
    /// Haemoglobin 12.5-17.0 g/dL, both ends accepted.
    pub hb_min: f64,
    pub hb_max: f64,
    /// Systolic 90-160 and diastolic 60-100 mmHg, both ends accepted.
    pub systolic_min: i32,
    pub systolic_max: i32,
    pub diastolic_min: i32,
    pub diastolic_max: i32,
    /// Systolic minus diastolic must be greater than this (> 20 mmHg).
    pub pulse_pressure_above: i32,
    /// Pulse 50-100 per minute, regular.
    pub pulse_min: i32,
    pub pulse_max: i32,
    /// Body temperature 36.5-37.5 °C.
    pub temperature_min: f64,
    pub temperature_max: f64,
}

impl Default for ScreeningThresholds {
    fn default() -> Self {
        Self {
            hb_min: 12.5,
            hb_max: 17.0,
            systolic_min: 90,
            systolic_max: 160,
            diastolic_min: 60,
            diastolic_max: 100,
            pulse_pressure_above: 20,
            pulse_min: 50,
            pulse_max: 100,
            temperature_min: 36.5,
            temperature_max: 37.5,
        }
    }
}

const fn spec(name: &'static str, kind: FieldKind, unit: Unit) -> FieldSpec {
    FieldSpec { name, kind, unit }
}

const HB: FieldKind = FieldKind::Number {
    min: 5.0,
    max: 25.0,
};
const PRESSURE: FieldKind = FieldKind::Integer { min: 20, max: 260 };
const PULSE: FieldKind = FieldKind::Integer { min: 20, max: 250 };
const TEMPERATURE: FieldKind = FieldKind::Number {
    min: 34.0,
    max: 42.0,
};

pub const SCREENING_FIELDS: [FieldSpec; 11] = [
    spec("hb_min", HB, Unit::GramsPerDecilitre),
    spec("hb_max", HB, Unit::GramsPerDecilitre),
    spec("systolic_min", PRESSURE, Unit::MillimetresOfMercury),
    spec("systolic_max", PRESSURE, Unit::MillimetresOfMercury),
    spec("diastolic_min", PRESSURE, Unit::MillimetresOfMercury),
    spec("diastolic_max", PRESSURE, Unit::MillimetresOfMercury),
    spec(
        "pulse_pressure_above",
        FieldKind::Integer { min: 0, max: 100 },
        Unit::MillimetresOfMercury,
    ),
    spec("pulse_min", PULSE, Unit::BeatsPerMinute),
    spec("pulse_max", PULSE, Unit::BeatsPerMinute),
    spec("temperature_min", TEMPERATURE, Unit::DegreesCelsius),
    spec("temperature_max", TEMPERATURE, Unit::DegreesCelsius),
];

impl ScreeningThresholds {
    /// Defaults with a drive's overrides (any subset of the fields, or
    /// `null`); refused whole on an unknown key, a wrong type, an
    /// out-of-range value or a minimum above its maximum.
    pub fn with_overrides(overrides: &Value) -> Result<Self, OverrideError> {
        let th = overrides::apply(&Self::default(), &SCREENING_FIELDS, overrides)?;
        th.validate()?;
        Ok(th)
    }

    pub fn validate(&self) -> Result<(), OverrideError> {
        let pairs: [(&'static str, f64, &'static str, f64); 5] = [
            ("hb_min", self.hb_min, "hb_max", self.hb_max),
            (
                "systolic_min",
                f64::from(self.systolic_min),
                "systolic_max",
                f64::from(self.systolic_max),
            ),
            (
                "diastolic_min",
                f64::from(self.diastolic_min),
                "diastolic_max",
                f64::from(self.diastolic_max),
            ),
            (
                "pulse_min",
                f64::from(self.pulse_min),
                "pulse_max",
                f64::from(self.pulse_max),
            ),
            (
                "temperature_min",
                self.temperature_min,
                "temperature_max",
                self.temperature_max,
            ),
        ];
        match pairs.into_iter().find(|(_, min, _, max)| min > max) {
            Some((key, _, other, _)) => Err(OverrideError::Inconsistent { key, other }),
            None => Ok(()),
        }
    }

    /// Every threshold with its default, for the organizer page.
    pub fn describe(&self) -> Vec<Threshold> {
        overrides::describe(self, &Self::default(), &SCREENING_FIELDS)
    }

    /// Source of the defaults, shown beside them.
    pub fn source() -> &'static str {
        "Permenkes 91/2015 (Lampiran, pemeriksaan kesehatan calon donor); kriteria donor PMI"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eligibility::{BagVolume, RuleSet};
    use crate::domain::screening::{Decision, Vitals, suggest};
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

    #[test]
    fn defaults_are_those_of_the_design() {
        let th = ScreeningThresholds::default();
        assert_eq!((th.hb_min, th.hb_max), (12.5, 17.0));
        assert_eq!((th.systolic_min, th.systolic_max), (90, 160));
        assert_eq!((th.diastolic_min, th.diastolic_max), (60, 100));
        assert_eq!(th.pulse_pressure_above, 20);
        assert_eq!((th.pulse_min, th.pulse_max), (50, 100));
        assert_eq!((th.temperature_min, th.temperature_max), (36.5, 37.5));
        assert_eq!(th.validate(), Ok(()));
        let json = serde_json::to_value(&th).unwrap();
        assert_eq!(json.as_object().unwrap().len(), SCREENING_FIELDS.len());
        assert!(SCREENING_FIELDS.iter().all(|f| json.get(f.name).is_some()));
    }

    #[test]
    fn thresholds_can_be_overridden_and_nonsense_is_refused() {
        let th = ScreeningThresholds::with_overrides(&json!({"hb_min": 12.0, "systolic_max": 170}))
            .unwrap();
        assert_eq!(
            th,
            ScreeningThresholds {
                hb_min: 12.0,
                systolic_max: 170,
                ..ScreeningThresholds::default()
            }
        );
        let v = Vitals {
            hb_g_dl: 12.2,
            systolic: 165,
            ..healthy()
        };
        assert_eq!(
            suggest(&th, &RuleSet::default(), &v, BagVolume::Ml350).decision,
            Decision::Accept
        );
        let err = |v| ScreeningThresholds::with_overrides(&v).unwrap_err();
        assert_eq!(
            err(json!({"hb_min": 18.0})),
            OverrideError::Inconsistent {
                key: "hb_min",
                other: "hb_max"
            }
        );
        assert_eq!(
            err(json!({"pulse_min": 60.5})),
            OverrideError::NotAWholeNumber {
                key: "pulse_min".into()
            }
        );
        assert_eq!(
            err(json!({"hb": 12})),
            OverrideError::UnknownKey { key: "hb".into() }
        );
        assert_eq!(
            err(json!({"temperature_max": 375})).message_key(),
            "overrides-out-of-range"
        );
        let rows = th.describe();
        assert_eq!(rows.len(), SCREENING_FIELDS.len());
        assert!(rows[0].overridden && !rows[1].overridden);
        assert!(!ScreeningThresholds::source().is_empty());
    }
}

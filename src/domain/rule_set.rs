//! The eligibility thresholds as data: the default rule set (Permenkes
//! 91/2015 as PMI publishes it), per-drive overrides, and the listing an
//! organizer page shows.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::eligibility::{BagVolume, RuleId};
use super::overrides::{self, FieldKind, FieldSpec, OverrideError, Threshold, Unit};

/// Every threshold the self-check uses. Stored per drive as overrides (see
/// [`RuleSet::with_overrides`]); missing fields take the defaults.
///
/// The defaults follow Permenkes No. 91 Tahun 2015 tentang Standar Pelayanan
/// Transfusi Darah (Lampiran, seleksi donor) as PMI publishes it in its donor
/// criteria. Branches (UTD PMI) apply their own variations, which is why each
/// value can be overridden per drive; [`RuleId::source`] is shown beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleSet {
    /// 17-60 years on the drive date; over 60 only for repeat donors, up to
    /// 65 (Permenkes 91/2015; PMI donor criteria).
    pub min_age: u32,
    pub max_age_first_time: u32,
    pub max_age_repeat: u32,
    /// At least 45 kg for a 350 mL bag, 55 kg for a 450 mL bag (Permenkes
    /// 91/2015).
    pub min_weight_kg_350: f64,
    pub min_weight_kg_450: f64,
    /// Days since the last whole-blood donation: 60 as PMI publishes it
    /// (Permenkes 91/2015 sets the minimum interval).
    pub whole_blood_interval_days: u32,
    /// Deferral after an event, counted from the event (Permenkes 91/2015;
    /// PMI donor criteria): tattoo, piercing or acupuncture 12 months; minor
    /// surgery 6 months, major 12; tooth extraction 5 days.
    pub tattoo_piercing_months: u32,
    pub minor_surgery_months: u32,
    pub major_surgery_months: u32,
    pub tooth_extraction_days: u32,
    /// 6 months by default; sources differ (6 or 12), hence configurable.
    pub transfusion_months: u32,
    /// 6 months after giving birth (breastfeeding defers on its own).
    pub delivery_months: u32,
    /// 3 years after recovery. Travel to an endemic area is not asked: all of
    /// NTT is endemic, and the PMI unit decides on the day.
    pub malaria_years: u32,
    /// Live (attenuated) vaccines 14 days; rabies treatment after a bite 12
    /// months (PMI donor criteria).
    pub live_vaccine_days: u32,
    pub rabies_treatment_months: u32,
}

impl Default for RuleSet {
    fn default() -> Self {
        Self {
            min_age: 17,
            max_age_first_time: 60,
            max_age_repeat: 65,
            min_weight_kg_350: 45.0,
            min_weight_kg_450: 55.0,
            whole_blood_interval_days: 60,
            tattoo_piercing_months: 12,
            minor_surgery_months: 6,
            major_surgery_months: 12,
            tooth_extraction_days: 5,
            transfusion_months: 6,
            delivery_months: 6,
            malaria_years: 3,
            live_vaccine_days: 14,
            rabies_treatment_months: 12,
        }
    }
}

const AGE: FieldKind = FieldKind::Whole { min: 1, max: 100 };
const WEIGHT: FieldKind = FieldKind::Number {
    min: 20.0,
    max: 200.0,
};
const DAYS: FieldKind = FieldKind::Whole { min: 0, max: 3650 };
const MONTHS: FieldKind = FieldKind::Whole { min: 0, max: 120 };
const YEARS: FieldKind = FieldKind::Whole { min: 0, max: 50 };

const fn spec(name: &'static str, kind: FieldKind, unit: Unit) -> FieldSpec {
    FieldSpec { name, kind, unit }
}

/// The override keys, in the order an organizer page lists them. A period of
/// 0 switches its rule off.
pub const RULE_FIELDS: [FieldSpec; 15] = [
    spec("min_age", AGE, Unit::Years),
    spec("max_age_first_time", AGE, Unit::Years),
    spec("max_age_repeat", AGE, Unit::Years),
    spec("min_weight_kg_350", WEIGHT, Unit::Kilograms),
    spec("min_weight_kg_450", WEIGHT, Unit::Kilograms),
    spec("whole_blood_interval_days", DAYS, Unit::Days),
    spec("tattoo_piercing_months", MONTHS, Unit::Months),
    spec("minor_surgery_months", MONTHS, Unit::Months),
    spec("major_surgery_months", MONTHS, Unit::Months),
    spec("tooth_extraction_days", DAYS, Unit::Days),
    spec("transfusion_months", MONTHS, Unit::Months),
    spec("delivery_months", MONTHS, Unit::Months),
    spec("malaria_years", YEARS, Unit::Years),
    spec("live_vaccine_days", DAYS, Unit::Days),
    spec("rabies_treatment_months", MONTHS, Unit::Months),
];

/// One rule as the organizer page lists it: what it is, where it comes from,
/// and its thresholds (none for yes/no rules such as pregnancy).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleDescription {
    pub rule: RuleId,
    pub title_key: &'static str,
    pub source: &'static str,
    pub thresholds: Vec<Threshold>,
}

impl RuleSet {
    /// The defaults with a drive's overrides applied: a JSON object holding
    /// any subset of the fields above (or `null`). Unknown keys, non-numbers,
    /// fractions where whole numbers belong, out-of-range values and
    /// contradictions (a minimum age above the maximum) are refused whole.
    pub fn with_overrides(overrides: &Value) -> Result<RuleSet, OverrideError> {
        let rules = overrides::apply(&RuleSet::default(), &RULE_FIELDS, overrides)?;
        rules.validate()?;
        Ok(rules)
    }

    /// Only the fields that differ from the defaults: what to store per drive.
    pub fn overrides(&self) -> Value {
        let mine = serde_json::to_value(self).unwrap_or(Value::Null);
        let default = serde_json::to_value(RuleSet::default()).unwrap_or(Value::Null);
        match (mine, default) {
            (Value::Object(mut mine), Value::Object(default)) => {
                mine.retain(|key, value| default.get(key) != Some(value));
                Value::Object(mine)
            }
            _ => Value::Object(serde_json::Map::new()),
        }
    }

    /// Cross-field consistency, also for a rule set read back from storage.
    pub fn validate(&self) -> Result<(), OverrideError> {
        let ordered: [(&'static str, f64, &'static str, f64); 3] = [
            (
                "min_age",
                f64::from(self.min_age),
                "max_age_first_time",
                f64::from(self.max_age_first_time),
            ),
            (
                "max_age_first_time",
                f64::from(self.max_age_first_time),
                "max_age_repeat",
                f64::from(self.max_age_repeat),
            ),
            (
                "min_weight_kg_350",
                self.min_weight_kg_350,
                "min_weight_kg_450",
                self.min_weight_kg_450,
            ),
        ];
        for (key, value, other, limit) in ordered {
            if value > limit {
                return Err(OverrideError::Inconsistent { key, other });
            }
        }
        Ok(())
    }

    /// The minimum weight for a bag size.
    pub fn min_weight_kg(&self, bag: BagVolume) -> f64 {
        match bag {
            BagVolume::Ml350 => self.min_weight_kg_350,
            BagVolume::Ml450 => self.min_weight_kg_450,
        }
    }

    /// Every rule in [`RuleId::ALL`] order with its current and default
    /// thresholds and its source.
    pub fn describe(&self) -> Vec<RuleDescription> {
        let thresholds = overrides::describe(self, &RuleSet::default(), &RULE_FIELDS);
        RuleId::ALL
            .iter()
            .map(|&rule| RuleDescription {
                rule,
                title_key: rule.title_key(),
                source: rule.source(),
                thresholds: thresholds
                    .iter()
                    .filter(|t| threshold_rule(t.field) == Some(rule))
                    .cloned()
                    .collect(),
            })
            .collect()
    }
}

/// Which rule a threshold field belongs to.
fn threshold_rule(field: &str) -> Option<RuleId> {
    Some(match field {
        "min_age" | "max_age_first_time" | "max_age_repeat" => RuleId::Age,
        "min_weight_kg_350" | "min_weight_kg_450" => RuleId::Weight,
        "whole_blood_interval_days" => RuleId::DonationInterval,
        "tattoo_piercing_months" => RuleId::TattooPiercing,
        "minor_surgery_months" => RuleId::MinorSurgery,
        "major_surgery_months" => RuleId::MajorSurgery,
        "tooth_extraction_days" => RuleId::ToothExtraction,
        "transfusion_months" => RuleId::Transfusion,
        "delivery_months" => RuleId::Delivery,
        "malaria_years" => RuleId::Malaria,
        "live_vaccine_days" => RuleId::LiveVaccine,
        "rabies_treatment_months" => RuleId::RabiesTreatment,
        _ => return None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::messages::MessageArgs;
    use serde_json::json;

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        RuleSet::default()
            .describe()
            .iter()
            .map(|d| (d.title_key, Vec::new()))
            .collect()
    }

    #[test]
    fn defaults_are_those_of_the_design() {
        let r = RuleSet::default();
        assert_eq!(
            (r.min_age, r.max_age_first_time, r.max_age_repeat),
            (17, 60, 65)
        );
        assert_eq!((r.min_weight_kg_350, r.min_weight_kg_450), (45.0, 55.0));
        assert_eq!(r.whole_blood_interval_days, 60);
        assert_eq!(
            (
                r.tattoo_piercing_months,
                r.minor_surgery_months,
                r.major_surgery_months
            ),
            (12, 6, 12)
        );
        assert_eq!(
            (
                r.tooth_extraction_days,
                r.transfusion_months,
                r.delivery_months
            ),
            (5, 6, 6)
        );
        assert_eq!(
            (
                r.malaria_years,
                r.live_vaccine_days,
                r.rabies_treatment_months
            ),
            (3, 14, 12)
        );
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn every_field_has_an_override_spec_and_a_rule() {
        let json = serde_json::to_value(RuleSet::default()).unwrap();
        let fields: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(fields.len(), RULE_FIELDS.len());
        for spec in RULE_FIELDS {
            assert!(json.get(spec.name).is_some(), "{}", spec.name);
            assert!(threshold_rule(spec.name).is_some(), "{}", spec.name);
        }
    }

    #[test]
    fn a_stored_partial_rule_set_fills_in_defaults() {
        let r: RuleSet = serde_json::from_value(json!({"transfusion_months": 12})).unwrap();
        assert_eq!(
            r,
            RuleSet {
                transfusion_months: 12,
                ..RuleSet::default()
            }
        );
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let r =
            RuleSet::with_overrides(&json!({"transfusion_months": 12, "min_weight_kg_350": 47.5}))
                .unwrap();
        assert_eq!(
            r,
            RuleSet {
                transfusion_months: 12,
                min_weight_kg_350: 47.5,
                ..RuleSet::default()
            }
        );
        assert_eq!(
            r.overrides(),
            json!({"transfusion_months": 12, "min_weight_kg_350": 47.5})
        );
        assert_eq!(
            RuleSet::with_overrides(&Value::Null),
            Ok(RuleSet::default())
        );
        assert_eq!(RuleSet::default().overrides(), json!({}));
    }

    #[test]
    fn nonsensical_overrides_are_refused() {
        let err = |v: Value| RuleSet::with_overrides(&v).unwrap_err();
        assert_eq!(
            err(json!({"min_age": -1})).message_key(),
            "overrides-out-of-range"
        );
        assert_eq!(
            err(json!({"min_age": 0})).message_key(),
            "overrides-out-of-range"
        );
        assert_eq!(
            err(json!({"tattoo_months": 6})),
            OverrideError::UnknownKey {
                key: "tattoo_months".into()
            }
        );
        assert_eq!(
            err(json!({"malaria_years": "3"})),
            OverrideError::NotANumber {
                key: "malaria_years".into()
            }
        );
        assert_eq!(
            err(json!({"delivery_months": 1.5})),
            OverrideError::NotAWholeNumber {
                key: "delivery_months".into()
            }
        );
        assert_eq!(
            err(json!({"min_weight_kg_450": 250})).message_key(),
            "overrides-out-of-range"
        );
        assert_eq!(
            err(json!({"min_age": 61})),
            OverrideError::Inconsistent {
                key: "min_age",
                other: "max_age_first_time"
            }
        );
        assert_eq!(
            err(json!({"max_age_first_time": 66})),
            OverrideError::Inconsistent {
                key: "max_age_first_time",
                other: "max_age_repeat"
            }
        );
        assert_eq!(
            err(json!({"min_weight_kg_350": 56})),
            OverrideError::Inconsistent {
                key: "min_weight_kg_350",
                other: "min_weight_kg_450"
            }
        );
        assert!(
            RuleSet::with_overrides(&json!({"min_age": 60, "tattoo_piercing_months": 0})).is_ok()
        );
    }

    #[test]
    fn describe_lists_all_rules_with_thresholds_beside_defaults() {
        let r = RuleSet::with_overrides(&json!({"transfusion_months": 12})).unwrap();
        let rows = r.describe();
        assert_eq!(
            rows.iter().map(|d| d.rule).collect::<Vec<_>>(),
            RuleId::ALL.to_vec()
        );
        let age = &rows[0];
        assert_eq!(age.title_key, "rule-age-title");
        assert_eq!(
            age.thresholds.iter().map(|t| t.field).collect::<Vec<_>>(),
            ["min_age", "max_age_first_time", "max_age_repeat"]
        );
        let transfusion = rows.iter().find(|d| d.rule == RuleId::Transfusion).unwrap();
        assert_eq!(transfusion.thresholds[0].value, 12.0);
        assert_eq!(transfusion.thresholds[0].default, 6.0);
        assert!(transfusion.thresholds[0].overridden);
        assert!(!transfusion.source.is_empty());
        let pregnant = rows.iter().find(|d| d.rule == RuleId::Pregnant).unwrap();
        assert!(pregnant.thresholds.is_empty());
        let listed: usize = rows.iter().map(|d| d.thresholds.len()).sum();
        assert_eq!(listed, RULE_FIELDS.len());
    }

    #[test]
    fn bag_size_picks_the_weight_limit() {
        let r = RuleSet::default();
        assert_eq!(r.min_weight_kg(BagVolume::Ml350), 45.0);
        assert_eq!(r.min_weight_kg(BagVolume::Ml450), 55.0);
    }
}

//! Per-drive overrides of threshold sets (eligibility rules, screening limits):
//! strict checking of the organizer's JSON, and the threshold listing that an
//! organizer page shows beside the defaults.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::messages::{Localized, MessageArgs, format_number};

/// Why an organizer's overrides were refused. Nothing is half-applied: one
/// error refuses the whole object.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideError {
    #[error("overrides must be a JSON object")]
    NotAnObject,
    #[error("unknown override key {key:?}")]
    UnknownKey { key: String },
    #[error("override {key:?} must be a number")]
    NotANumber { key: String },
    #[error("override {key:?} must be a whole number")]
    NotAWholeNumber { key: String },
    #[error("override {key:?} must be between {min} and {max}")]
    OutOfRange { key: String, min: f64, max: f64 },
    #[error("override {key:?} must not be greater than {other:?}")]
    Inconsistent {
        key: &'static str,
        other: &'static str,
    },
    #[error("stored threshold set cannot be read: {0}")]
    Unreadable(String),
}

impl OverrideError {
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::NotAnObject => "overrides-not-object",
            Self::UnknownKey { .. } => "overrides-unknown-key",
            Self::NotANumber { .. } => "overrides-not-number",
            Self::NotAWholeNumber { .. } => "overrides-not-whole-number",
            Self::OutOfRange { .. } => "overrides-out-of-range",
            Self::Inconsistent { .. } => "overrides-inconsistent",
            Self::Unreadable(_) => "overrides-unreadable",
        }
    }

    pub fn message_args(&self) -> MessageArgs {
        match self {
            Self::NotAnObject | Self::Unreadable(_) => Vec::new(),
            Self::UnknownKey { key } | Self::NotANumber { key } | Self::NotAWholeNumber { key } => {
                vec![("key", key.clone())]
            }
            Self::OutOfRange { key, min, max } => vec![
                ("key", key.clone()),
                ("min", format_number(*min)),
                ("max", format_number(*max)),
            ],
            Self::Inconsistent { key, other } => {
                vec![("key", (*key).to_string()), ("other", (*other).to_string())]
            }
        }
    }
}

impl Localized for OverrideError {
    fn message_key(&self) -> &'static str {
        OverrideError::message_key(self)
    }
    fn message_args(&self) -> MessageArgs {
        OverrideError::message_args(self)
    }
}

/// The unit a threshold is counted in; its message key formats a value
/// (`unit-months` with `$value` = "12" reads "12 bulan").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Years,
    Months,
    Days,
    Kilograms,
    GramsPerDecilitre,
    MillimetresOfMercury,
    BeatsPerMinute,
    DegreesCelsius,
}

impl Unit {
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Years => "unit-years",
            Self::Months => "unit-months",
            Self::Days => "unit-days",
            Self::Kilograms => "unit-kg",
            Self::GramsPerDecilitre => "unit-g-dl",
            Self::MillimetresOfMercury => "unit-mmhg",
            Self::BeatsPerMinute => "unit-per-minute",
            Self::DegreesCelsius => "unit-celsius",
        }
    }
}

/// What values a field accepts. Ranges only exclude nonsense (a negative
/// period, a 500 kg minimum); medical judgement stays with the organizer.
#[derive(Debug, Clone, Copy)]
pub enum FieldKind {
    Whole { min: u32, max: u32 },
    Integer { min: i32, max: i32 },
    Number { min: f64, max: f64 },
}

#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: FieldKind,
    pub unit: Unit,
}

/// One threshold as an organizer page lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threshold {
    /// The override key (the field name in the JSON object).
    pub field: &'static str,
    pub unit: Unit,
    pub value: f64,
    pub default: f64,
    pub overridden: bool,
}

impl Threshold {
    /// `unit-*` key and `$value` for the current value.
    pub fn message_key(&self) -> &'static str {
        self.unit.message_key()
    }
    pub fn message_args(&self) -> MessageArgs {
        vec![("value", format_number(self.value))]
    }
    pub fn default_message_args(&self) -> MessageArgs {
        vec![("value", format_number(self.default))]
    }
}

/// Applies `overrides` (a JSON object with a subset of the fields in `specs`,
/// or `null` for none) on top of `base`. Keys are checked in sorted order so
/// the first error reported is deterministic. Cross-field checks are the
/// caller's (it knows which fields relate).
pub fn apply<T: Serialize + DeserializeOwned>(
    base: &T,
    specs: &[FieldSpec],
    overrides: &Value,
) -> Result<T, OverrideError> {
    let mut merged = match serde_json::to_value(base) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(OverrideError::Unreadable("base is not an object".into())),
        Err(e) => return Err(OverrideError::Unreadable(e.to_string())),
    };
    let given: &Map<String, Value> = match overrides {
        Value::Null => &Map::new(),
        Value::Object(map) => map,
        _ => return Err(OverrideError::NotAnObject),
    };
    let mut keys: Vec<&String> = given.keys().collect();
    keys.sort();
    for key in keys {
        let spec = specs
            .iter()
            .find(|s| s.name == key.as_str())
            .ok_or_else(|| OverrideError::UnknownKey { key: key.clone() })?;
        let value = given.get(key).unwrap_or(&Value::Null);
        merged.insert(key.clone(), checked(spec, value)?);
    }
    serde_json::from_value(Value::Object(merged))
        .map_err(|e| OverrideError::Unreadable(e.to_string()))
}

fn checked(spec: &FieldSpec, value: &Value) -> Result<Value, OverrideError> {
    let key = || spec.name.to_string();
    let number = value
        .as_f64()
        .filter(|n| n.is_finite())
        .ok_or_else(|| OverrideError::NotANumber { key: key() })?;
    let out_of_range = |min: f64, max: f64| OverrideError::OutOfRange {
        key: key(),
        min,
        max,
    };
    match spec.kind {
        FieldKind::Number { min, max } => {
            if number < min || number > max {
                return Err(out_of_range(min, max));
            }
            Ok(Value::from(number))
        }
        FieldKind::Whole { min, max } => {
            whole(number).ok_or_else(|| OverrideError::NotAWholeNumber { key: key() })?;
            if number < f64::from(min) || number > f64::from(max) {
                return Err(out_of_range(f64::from(min), f64::from(max)));
            }
            // In range of a u32, and whole: the cast is exact.
            Ok(Value::from(number as u32))
        }
        FieldKind::Integer { min, max } => {
            whole(number).ok_or_else(|| OverrideError::NotAWholeNumber { key: key() })?;
            if number < f64::from(min) || number > f64::from(max) {
                return Err(out_of_range(f64::from(min), f64::from(max)));
            }
            Ok(Value::from(number as i32))
        }
    }
}

/// Accepts `12` and `12.0` (some form encoders send the latter), not `12.5`.
fn whole(number: f64) -> Option<f64> {
    (number.fract() == 0.0).then_some(number)
}

/// Lists every field in `specs` with its current and default value.
pub fn describe<T: Serialize>(current: &T, default: &T, specs: &[FieldSpec]) -> Vec<Threshold> {
    let current = serde_json::to_value(current).unwrap_or(Value::Null);
    let default = serde_json::to_value(default).unwrap_or(Value::Null);
    specs
        .iter()
        .map(|spec| {
            let value = current
                .get(spec.name)
                .and_then(Value::as_f64)
                .unwrap_or(f64::NAN);
            let default = default
                .get(spec.name)
                .and_then(Value::as_f64)
                .unwrap_or(f64::NAN);
            Threshold {
                field: spec.name,
                unit: spec.unit,
                value,
                default,
                overridden: value != default,
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Sample {
        days: u32,
        offset: i32,
        kg: f64,
    }

    const SPECS: [FieldSpec; 3] = [
        FieldSpec {
            name: "days",
            kind: FieldKind::Whole { min: 0, max: 30 },
            unit: Unit::Days,
        },
        FieldSpec {
            name: "offset",
            kind: FieldKind::Integer { min: -5, max: 5 },
            unit: Unit::Days,
        },
        FieldSpec {
            name: "kg",
            kind: FieldKind::Number {
                min: 20.0,
                max: 150.0,
            },
            unit: Unit::Kilograms,
        },
    ];

    fn base() -> Sample {
        Sample {
            days: 5,
            offset: 0,
            kg: 45.0,
        }
    }

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let errors = [
            OverrideError::NotAnObject,
            OverrideError::UnknownKey { key: "x".into() },
            OverrideError::NotANumber { key: "x".into() },
            OverrideError::NotAWholeNumber { key: "x".into() },
            OverrideError::OutOfRange {
                key: "x".into(),
                min: 0.0,
                max: 1.0,
            },
            OverrideError::Inconsistent {
                key: "a",
                other: "b",
            },
            OverrideError::Unreadable("x".into()),
        ];
        let mut samples: Vec<_> = errors
            .iter()
            .map(|e| (e.message_key(), e.message_args()))
            .collect();
        let units = [
            Unit::Years,
            Unit::Months,
            Unit::Days,
            Unit::Kilograms,
            Unit::GramsPerDecilitre,
            Unit::MillimetresOfMercury,
            Unit::BeatsPerMinute,
            Unit::DegreesCelsius,
        ];
        for unit in units {
            let t = Threshold {
                field: "x",
                unit,
                value: 1.0,
                default: 1.0,
                overridden: false,
            };
            samples.push((t.message_key(), t.message_args()));
        }
        samples
    }

    #[test]
    fn null_and_empty_object_change_nothing() {
        assert_eq!(apply(&base(), &SPECS, &Value::Null), Ok(base()));
        assert_eq!(apply(&base(), &SPECS, &json!({})), Ok(base()));
    }

    #[test]
    fn given_fields_replace_the_base_and_whole_floats_are_accepted() {
        let got = apply(
            &base(),
            &SPECS,
            &json!({"days": 7.0, "kg": 50.5, "offset": -5}),
        );
        assert_eq!(
            got,
            Ok(Sample {
                days: 7,
                offset: -5,
                kg: 50.5
            })
        );
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        assert_eq!(
            apply(&base(), &SPECS, &json!([1])),
            Err(OverrideError::NotAnObject)
        );
        assert_eq!(
            apply(&base(), &SPECS, &json!("days")),
            Err(OverrideError::NotAnObject)
        );
    }

    #[test]
    fn refuses_unknown_keys_wrong_types_and_out_of_range_values() {
        let err = |v: Value| apply(&base(), &SPECS, &v).err();
        assert_eq!(
            err(json!({"weeks": 1})),
            Some(OverrideError::UnknownKey {
                key: "weeks".into()
            })
        );
        assert_eq!(
            err(json!({"days": "7"})),
            Some(OverrideError::NotANumber { key: "days".into() })
        );
        assert_eq!(
            err(json!({"days": null})),
            Some(OverrideError::NotANumber { key: "days".into() })
        );
        assert_eq!(
            err(json!({"days": 7.5})),
            Some(OverrideError::NotAWholeNumber { key: "days".into() })
        );
        assert_eq!(
            err(json!({"days": -1})),
            Some(OverrideError::OutOfRange {
                key: "days".into(),
                min: 0.0,
                max: 30.0
            })
        );
        assert_eq!(
            err(json!({"days": 31})),
            Some(OverrideError::OutOfRange {
                key: "days".into(),
                min: 0.0,
                max: 30.0
            })
        );
        assert_eq!(
            err(json!({"offset": 6})),
            Some(OverrideError::OutOfRange {
                key: "offset".into(),
                min: -5.0,
                max: 5.0
            })
        );
        assert_eq!(
            err(json!({"kg": 19.9})),
            Some(OverrideError::OutOfRange {
                key: "kg".into(),
                min: 20.0,
                max: 150.0
            })
        );
        assert_eq!(
            apply(&base(), &SPECS, &json!({"days": 30, "kg": 20})).map(|s| s.days),
            Ok(30)
        );
    }

    #[test]
    fn the_first_error_is_the_alphabetically_first_key() {
        let got = apply(&base(), &SPECS, &json!({"zz": 1, "aa": 1}));
        assert_eq!(got, Err(OverrideError::UnknownKey { key: "aa".into() }));
    }

    #[test]
    fn describe_lists_each_field_with_its_default() {
        let current = Sample { days: 9, ..base() };
        let rows = describe(&current, &base(), &SPECS);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].field, "days");
        assert_eq!(
            (rows[0].value, rows[0].default, rows[0].overridden),
            (9.0, 5.0, true)
        );
        assert!(!rows[2].overridden);
        assert_eq!(rows[2].message_args(), vec![("value", "45".to_string())]);
    }
}

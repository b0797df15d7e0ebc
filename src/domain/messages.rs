//! The contract between the domain and the translation catalogues: message
//! keys, their arguments, and the test that keeps both `.ftl` files complete.

use serde::Serializer;
use serde::ser::SerializeMap;

/// Fluent arguments of one message, in a stable order. Dates are ISO
/// `YYYY-MM-DD`; numbers are plain decimal strings with a `.` (parseable as
/// `f64`), so the web layer may hand them to Fluent as numbers and let the
/// locale choose the decimal separator (Indonesian writes `12,5`).
pub type MessageArgs = Vec<(&'static str, String)>;

/// Anything the domain reports to a person: a key into `domain.ftl` and the
/// arguments that message uses. Implemented by every error, reason and label
/// type here so the web layer can translate them generically.
pub trait Localized {
    fn message_key(&self) -> &'static str;
    fn message_args(&self) -> MessageArgs {
        Vec::new()
    }
}

/// Formats a number the way a person writes it: `45` rather than `45.0`,
/// `12.5` as it is.
pub fn format_number(value: f64) -> String {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// Serializes message arguments as a JSON object (`{"eligible_from": "..."}`)
/// rather than a list of pairs.
pub fn serialize_args<S: Serializer>(args: &MessageArgs, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(args.len()))?;
    for (name, value) in args {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const ID_FTL: &str = include_str!("../locales/id/domain.ftl");
    const EN_FTL: &str = include_str!("../locales/en/domain.ftl");

    /// Every source file of the domain; string literals that look like our
    /// message keys are collected from them, so a key added in code without a
    /// catalogue entry fails this test.
    const SOURCES: [&str; 28] = [
        include_str!("mod.rs"),
        include_str!("messages.rs"),
        include_str!("overrides.rs"),
        include_str!("identity/mod.rs"),
        include_str!("identity/age.rs"),
        include_str!("identity/checks.rs"),
        include_str!("identity/digits.rs"),
        include_str!("identity/error.rs"),
        include_str!("identity/nik.rs"),
        include_str!("identity/nip.rs"),
        include_str!("identity/sex.rs"),
        include_str!("eligibility.rs"),
        include_str!("questionnaire.rs"),
        include_str!("rule_id.rs"),
        include_str!("rule_set.rs"),
        include_str!("screening.rs"),
        include_str!("screening_thresholds.rs"),
        include_str!("codes.rs"),
        include_str!("slot_plan.rs"),
        include_str!("registration_input/mod.rs"),
        include_str!("registration_input/answers.rs"),
        include_str!("registration_input/facts.rs"),
        include_str!("registration_input/fields.rs"),
        include_str!("registration_input/intake.rs"),
        include_str!("registration_input/registrant.rs"),
        include_str!("registration_input/slot.rs"),
        include_str!("registration_input/test_support.rs"),
        include_str!("day_of.rs"),
    ];

    const KEY_PREFIXES: [&str; 9] = [
        "input-",
        "identity-",
        "eligibility-",
        "rule-",
        "overrides-",
        "unit-",
        "screening-",
        "codes-",
        "slot-plan-",
    ];

    /// A minimal reader of Fluent files: `key = value` at column 0, indented
    /// continuation lines, `#` comments. Returns key -> variables used.
    fn parse_ftl(text: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut messages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let body = if line.starts_with(' ') {
                line
            } else {
                let (key, value) = line
                    .split_once('=')
                    .unwrap_or_else(|| panic!("bad line: {line}"));
                let key = key.trim().to_string();
                assert!(is_key(&key), "bad key {key:?}");
                assert!(!messages.contains_key(&key), "duplicate key {key}");
                messages.insert(key.clone(), BTreeSet::new());
                current = Some(key);
                value
            };
            let key = current
                .clone()
                .unwrap_or_else(|| panic!("continuation without key: {line}"));
            let vars = messages.entry(key).or_default();
            let mut rest = body;
            while let Some(pos) = rest.find('$') {
                let after = &rest[pos + 1..];
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(after.len());
                vars.insert(after[..end].to_string());
                rest = &after[end..];
            }
        }
        messages
    }

    fn is_key(s: &str) -> bool {
        KEY_PREFIXES.iter().any(|p| s.starts_with(p))
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.ends_with('-')
            && !s.contains("--")
    }

    fn keys_in_sources() -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        for source in SOURCES {
            for (i, literal) in source.split('"').enumerate() {
                if i % 2 == 1 && is_key(literal) {
                    keys.insert(literal.to_string());
                }
            }
        }
        keys
    }

    #[test]
    fn both_catalogues_define_the_same_keys_with_the_same_variables() {
        let id = parse_ftl(ID_FTL);
        let en = parse_ftl(EN_FTL);
        let id_keys: BTreeSet<_> = id.keys().collect();
        let en_keys: BTreeSet<_> = en.keys().collect();
        assert_eq!(id_keys, en_keys);
        for (key, vars) in &id {
            assert_eq!(Some(vars), en.get(key), "variables of {key} differ");
        }
    }

    #[test]
    fn every_key_in_the_code_is_in_the_catalogues_and_no_more() {
        let code = keys_in_sources();
        let catalogue: BTreeSet<String> = parse_ftl(ID_FTL).into_keys().collect();
        let missing: Vec<_> = code.difference(&catalogue).collect();
        let unused: Vec<_> = catalogue.difference(&code).collect();
        assert!(
            missing.is_empty(),
            "keys missing from domain.ftl: {missing:?}"
        );
        assert!(
            unused.is_empty(),
            "keys in domain.ftl never used: {unused:?}"
        );
    }

    /// One sample of every message the domain can produce, with its real
    /// arguments: the catalogues may use only variables the code supplies,
    /// and every key found in the code must have a sample here.
    #[test]
    fn every_message_gets_the_variables_its_catalogue_entry_uses() {
        let mut samples: Vec<(&'static str, MessageArgs)> = Vec::new();
        samples.extend(super::super::identity::tests::message_samples());
        samples.extend(super::super::overrides::tests::message_samples());
        samples.extend(super::super::eligibility::tests::message_samples());
        samples.extend(super::super::questionnaire::tests::message_samples());
        samples.extend(super::super::rule_set::tests::message_samples());
        samples.extend(super::super::screening::tests::message_samples());
        samples.extend(super::super::codes::tests::message_samples());
        samples.extend(super::super::slot_plan::tests::message_samples());
        samples.extend(super::super::registration_input::tests::message_samples());

        for (name, text) in [("id", ID_FTL), ("en", EN_FTL)] {
            let catalogue = parse_ftl(text);
            for (key, args) in &samples {
                let used = catalogue
                    .get(*key)
                    .unwrap_or_else(|| panic!("{key} missing from {name}/domain.ftl"));
                for var in used {
                    assert!(
                        args.iter().any(|(arg, _)| arg == var),
                        "{name}/domain.ftl: {key} uses ${var}, code gives {args:?}"
                    );
                }
            }
        }
        let sampled: BTreeSet<String> = samples.iter().map(|(k, _)| k.to_string()).collect();
        let not_sampled: Vec<_> = keys_in_sources().difference(&sampled).cloned().collect();
        assert!(
            not_sampled.is_empty(),
            "keys without a sample: {not_sampled:?}"
        );
    }

    #[test]
    fn numbers_are_written_without_a_needless_fraction() {
        assert_eq!(format_number(45.0), "45");
        assert_eq!(format_number(12.5), "12.5");
        assert_eq!(format_number(44.9), "44.9");
        assert_eq!(format_number(-3.0), "-3");
    }
}

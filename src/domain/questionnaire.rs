//! What a person tells the self-check: the questionnaire answers, the facts
//! about them as a donor, and the bag size the drive collects.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::eligibility::RuleId;
use super::identity::Sex;
use super::messages::{Localized, MessageArgs};

/// The self-check answers. A date is when the event last happened (`None`:
/// never); field names are the form and JSON field names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Questionnaire {
    pub tattoo_piercing_date: Option<NaiveDate>,
    pub minor_surgery_date: Option<NaiveDate>,
    pub major_surgery_date: Option<NaiveDate>,
    pub tooth_extraction_date: Option<NaiveDate>,
    pub transfusion_date: Option<NaiveDate>,
    pub delivery_date: Option<NaiveDate>,
    pub malaria_recovery_date: Option<NaiveDate>,
    pub live_vaccine_date: Option<NaiveDate>,
    pub rabies_treatment_date: Option<NaiveDate>,
    pub pregnant: bool,
    pub breastfeeding: bool,
    pub permanent_condition: bool,
    pub fever_last_7_days: bool,
    pub medication_last_3_days: bool,
    pub slept_under_4_hours: bool,
}

impl Questionnaire {
    pub const DATE_KEYS: [&'static str; 9] = [
        "tattoo_piercing_date",
        "minor_surgery_date",
        "major_surgery_date",
        "tooth_extraction_date",
        "transfusion_date",
        "delivery_date",
        "malaria_recovery_date",
        "live_vaccine_date",
        "rabies_treatment_date",
    ];
    pub const BOOL_KEYS: [&'static str; 6] = [
        "pregnant",
        "breastfeeding",
        "permanent_condition",
        "fever_last_7_days",
        "medication_last_3_days",
        "slept_under_4_hours",
    ];

    /// The date field named `key` (one of [`Self::DATE_KEYS`]), for filling
    /// the questionnaire from a form by key.
    pub fn date_mut(&mut self, key: &str) -> Option<&mut Option<NaiveDate>> {
        Some(match key {
            "tattoo_piercing_date" => &mut self.tattoo_piercing_date,
            "minor_surgery_date" => &mut self.minor_surgery_date,
            "major_surgery_date" => &mut self.major_surgery_date,
            "tooth_extraction_date" => &mut self.tooth_extraction_date,
            "transfusion_date" => &mut self.transfusion_date,
            "delivery_date" => &mut self.delivery_date,
            "malaria_recovery_date" => &mut self.malaria_recovery_date,
            "live_vaccine_date" => &mut self.live_vaccine_date,
            "rabies_treatment_date" => &mut self.rabies_treatment_date,
            _ => return None,
        })
    }

    /// The yes/no field named `key` (one of [`Self::BOOL_KEYS`]).
    pub fn flag_mut(&mut self, key: &str) -> Option<&mut bool> {
        Some(match key {
            "pregnant" => &mut self.pregnant,
            "breastfeeding" => &mut self.breastfeeding,
            "permanent_condition" => &mut self.permanent_condition,
            "fever_last_7_days" => &mut self.fever_last_7_days,
            "medication_last_3_days" => &mut self.medication_last_3_days,
            "slept_under_4_hours" => &mut self.slept_under_4_hours,
            _ => return None,
        })
    }

    /// The rule a question feeds, so a form can show the rule's title.
    pub fn rule_for(key: &str) -> Option<RuleId> {
        Some(match key {
            "tattoo_piercing_date" => RuleId::TattooPiercing,
            "minor_surgery_date" => RuleId::MinorSurgery,
            "major_surgery_date" => RuleId::MajorSurgery,
            "tooth_extraction_date" => RuleId::ToothExtraction,
            "transfusion_date" => RuleId::Transfusion,
            "delivery_date" => RuleId::Delivery,
            "malaria_recovery_date" => RuleId::Malaria,
            "live_vaccine_date" => RuleId::LiveVaccine,
            "rabies_treatment_date" => RuleId::RabiesTreatment,
            "pregnant" => RuleId::Pregnant,
            "breastfeeding" => RuleId::Breastfeeding,
            "permanent_condition" => RuleId::PermanentCondition,
            "fever_last_7_days" => RuleId::Fever,
            "medication_last_3_days" => RuleId::Medication,
            "slept_under_4_hours" => RuleId::Sleep,
            _ => return None,
        })
    }
}

/// What we know about the donor besides the questionnaire. `sex` is not
/// used by the default rules: the pregnancy, breastfeeding and delivery
/// questions apply to whoever answers yes (a deferral never endangers a
/// recipient); the form shows them to women only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DonorFacts {
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub weight_kg: f64,
    pub last_donation_date: Option<NaiveDate>,
    /// Earlier donations; more than 0 makes a repeat donor.
    pub donation_count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub enum BagVolume {
    Ml350,
    Ml450,
}

impl BagVolume {
    pub fn ml(self) -> u16 {
        match self {
            Self::Ml350 => 350,
            Self::Ml450 => 450,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no {value} mL bag: 350 or 450")]
pub struct BagVolumeError {
    pub value: i64,
}

impl Localized for BagVolumeError {
    fn message_key(&self) -> &'static str {
        "eligibility-bag-volume-unknown"
    }
    fn message_args(&self) -> MessageArgs {
        vec![("value", self.value.to_string())]
    }
}

impl TryFrom<i32> for BagVolume {
    type Error = BagVolumeError;
    fn try_from(ml: i32) -> Result<Self, BagVolumeError> {
        match ml {
            350 => Ok(Self::Ml350),
            450 => Ok(Self::Ml450),
            _ => Err(BagVolumeError {
                value: i64::from(ml),
            }),
        }
    }
}

impl TryFrom<u16> for BagVolume {
    type Error = BagVolumeError;
    fn try_from(ml: u16) -> Result<Self, BagVolumeError> {
        Self::try_from(i32::from(ml))
    }
}

impl From<BagVolume> for u16 {
    fn from(bag: BagVolume) -> u16 {
        bag.ml()
    }
}

impl From<BagVolume> for i32 {
    fn from(bag: BagVolume) -> i32 {
        i32::from(bag.ml())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let err = BagVolumeError { value: 400 };
        vec![(err.message_key(), err.message_args())]
    }

    #[test]
    fn key_lists_match_the_serialized_field_names() {
        let json = serde_json::to_value(Questionnaire::default()).unwrap();
        let mut fields: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut keys: Vec<&str> = Questionnaire::DATE_KEYS
            .iter()
            .chain(&Questionnaire::BOOL_KEYS)
            .copied()
            .collect();
        fields.sort_unstable();
        keys.sort_unstable();
        assert_eq!(fields, keys);
    }

    #[test]
    fn every_key_can_be_set_and_names_its_rule() {
        let mut q = Questionnaire::default();
        let day = NaiveDate::from_ymd_opt(2025, 1, 1);
        for key in Questionnaire::DATE_KEYS {
            *q.date_mut(key).unwrap() = day;
            assert!(Questionnaire::rule_for(key).is_some(), "{key}");
        }
        for key in Questionnaire::BOOL_KEYS {
            *q.flag_mut(key).unwrap() = true;
            assert!(Questionnaire::rule_for(key).is_some(), "{key}");
        }
        let json = serde_json::to_value(&q).unwrap();
        assert!(
            json.as_object()
                .unwrap()
                .values()
                .all(|v| !v.is_null() && v != false)
        );
        assert!(q.date_mut("nope").is_none() && q.flag_mut("nope").is_none());
        assert_eq!(Questionnaire::rule_for("nope"), None);
    }

    #[test]
    fn missing_answers_read_as_never_and_no() {
        let q: Questionnaire =
            serde_json::from_str(r#"{"transfusion_date": "2025-07-01"}"#).unwrap();
        assert_eq!(q.transfusion_date, NaiveDate::from_ymd_opt(2025, 7, 1));
        assert!(!q.pregnant && q.tattoo_piercing_date.is_none());
    }

    #[test]
    fn bag_volume_converts_from_the_stored_number_only_for_real_bags() {
        assert_eq!(BagVolume::try_from(350_i32), Ok(BagVolume::Ml350));
        assert_eq!(BagVolume::try_from(450_u16), Ok(BagVolume::Ml450));
        assert_eq!(
            BagVolume::try_from(400_i32),
            Err(BagVolumeError { value: 400 })
        );
        assert_eq!(
            BagVolume::try_from(-350_i32),
            Err(BagVolumeError { value: -350 })
        );
        assert_eq!(i32::from(BagVolume::Ml450), 450);
        assert_eq!(serde_json::to_string(&BagVolume::Ml350).unwrap(), "350");
        assert_eq!(
            serde_json::from_str::<BagVolume>("450").unwrap(),
            BagVolume::Ml450
        );
        assert!(serde_json::from_str::<BagVolume>("500").is_err());
    }
}

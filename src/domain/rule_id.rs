//! The names of the eligibility rules: their stable ids (used in JSON and
//! stored verdicts), their titles and the source each default comes from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Every rule a verdict can name, in the order reasons are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    Age,
    Weight,
    DonationInterval,
    TattooPiercing,
    MinorSurgery,
    MajorSurgery,
    ToothExtraction,
    Transfusion,
    Delivery,
    Breastfeeding,
    Pregnant,
    Malaria,
    LiveVaccine,
    RabiesTreatment,
    PermanentCondition,
    Fever,
    Medication,
    Sleep,
}

const PERMENKES_PMI: &str = "Permenkes 91/2015 (Lampiran, seleksi donor); kriteria donor PMI";

impl RuleId {
    pub const ALL: [RuleId; 18] = [
        Self::Age,
        Self::Weight,
        Self::DonationInterval,
        Self::TattooPiercing,
        Self::MinorSurgery,
        Self::MajorSurgery,
        Self::ToothExtraction,
        Self::Transfusion,
        Self::Delivery,
        Self::Breastfeeding,
        Self::Pregnant,
        Self::Malaria,
        Self::LiveVaccine,
        Self::RabiesTreatment,
        Self::PermanentCondition,
        Self::Fever,
        Self::Medication,
        Self::Sleep,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Age => "age",
            Self::Weight => "weight",
            Self::DonationInterval => "donation_interval",
            Self::TattooPiercing => "tattoo_piercing",
            Self::MinorSurgery => "minor_surgery",
            Self::MajorSurgery => "major_surgery",
            Self::ToothExtraction => "tooth_extraction",
            Self::Transfusion => "transfusion",
            Self::Delivery => "delivery",
            Self::Breastfeeding => "breastfeeding",
            Self::Pregnant => "pregnant",
            Self::Malaria => "malaria",
            Self::LiveVaccine => "live_vaccine",
            Self::RabiesTreatment => "rabies_treatment",
            Self::PermanentCondition => "permanent_condition",
            Self::Fever => "fever",
            Self::Medication => "medication",
            Self::Sleep => "sleep",
        }
    }

    /// Where the default comes from. Generic on purpose where the exact
    /// article is not certain: PMI branches apply Permenkes 91/2015 with
    /// their own variations, which is why every threshold is data.
    pub fn source(self) -> &'static str {
        match self {
            Self::Transfusion => {
                "Permenkes 91/2015; kriteria donor PMI (sumber berbeda: 6-12 bulan)"
            }
            Self::Malaria => {
                "Permenkes 91/2015; kriteria donor PMI (riwayat perjalanan ke daerah endemis tidak ditanyakan: \
                 seluruh NTT endemis, keputusan pada UTD PMI)"
            }
            Self::Fever | Self::Medication | Self::Sleep => {
                "Kriteria donor PMI (ditanyakan ulang pada pemeriksaan sebelum donor)"
            }
            _ => PERMENKES_PMI,
        }
    }

    /// Short title for listing the rules (`rule-<id>-title`).
    pub fn title_key(self) -> &'static str {
        match self {
            Self::Age => "rule-age-title",
            Self::Weight => "rule-weight-title",
            Self::DonationInterval => "rule-donation-interval-title",
            Self::TattooPiercing => "rule-tattoo-piercing-title",
            Self::MinorSurgery => "rule-minor-surgery-title",
            Self::MajorSurgery => "rule-major-surgery-title",
            Self::ToothExtraction => "rule-tooth-extraction-title",
            Self::Transfusion => "rule-transfusion-title",
            Self::Delivery => "rule-delivery-title",
            Self::Breastfeeding => "rule-breastfeeding-title",
            Self::Pregnant => "rule-pregnant-title",
            Self::Malaria => "rule-malaria-title",
            Self::LiveVaccine => "rule-live-vaccine-title",
            Self::RabiesTreatment => "rule-rabies-treatment-title",
            Self::PermanentCondition => "rule-permanent-condition-title",
            Self::Fever => "rule-fever-title",
            Self::Medication => "rule-medication-title",
            Self::Sleep => "rule-sleep-title",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleId {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rule_ids_round_trip_and_have_titles_and_sources() {
        for rule in RuleId::ALL {
            assert_eq!(rule.as_str().parse::<RuleId>(), Ok(rule));
            assert_eq!(rule.to_string(), rule.as_str());
            assert_eq!(serde_json::to_value(rule).unwrap(), json!(rule.as_str()));
            assert_eq!(
                rule.title_key(),
                format!("rule-{}-title", rule.as_str().replace('_', "-"))
            );
            assert!(!rule.source().is_empty());
        }
        assert_eq!("tattoo".parse::<RuleId>(), Err(()));
    }

    #[test]
    fn the_list_holds_every_rule_once_in_declaration_order() {
        let mut sorted = RuleId::ALL.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, RuleId::ALL.to_vec());
    }
}

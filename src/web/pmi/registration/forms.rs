//! What the screening and donation forms hold, as typed.

use serde::Deserialize;

use crate::domain::day_of::{DonationOutcome, Reaction};
use crate::store::drives::Drive;

/// What the screening form holds, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ScreeningForm {
    #[serde(default)]
    pub weight_kg: String,
    #[serde(default)]
    pub hb_g_dl: String,
    #[serde(default)]
    pub systolic: String,
    #[serde(default)]
    pub diastolic: String,
    #[serde(default)]
    pub pulse: String,
    #[serde(default)]
    pub temperature_c: String,
    /// The group PMI tested (`A+` … `O-`), empty when not tested.
    #[serde(default)]
    pub tested_group: String,
    /// Empty on the first submit: the page then shows the suggestion to confirm.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub override_reason: String,
    #[serde(default)]
    pub deferral_reason: String,
    #[serde(default)]
    pub deferred_until: String,
    /// How many screenings the page showed (a double submit finds one more).
    #[serde(default)]
    pub seen: String,
}

/// What the donation form holds, as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct DonationForm {
    #[serde(default)]
    pub bag_number: String,
    #[serde(default)]
    pub volume_ml: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reaction: String,
    #[serde(default)]
    pub notes: String,
}

impl DonationForm {
    /// The form as the page first shows it: the drive's bag, a complete
    /// donation, no reaction.
    pub fn prefilled(drive: &Drive) -> Self {
        DonationForm {
            volume_ml: drive.bag_volume_ml.to_string(),
            outcome: DonationOutcome::Complete.as_str().to_owned(),
            reaction: Reaction::None.as_str().to_owned(),
            ..Default::default()
        }
    }
}

//! What the donor's own page says after the day: when they may give whole
//! blood again, and why and until when a deferral holds.

use chrono::{Days, NaiveDate};

use super::rule_set::RuleSet;
use super::screening::DeferralReason;

/// The first day a donor who gave whole blood on `donated_on` may give again:
/// the drive's interval rule (`whole_blood_interval_days`, the same rule the
/// self-check applies), counted from the donation, that day included. The rule
/// set holds one interval for women and men alike.
pub fn next_whole_blood_donation(rules: &RuleSet, donated_on: NaiveDate) -> Option<NaiveDate> {
    donated_on.checked_add_days(Days::new(u64::from(rules.whole_blood_interval_days)))
}

/// Why a donor was deferred, as the page tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deferral {
    /// The latest screening's reason; `None` when it is not one of the known
    /// reasons (the page then says only that PMI deferred the donation).
    pub reason: Option<DeferralReason>,
    /// The date PMI set; without it the donor is told to ask PMI.
    pub until: Option<NaiveDate>,
}

impl Deferral {
    pub fn of(reason: Option<&str>, until: Option<NaiveDate>) -> Deferral {
        Deferral {
            reason: reason.and_then(|r| r.parse().ok()),
            until,
        }
    }

    /// The message key that explains the reason to the donor in plain words.
    pub fn explanation_key(&self) -> &'static str {
        match self.reason {
            Some(DeferralReason::LowHb) => "thanks-deferred-low-hb",
            Some(DeferralReason::HighHb) => "thanks-deferred-high-hb",
            Some(DeferralReason::BloodPressure) => "thanks-deferred-blood-pressure",
            Some(DeferralReason::Pulse) => "thanks-deferred-pulse",
            Some(DeferralReason::Temperature) => "thanks-deferred-temperature",
            Some(DeferralReason::Weight) => "thanks-deferred-weight",
            Some(DeferralReason::Interval) => "thanks-deferred-interval",
            Some(DeferralReason::Medication) => "thanks-deferred-medication",
            Some(DeferralReason::Other) | None => "thanks-deferred-other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_next_donation_is_the_interval_after_the_drive() {
        let rules = RuleSet::default();
        assert_eq!(
            next_whole_blood_donation(&rules, date(2027, 1, 16)),
            Some(date(2027, 3, 17)),
            "60 days after 16 January"
        );
        let longer = RuleSet {
            whole_blood_interval_days: 90,
            ..RuleSet::default()
        };
        assert_eq!(
            next_whole_blood_donation(&longer, date(2027, 1, 16)),
            Some(date(2027, 4, 16))
        );
    }

    #[test]
    fn every_reason_has_its_own_words_and_an_unknown_one_falls_back() {
        let keys: std::collections::HashSet<&str> = DeferralReason::ALL
            .iter()
            .map(|r| Deferral::of(Some(r.as_str()), None).explanation_key())
            .collect();
        assert_eq!(keys.len(), DeferralReason::ALL.len());
        let odd = Deferral::of(Some("<b>made up</b>"), Some(date(2027, 2, 1)));
        assert_eq!(odd.reason, None);
        assert_eq!(odd.explanation_key(), "thanks-deferred-other");
        assert_eq!(odd.until, Some(date(2027, 2, 1)));
    }
}

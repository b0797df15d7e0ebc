//! Slot capacity maths: turning a drive's opening hours, beds and PMI's pace
//! into slots with a number of seats each.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::messages::{Localized, MessageArgs, format_number};

/// How a drive's day is cut into slots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotTemplate {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// PMI works with slots of 15-30 minutes.
    pub slot_minutes: u32,
    /// Donor beds (couches) PMI brings.
    pub beds: u32,
    /// PMI plans 2-3 donors per bed per hour (screening, donation, rest).
    pub donors_per_bed_per_hour: f64,
    /// Overbooking for no-shows: about 10% of those booked do not come.
    pub no_show_margin_pct: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedSlot {
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub capacity: u32,
}

pub const MAX_SLOT_MINUTES: u32 = 240;
pub const MAX_BEDS: u32 = 100;
/// One donor every 5 minutes on one bed is already faster than a donation
/// takes; anything above is a typo.
pub const MAX_DONORS_PER_BED_PER_HOUR: f64 = 12.0;
pub const MAX_NO_SHOW_MARGIN_PCT: u32 = 50;
pub const MAX_SLOTS: usize = 200;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SlotPlanError {
    #[error("the end time must be after the start time")]
    EndNotAfterStart,
    #[error("a slot must be at least one minute long")]
    ZeroSlotLength,
    #[error("a slot may be at most {MAX_SLOT_MINUTES} minutes long, got {minutes}")]
    SlotTooLong { minutes: u32 },
    /// We refuse rather than drop a short last slot: the organizer would not
    /// notice that the last part of the day has no seats.
    #[error("{window_minutes} minutes is not a whole number of {slot_minutes}-minute slots")]
    WindowNotWholeSlots {
        window_minutes: u32,
        slot_minutes: u32,
    },
    #[error("there must be at least one bed")]
    NoBeds,
    #[error("at most {MAX_BEDS} beds, got {beds}")]
    TooManyBeds { beds: u32 },
    #[error("donors per bed per hour must be above 0 and at most 12, got {rate}")]
    RateOutOfRange { rate: f64 },
    #[error("the no-show margin may be at most {MAX_NO_SHOW_MARGIN_PCT}%, got {margin}%")]
    MarginTooLarge { margin: u32 },
    #[error("at most {MAX_SLOTS} slots, got {count}")]
    TooManySlots { count: usize },
}

impl SlotPlanError {
    /// The template field to mark on the form.
    pub fn field(&self) -> &'static str {
        match self {
            Self::EndNotAfterStart => "end",
            Self::ZeroSlotLength
            | Self::SlotTooLong { .. }
            | Self::WindowNotWholeSlots { .. }
            | Self::TooManySlots { .. } => "slot_minutes",
            Self::NoBeds | Self::TooManyBeds { .. } => "beds",
            Self::RateOutOfRange { .. } => "donors_per_bed_per_hour",
            Self::MarginTooLarge { .. } => "no_show_margin_pct",
        }
    }

    pub fn message_key(&self) -> &'static str {
        match self {
            Self::EndNotAfterStart => "slot-plan-end-not-after-start",
            Self::ZeroSlotLength => "slot-plan-slot-length-zero",
            Self::SlotTooLong { .. } => "slot-plan-slot-too-long",
            Self::WindowNotWholeSlots { .. } => "slot-plan-window-not-whole",
            Self::NoBeds => "slot-plan-no-beds",
            Self::TooManyBeds { .. } => "slot-plan-too-many-beds",
            Self::RateOutOfRange { .. } => "slot-plan-rate-out-of-range",
            Self::MarginTooLarge { .. } => "slot-plan-margin-too-large",
            Self::TooManySlots { .. } => "slot-plan-too-many-slots",
        }
    }

    pub fn message_args(&self) -> MessageArgs {
        match self {
            Self::EndNotAfterStart | Self::ZeroSlotLength | Self::NoBeds => Vec::new(),
            Self::SlotTooLong { minutes } => {
                vec![
                    ("minutes", minutes.to_string()),
                    ("max", MAX_SLOT_MINUTES.to_string()),
                ]
            }
            Self::WindowNotWholeSlots {
                window_minutes,
                slot_minutes,
            } => vec![
                ("window_minutes", window_minutes.to_string()),
                ("slot_minutes", slot_minutes.to_string()),
                (
                    "remainder",
                    (*window_minutes % (*slot_minutes).max(1)).to_string(),
                ),
            ],
            Self::TooManyBeds { beds } => {
                vec![("beds", beds.to_string()), ("max", MAX_BEDS.to_string())]
            }
            Self::RateOutOfRange { rate } => {
                vec![
                    ("rate", format_number(*rate)),
                    ("max", format_number(MAX_DONORS_PER_BED_PER_HOUR)),
                ]
            }
            Self::MarginTooLarge { margin } => {
                vec![
                    ("margin", margin.to_string()),
                    ("max", MAX_NO_SHOW_MARGIN_PCT.to_string()),
                ]
            }
            Self::TooManySlots { count } => {
                vec![("count", count.to_string()), ("max", MAX_SLOTS.to_string())]
            }
        }
    }
}

impl Localized for SlotPlanError {
    fn message_key(&self) -> &'static str {
        SlotPlanError::message_key(self)
    }
    fn message_args(&self) -> MessageArgs {
        SlotPlanError::message_args(self)
    }
}

/// Seats in one slot: beds x donors per bed per hour x slot hours, raised by
/// the no-show margin, rounded down (a seat too few is a short queue, a seat
/// too many a long one), and never below 1.
pub fn slot_capacity(
    beds: u32,
    donors_per_bed_per_hour: f64,
    slot_minutes: u32,
    no_show_margin_pct: u32,
) -> u32 {
    // Whole-number factors first, one division last: 4 x 3 x 30 x 110 / 6000
    // is exactly 6.6, where 1.1 as a float would drift below whole results.
    let whole =
        f64::from(beds) * f64::from(slot_minutes) * f64::from(100 + no_show_margin_pct.min(1000));
    let seats = whole * donors_per_bed_per_hour / 6000.0;
    // The epsilon absorbs a rate such as 2.2 landing a hair below a whole
    // number; bounded inputs keep the result far below u32::MAX.
    let floored = (seats + 1e-9).floor();
    if floored.is_finite() && floored >= 1.0 {
        floored.min(f64::from(u32::MAX)) as u32
    } else {
        1
    }
}

/// Cuts the template's window into back-to-back slots of equal capacity.
pub fn plan_slots(t: &SlotTemplate) -> Result<Vec<PlannedSlot>, SlotPlanError> {
    if t.end <= t.start {
        return Err(SlotPlanError::EndNotAfterStart);
    }
    if t.slot_minutes == 0 {
        return Err(SlotPlanError::ZeroSlotLength);
    }
    if t.slot_minutes > MAX_SLOT_MINUTES {
        return Err(SlotPlanError::SlotTooLong {
            minutes: t.slot_minutes,
        });
    }
    // Under a day, so these fit. Seconds count: 08:00:30-08:30 is not 30 minutes.
    let window_seconds = (t.end - t.start).num_seconds();
    let slot_seconds = i64::from(t.slot_minutes) * 60;
    let window_minutes = u32::try_from((window_seconds + 59) / 60).unwrap_or(u32::MAX);
    if window_seconds % slot_seconds != 0 {
        return Err(SlotPlanError::WindowNotWholeSlots {
            window_minutes,
            slot_minutes: t.slot_minutes,
        });
    }
    let count = usize::try_from(window_seconds / slot_seconds).unwrap_or(usize::MAX);
    if count > MAX_SLOTS {
        return Err(SlotPlanError::TooManySlots { count });
    }
    if t.beds == 0 {
        return Err(SlotPlanError::NoBeds);
    }
    if t.beds > MAX_BEDS {
        return Err(SlotPlanError::TooManyBeds { beds: t.beds });
    }
    let rate = t.donors_per_bed_per_hour;
    if !(rate > 0.0 && rate <= MAX_DONORS_PER_BED_PER_HOUR) {
        return Err(SlotPlanError::RateOutOfRange { rate });
    }
    if t.no_show_margin_pct > MAX_NO_SHOW_MARGIN_PCT {
        return Err(SlotPlanError::MarginTooLarge {
            margin: t.no_show_margin_pct,
        });
    }
    let capacity = slot_capacity(t.beds, rate, t.slot_minutes, t.no_show_margin_pct);
    let length = chrono::Duration::minutes(i64::from(t.slot_minutes));
    let mut slots = Vec::with_capacity(count);
    let mut start = t.start;
    for _ in 0..count {
        // No wrap past midnight: every slot ends at or before `t.end`.
        let end = start + length;
        slots.push(PlannedSlot {
            start,
            end,
            capacity,
        });
        start = end;
    }
    Ok(slots)
}

/// Whether two slots share any time. Slots are half-open: one ending at
/// 09:00 and the next starting at 09:00 do not overlap. Works for
/// `NaiveTime` and for stored `DateTime<Utc>` alike.
pub fn slots_overlap<T: PartialOrd>(a_start: T, a_end: T, b_start: T, b_end: T) -> bool {
    a_start < b_end && b_start < a_end
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// The Kupang drive: 08:00-13:00, 30-minute slots, 4 beds.
    fn template() -> SlotTemplate {
        SlotTemplate {
            start: time(8, 0),
            end: time(13, 0),
            slot_minutes: 30,
            beds: 4,
            donors_per_bed_per_hour: 3.0,
            no_show_margin_pct: 10,
        }
    }

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        [
            SlotPlanError::EndNotAfterStart,
            SlotPlanError::ZeroSlotLength,
            SlotPlanError::SlotTooLong { minutes: 300 },
            SlotPlanError::WindowNotWholeSlots {
                window_minutes: 70,
                slot_minutes: 30,
            },
            SlotPlanError::NoBeds,
            SlotPlanError::TooManyBeds { beds: 101 },
            SlotPlanError::RateOutOfRange { rate: 0.0 },
            SlotPlanError::MarginTooLarge { margin: 60 },
            SlotPlanError::TooManySlots { count: 201 },
        ]
        .iter()
        .map(|e| (e.message_key(), e.message_args()))
        .collect()
    }

    #[test]
    fn five_hours_of_half_hour_slots_with_four_beds_gives_ten_slots_of_six() {
        let slots = plan_slots(&template()).unwrap();
        assert_eq!(slots.len(), 10);
        assert!(slots.iter().all(|s| s.capacity == 6)); // floor(4 x 3 x 0.5 x 1.1) = floor(6.6)
        assert_eq!((slots[0].start, slots[0].end), (time(8, 0), time(8, 30)));
        assert_eq!((slots[9].start, slots[9].end), (time(12, 30), time(13, 0)));
        assert!(slots.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn capacity_rounds_down_and_never_below_one() {
        assert_eq!(slot_capacity(4, 3.0, 30, 0), 6);
        assert_eq!(slot_capacity(5, 2.0, 60, 10), 11); // exactly 11, not 10.999...
        assert_eq!(slot_capacity(5, 2.2, 60, 0), 11);
        assert_eq!(slot_capacity(10, 2.2, 15, 0), 5); // 5.5
        assert_eq!(slot_capacity(1, 2.0, 15, 0), 1); // 0.5 seats is still one
        assert_eq!(slot_capacity(1, 0.1, 1, 0), 1);
        assert_eq!(slot_capacity(3, 2.5, 20, 50), 3); // 3.75
        assert_eq!(slot_capacity(u32::MAX, 12.0, 240, 50), u32::MAX);
    }

    #[test]
    fn the_window_must_be_a_whole_number_of_slots() {
        let t = SlotTemplate {
            end: time(13, 10),
            ..template()
        };
        assert_eq!(
            plan_slots(&t),
            Err(SlotPlanError::WindowNotWholeSlots {
                window_minutes: 310,
                slot_minutes: 30
            })
        );
        assert_eq!(
            plan_slots(&t).unwrap_err().message_args()[2],
            ("remainder", "10".into())
        );
        let with_seconds = SlotTemplate {
            end: NaiveTime::from_hms_opt(13, 0, 30).unwrap(),
            ..template()
        };
        assert!(matches!(
            plan_slots(&with_seconds),
            Err(SlotPlanError::WindowNotWholeSlots { .. })
        ));
        let one_slot = SlotTemplate {
            end: time(8, 30),
            ..template()
        };
        assert_eq!(plan_slots(&one_slot).unwrap().len(), 1);
    }

    #[test]
    fn nonsense_templates_are_refused_with_the_field_to_fix() {
        let err = |t: SlotTemplate| plan_slots(&t).unwrap_err();
        assert_eq!(
            err(SlotTemplate {
                end: time(8, 0),
                ..template()
            }),
            SlotPlanError::EndNotAfterStart
        );
        assert_eq!(
            err(SlotTemplate {
                end: time(7, 0),
                ..template()
            })
            .field(),
            "end"
        );
        assert_eq!(
            err(SlotTemplate {
                slot_minutes: 0,
                ..template()
            }),
            SlotPlanError::ZeroSlotLength
        );
        assert_eq!(
            err(SlotTemplate {
                slot_minutes: 241,
                ..template()
            }),
            SlotPlanError::SlotTooLong { minutes: 241 }
        );
        let long = SlotTemplate {
            end: time(12, 0),
            slot_minutes: 240,
            ..template()
        };
        assert_eq!(plan_slots(&long).unwrap().len(), 1);
        assert_eq!(
            err(SlotTemplate {
                beds: 0,
                ..template()
            }),
            SlotPlanError::NoBeds
        );
        assert_eq!(
            err(SlotTemplate {
                beds: 101,
                ..template()
            }),
            SlotPlanError::TooManyBeds { beds: 101 }
        );
        assert!(
            plan_slots(&SlotTemplate {
                beds: 100,
                ..template()
            })
            .is_ok()
        );
        for rate in [0.0, -1.0, 12.1, f64::NAN, f64::INFINITY] {
            let t = SlotTemplate {
                donors_per_bed_per_hour: rate,
                ..template()
            };
            assert!(
                matches!(err(t), SlotPlanError::RateOutOfRange { .. }),
                "{rate}"
            );
        }
        assert!(
            plan_slots(&SlotTemplate {
                donors_per_bed_per_hour: 12.0,
                ..template()
            })
            .is_ok()
        );
        assert_eq!(
            err(SlotTemplate {
                no_show_margin_pct: 51,
                ..template()
            }),
            SlotPlanError::MarginTooLarge { margin: 51 }
        );
        assert!(
            plan_slots(&SlotTemplate {
                no_show_margin_pct: 50,
                ..template()
            })
            .is_ok()
        );
    }

    #[test]
    fn at_most_200_slots() {
        let t = |end| SlotTemplate {
            start: time(0, 0),
            end,
            slot_minutes: 5,
            ..template()
        };
        assert_eq!(plan_slots(&t(time(16, 40))).unwrap().len(), 200);
        assert_eq!(
            plan_slots(&t(time(16, 45))),
            Err(SlotPlanError::TooManySlots { count: 201 })
        );
    }

    #[test]
    fn a_day_ending_just_before_midnight_does_not_wrap() {
        let t = SlotTemplate {
            start: time(23, 0),
            end: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
            slot_minutes: 59,
            ..template()
        };
        let slots = plan_slots(&t).unwrap();
        assert_eq!(slots.len(), 1);
        assert_eq!(slots[0].end, NaiveTime::from_hms_opt(23, 59, 0).unwrap());
    }

    #[test]
    fn touching_slots_do_not_overlap() {
        let (a, b, c, d) = (time(8, 0), time(8, 30), time(9, 0), time(9, 30));
        assert!(!slots_overlap(a, b, b, c));
        assert!(!slots_overlap(b, c, a, b));
        assert!(slots_overlap(a, c, b, d));
        assert!(slots_overlap(a, d, b, c)); // one inside the other
        assert!(slots_overlap(a, b, a, b));
        assert!(!slots_overlap(a, b, c, d));
    }
}

//! When organizers remind the people booked for a drive: three days before
//! (H-3) and the day before (H-1).

use chrono::{Days, NaiveDate};

/// A reminder day, counted back from the drive's date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReminderDay {
    /// H-3: three days before, time enough to reschedule or cancel.
    ThreeDaysBefore,
    /// H-1: the day before, the last call (sleep, eat, bring an ID).
    DayBefore,
}

impl ReminderDay {
    pub const ALL: [ReminderDay; 2] = [ReminderDay::ThreeDaysBefore, ReminderDay::DayBefore];

    /// How many days before the drive: 3 or 1.
    pub fn days(self) -> u32 {
        match self {
            ReminderDay::ThreeDaysBefore => 3,
            ReminderDay::DayBefore => 1,
        }
    }

    /// The day of a query value (`"3"` or `"1"`); anything else is none.
    pub fn from_days(value: &str) -> Option<ReminderDay> {
        ReminderDay::ALL
            .into_iter()
            .find(|d| value.trim() == d.days().to_string())
    }

    /// The date this reminder goes out for a drive on `drive_date`.
    pub fn date_for(self, drive_date: NaiveDate) -> NaiveDate {
        drive_date
            .checked_sub_days(Days::new(u64::from(self.days())))
            .unwrap_or(drive_date)
    }

    /// The reminder that comes next on `today` (in the drive's time zone): H-3
    /// until its day has passed, then H-1 (also once the drive has begun, when
    /// no reminder is left to send).
    pub fn next(today: NaiveDate, drive_date: NaiveDate) -> ReminderDay {
        if today <= ReminderDay::ThreeDaysBefore.date_for(drive_date) {
            ReminderDay::ThreeDaysBefore
        } else {
            ReminderDay::DayBefore
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).expect("date")
    }

    #[test]
    fn the_next_reminder_is_h3_until_its_day_then_h1() {
        let drive = date(20);
        assert_eq!(
            ReminderDay::next(date(1), drive),
            ReminderDay::ThreeDaysBefore
        );
        assert_eq!(
            ReminderDay::next(date(17), drive),
            ReminderDay::ThreeDaysBefore
        );
        assert_eq!(ReminderDay::next(date(18), drive), ReminderDay::DayBefore);
        assert_eq!(ReminderDay::next(date(19), drive), ReminderDay::DayBefore);
        assert_eq!(ReminderDay::next(date(20), drive), ReminderDay::DayBefore);
        assert_eq!(ReminderDay::next(date(25), drive), ReminderDay::DayBefore);
    }

    #[test]
    fn a_query_names_a_day_by_its_number_only() {
        assert_eq!(
            ReminderDay::from_days("3"),
            Some(ReminderDay::ThreeDaysBefore)
        );
        assert_eq!(ReminderDay::from_days(" 1 "), Some(ReminderDay::DayBefore));
        for bad in ["", "2", "03", "-1", "h-1", "1; drop", "３"] {
            assert_eq!(ReminderDay::from_days(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reminders_go_out_three_days_and_one_day_before() {
        assert_eq!(ReminderDay::ThreeDaysBefore.date_for(date(20)), date(17));
        assert_eq!(
            ReminderDay::DayBefore.date_for(date(1)),
            date(1).pred_opt().expect("day")
        );
    }
}

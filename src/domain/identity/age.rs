//! Age arithmetic on birth dates: a person's age in whole years on a given day,
//! and the day they reach a given age, agreeing with each other for people
//! born on 29 February.

use chrono::{Datelike, NaiveDate};

/// Age in whole years on `on` (0 when `on` is before `birth`).
///
/// Someone born on 29 February becomes a year older on 1 March in non-leap
/// years: only then has a full year passed since the last 29 February, and
/// it matches [`nth_birthday`], so an age limit and the date it is reached
/// never disagree.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < birth {
        return 0;
    }
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The date on which someone born on `birth` turns `years` old (1 March for
/// a 29 February birthday in a non-leap year); `None` past chrono's range.
pub fn nth_birthday(birth: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(years).ok()?)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn age_counts_whole_years() {
        let born = date(2009, 1, 17);
        assert_eq!(age_on(born, date(2026, 1, 16)), 16);
        assert_eq!(age_on(born, date(2026, 1, 17)), 17);
        assert_eq!(age_on(born, date(2026, 1, 18)), 17);
        assert_eq!(age_on(born, date(2000, 1, 1)), 0);
    }

    #[test]
    fn leap_day_birthdays_come_on_1_march_in_common_years() {
        let born = date(2008, 2, 29);
        assert_eq!(age_on(born, date(2025, 2, 28)), 16);
        assert_eq!(age_on(born, date(2025, 3, 1)), 17);
        assert_eq!(age_on(born, date(2028, 2, 29)), 20);
        assert_eq!(nth_birthday(born, 17), Some(date(2025, 3, 1)));
        assert_eq!(nth_birthday(born, 20), Some(date(2028, 2, 29)));
        assert_eq!(nth_birthday(date(2009, 1, 17), 17), Some(date(2026, 1, 17)));
        assert_eq!(nth_birthday(NaiveDate::MAX, 1), None);
    }
}

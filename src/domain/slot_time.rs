//! Where planned slots fall in time: the drive's date and the local clock
//! times of a slot plan, turned into instants (UTC) in the drive's time zone.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use super::slot_plan::PlannedSlot;

/// A planned slot placed on the drive's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: u32,
}

/// A local time that is not exactly one instant in the zone: skipped or
/// repeated when the clocks change. Indonesia's zones never change, so it
/// only happens for a drive set in a zone with daylight saving time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{date} {time} is not exactly one moment in the drive's time zone")]
pub struct UnclearLocalTime {
    pub date: NaiveDate,
    pub time: NaiveTime,
}

/// The instant the clocks of `tz` show `time` on `date`.
pub fn local_to_utc<Tz: TimeZone>(
    tz: &Tz,
    date: NaiveDate,
    time: NaiveTime,
) -> Result<DateTime<Utc>, UnclearLocalTime> {
    tz.from_local_datetime(&date.and_time(time))
        .single()
        .map(|d| d.with_timezone(&Utc))
        .ok_or(UnclearLocalTime { date, time })
}

/// Every planned slot on `date` in `tz`; refused as a whole if one of its
/// times is unclear.
pub fn place_slots<Tz: TimeZone>(
    tz: &Tz,
    date: NaiveDate,
    planned: &[PlannedSlot],
) -> Result<Vec<PlacedSlot>, UnclearLocalTime> {
    planned
        .iter()
        .map(|p| {
            Ok(PlacedSlot {
                starts_at: local_to_utc(tz, date, p.start)?,
                ends_at: local_to_utc(tz, date, p.end)?,
                capacity: p.capacity,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Asia::Makassar;
    use chrono_tz::Europe::Berlin;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn wita_is_eight_hours_ahead_of_utc_all_year() {
        for month in [1, 3, 7, 10, 12] {
            assert_eq!(
                local_to_utc(&Makassar, date(2027, month, 15), time(8, 0)),
                Ok(utc(2027, month, 15, 0, 0))
            );
        }
    }

    #[test]
    fn an_early_slot_in_wita_starts_the_day_before_in_utc() {
        assert_eq!(
            local_to_utc(&Makassar, date(2027, 4, 21), time(7, 30)),
            Ok(utc(2027, 4, 20, 23, 30))
        );
    }

    #[test]
    fn slots_are_placed_on_the_drive_day_with_their_seats() {
        let planned = [
            PlannedSlot {
                start: time(8, 0),
                end: time(8, 30),
                capacity: 7,
            },
            PlannedSlot {
                start: time(8, 30),
                end: time(9, 0),
                capacity: 6,
            },
        ];
        let placed = place_slots(&Makassar, date(2027, 4, 21), &planned).unwrap();
        assert_eq!(
            placed,
            vec![
                PlacedSlot {
                    starts_at: utc(2027, 4, 21, 0, 0),
                    ends_at: utc(2027, 4, 21, 0, 30),
                    capacity: 7,
                },
                PlacedSlot {
                    starts_at: utc(2027, 4, 21, 0, 30),
                    ends_at: utc(2027, 4, 21, 1, 0),
                    capacity: 6,
                },
            ]
        );
    }

    #[test]
    fn no_slots_place_nothing() {
        assert_eq!(place_slots(&Makassar, date(2027, 4, 21), &[]), Ok(vec![]));
    }

    #[test]
    fn a_time_skipped_by_daylight_saving_is_refused() {
        // Berlin moves from 02:00 to 03:00 on 28 March 2027.
        let skipped = time(2, 30);
        assert_eq!(
            local_to_utc(&Berlin, date(2027, 3, 28), skipped),
            Err(UnclearLocalTime {
                date: date(2027, 3, 28),
                time: skipped
            })
        );
    }

    #[test]
    fn a_time_repeated_by_daylight_saving_is_refused() {
        // Berlin goes back from 03:00 to 02:00 on 31 October 2027.
        assert!(local_to_utc(&Berlin, date(2027, 10, 31), time(2, 30)).is_err());
        assert!(local_to_utc(&Berlin, date(2027, 10, 31), time(3, 30)).is_ok());
    }

    #[test]
    fn one_unclear_time_refuses_the_whole_plan() {
        let planned = [
            PlannedSlot {
                start: time(1, 30),
                end: time(2, 0),
                capacity: 4,
            },
            PlannedSlot {
                start: time(2, 0),
                end: time(2, 30),
                capacity: 4,
            },
        ];
        assert_eq!(
            place_slots(&Berlin, date(2027, 3, 28), &planned),
            Err(UnclearLocalTime {
                date: date(2027, 3, 28),
                time: time(2, 0)
            })
        );
    }
}

//! The texts of the reminders, in the organizer's language: one for a person,
//! one for a unit's WhatsApp group.
//!
//! A personal reminder never carries the person's own link: the server keeps
//! only its hash, and a message forwarded by mistake must not open someone's
//! registration. The group message names nobody: the group is wider than the
//! people who signed up, and whether someone gives blood (or was turned away,
//! or cancelled) is theirs to tell; times and head counts are enough to nudge
//! colleagues, and each person gets their own message.

use crate::domain::reminder_day::ReminderDay;
use crate::domain::vocab::RegistrationStatus;
use crate::i18n::I18n;

/// What every reminder of a drive says.
pub struct DriveFacts<'a> {
    pub title: &'a str,
    pub venue: &'a str,
    /// The drive's date, long form ("Sabtu, 17 Januari 2027").
    pub date: &'a str,
    pub day: ReminderDay,
}

/// One person to remind.
pub struct Person<'a> {
    pub name: &'a str,
    pub status: RegistrationStatus,
    /// "08.00–08.30 WITA" for a booked person.
    pub arrival: Option<&'a str>,
    /// The confirmation code as people read it.
    pub code: &'a str,
}

/// How many of a unit arrive in one slot.
pub struct SlotCount {
    pub time: String,
    pub count: usize,
}

/// The message for one person: name, drive, date, time, place, code, and
/// what to do before coming.
pub fn personal_message(t: &I18n, drive: &DriveFacts<'_>, person: &Person<'_>) -> String {
    let when = [
        ("title", drive.title.to_owned()),
        ("date", drive.date.to_owned()),
    ];
    let mut lines = vec![
        t.ta("reach-remind-hello", &[("name", person.name.to_owned())]),
        match drive.day {
            ReminderDay::ThreeDaysBefore => t.ta("reach-remind-when-3", &when),
            ReminderDay::DayBefore => t.ta("reach-remind-when-1", &when),
        },
    ];
    match (person.status, person.arrival) {
        (RegistrationStatus::Booked, Some(time)) => {
            lines.push(t.ta("reach-remind-arrival", &[("time", time.to_owned())]));
        }
        _ => lines.push(t.t("reach-remind-waitlisted")),
    }
    lines.push(t.ta("reach-remind-venue", &[("venue", drive.venue.to_owned())]));
    if person.status == RegistrationStatus::Booked {
        lines.push(t.ta("reach-remind-code", &[("code", person.code.to_owned())]));
    }
    lines.push(t.t("reach-remind-prepare"));
    lines.push(t.t("reach-remind-change"));
    lines.push(t.t("reach-remind-thanks"));
    lines.join("\n")
}

/// The message for a unit's group: the drive, how many are booked in which
/// slot and on the waitlist, what to do before coming. No names.
pub fn group_message(
    t: &I18n,
    drive: &DriveFacts<'_>,
    unit: &str,
    slots: &[SlotCount],
    waitlisted: usize,
) -> String {
    let when = [
        ("title", drive.title.to_owned()),
        ("date", drive.date.to_owned()),
        ("venue", drive.venue.to_owned()),
    ];
    let booked: usize = slots.iter().map(|s| s.count).sum();
    let mut lines = vec![
        t.ta("reach-group-hello", &[("unit", unit.to_owned())]),
        match drive.day {
            ReminderDay::ThreeDaysBefore => t.ta("reach-group-when-3", &when),
            ReminderDay::DayBefore => t.ta("reach-group-when-1", &when),
        },
        t.ta("reach-group-booked", &[("count", t.number(booked as i64))]),
    ];
    for slot in slots {
        lines.push(t.ta(
            "reach-group-slot",
            &[
                ("time", slot.time.clone()),
                ("count", t.number(slot.count as i64)),
            ],
        ));
    }
    if waitlisted > 0 {
        lines.push(t.ta(
            "reach-group-waitlisted",
            &[("count", t.number(waitlisted as i64))],
        ));
    }
    lines.push(t.t("reach-remind-prepare"));
    lines.push(t.t("reach-group-personal"));
    lines.push(t.t("reach-remind-thanks"));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    const DRIVE: DriveFacts<'static> = DriveFacts {
        title: "Donor Darah HBI ke-78",
        venue: "Aula Kanwil, Kupang",
        date: "Sabtu, 17 Januari 2027",
        day: ReminderDay::DayBefore,
    };

    #[test]
    fn a_booked_person_hears_time_place_code_and_how_to_prepare() {
        let t = I18n::new(Lang::Id);
        let text = personal_message(
            &t,
            &DRIVE,
            &Person {
                name: "Maria & Yosef #1",
                status: RegistrationStatus::Booked,
                arrival: Some("08.00–08.30 WITA"),
                code: "ABCD-EFGH",
            },
        );
        for part in [
            "Maria & Yosef #1",
            "besok",
            "Sabtu, 17 Januari 2027",
            "08.00–08.30 WITA",
            "Aula Kanwil, Kupang",
            "ABCD-EFGH",
            "KTP",
            "air putih",
            "tidur",
            "makan",
        ] {
            assert!(text.contains(part), "{part:?} missing from {text}");
        }
        assert!(!text.contains("/r/"), "never a personal link");
    }

    #[test]
    fn the_waitlist_hears_no_time_and_no_code_and_h3_says_three_days() {
        let t = I18n::new(Lang::En);
        let drive = DriveFacts {
            day: ReminderDay::ThreeDaysBefore,
            ..DRIVE
        };
        let text = personal_message(
            &t,
            &drive,
            &Person {
                name: "Ana",
                status: RegistrationStatus::Waitlisted,
                arrival: None,
                code: "ABCD-EFGH",
            },
        );
        assert!(
            text.contains("waitlist") && text.contains("three days"),
            "{text}"
        );
        assert!(!text.contains("ABCD-EFGH"));
    }

    #[test]
    fn the_group_hears_counts_per_slot_and_no_names() {
        let t = I18n::new(Lang::Id);
        let text = group_message(
            &t,
            &DRIVE,
            "Kantor Imigrasi Kupang",
            &[
                SlotCount {
                    time: "08.00–08.30".into(),
                    count: 2,
                },
                SlotCount {
                    time: "09.00–09.30".into(),
                    count: 1,
                },
            ],
            1,
        );
        assert!(text.contains("3 orang"), "{text}");
        assert!(text.contains("08.00–08.30: 2 orang"), "{text}");
        assert!(text.contains("daftar tunggu: 1 orang"), "{text}");
    }
}

//! The day as stations: reception (check-in, walk-ins), screening (weight, Hb,
//! blood pressure, pulse, temperature, blood group, decision) and the bed (the
//! bag). Each station has its own queue; who waits where follows from the
//! day-of facts of a registration, so the queues cannot disagree with the
//! status machine in `domain::day_of`.

use chrono::{DateTime, Duration, Utc};

use super::day_of::DayOfFacts;
use super::vocab::RegistrationStatus;

/// A table in the hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Station {
    /// Pendaftaran/Kehadiran: check-in by code or QR, walk-ins.
    Reception,
    /// Pemeriksaan: vitals, tested blood group, decision.
    Screening,
    /// Pengambilan: bag number, volume, outcome, reaction.
    Donation,
}

impl Station {
    pub const ALL: [Station; 3] = [Self::Reception, Self::Screening, Self::Donation];

    /// The word stored with a call and used in paths (`screening`, `donation`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reception => "reception",
            Self::Screening => "screening",
            Self::Donation => "donation",
        }
    }

    /// The station a person goes to after this one.
    pub fn next(self) -> Option<Station> {
        match self {
            Self::Reception => Some(Self::Screening),
            Self::Screening => Some(Self::Donation),
            Self::Donation => None,
        }
    }
}

/// Where a registration waits now, if anywhere: booked people are expected at
/// reception; checked-in people wait for screening until a screening accepts
/// them (a deferral that was undone sends them back to be screened again), then
/// for the bed until a donation is recorded.
pub fn waiting_at(facts: DayOfFacts) -> Option<Station> {
    match facts.status {
        RegistrationStatus::Booked => Some(Station::Reception),
        RegistrationStatus::CheckedIn if facts.has_donation => None,
        RegistrationStatus::CheckedIn if facts.accepted_screening => Some(Station::Donation),
        RegistrationStatus::CheckedIn => Some(Station::Screening),
        _ => None,
    }
}

/// A call older than this may be taken over by another coordinator: the
/// person was called but did not come, or the colleague left the table.
pub const CALL_EXPIRES: Duration = Duration::minutes(10);

/// Reception lists the booked people of every slot still running or to come,
/// and of slots that ended less than this long ago (someone late is still
/// expected; after that they are likely a no-show, and only clutter the list).
pub const RECEPTION_LATE_GRACE: Duration = Duration::minutes(60);

/// Whole minutes since `since` (0 for a time in the future).
pub fn minutes_waited(since: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (now - since).num_minutes().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: RegistrationStatus, accepted: bool, donated: bool) -> DayOfFacts {
        DayOfFacts {
            status,
            has_donation: donated,
            accepted_screening: accepted,
        }
    }

    #[test]
    fn each_person_waits_at_exactly_the_station_the_status_machine_allows() {
        use RegistrationStatus as S;
        assert_eq!(
            waiting_at(facts(S::Booked, false, false)),
            Some(Station::Reception)
        );
        assert_eq!(
            waiting_at(facts(S::CheckedIn, false, false)),
            Some(Station::Screening)
        );
        assert_eq!(
            waiting_at(facts(S::CheckedIn, true, false)),
            Some(Station::Donation)
        );
        for done in [
            S::Donated,
            S::Deferred,
            S::NoShow,
            S::Cancelled,
            S::Waitlisted,
        ] {
            assert_eq!(
                waiting_at(facts(done, true, done == S::Donated)),
                None,
                "{done:?}"
            );
        }
    }

    #[test]
    fn the_queue_leads_from_reception_to_the_bed() {
        assert_eq!(Station::Reception.next(), Some(Station::Screening));
        assert_eq!(Station::Screening.next(), Some(Station::Donation));
        assert_eq!(Station::Donation.next(), None);
    }

    #[test]
    fn waiting_is_counted_in_whole_minutes_never_negative() {
        let t = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
        assert_eq!(minutes_waited(t, t + Duration::seconds(150)), 2);
        assert_eq!(minutes_waited(t + Duration::minutes(5), t), 0);
    }
}

//! The closed vocabularies of a drive: statuses, roles, blood groups, kinds of
//! work unit. Stored as text (with a CHECK in the schema); here they are types.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An unknown word for one of the vocabularies below.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary}: {value:?}")]
pub struct UnknownWord {
    pub vocabulary: &'static str,
    pub value: String,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $label:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(UnknownWord { vocabulary: $label, value: other.to_owned() }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// Where a drive is in its life.
    DriveStatus, "drive status" {
        Draft => "draft",
        Open => "open",
        Closed => "closed",
        Done => "done",
    }
);

vocabulary!(
    /// Who may register for a drive: people on the imported staff list of an
    /// invited unit; the list plus applications an organizer approves; or anyone
    /// with a well-formed NIP/NIK.
    RegistrationMode, "registration mode" {
        StaffList => "staff_list",
        StaffListApproval => "staff_list_approval",
        Open => "open",
    }
);

vocabulary!(
    /// Where a registration is: booked → checked_in → donated | deferred; booked → no_show;
    /// booked | waitlisted → cancelled. An application of someone not on the
    /// staff list is pending (no seat) until an organizer approves it (booked or
    /// waitlisted) or rejects it.
    RegistrationStatus, "registration status" {
        Pending => "pending",
        Rejected => "rejected",
        Booked => "booked",
        Waitlisted => "waitlisted",
        Cancelled => "cancelled",
        CheckedIn => "checked_in",
        Donated => "donated",
        Deferred => "deferred",
        NoShow => "no_show",
    }
);

impl RegistrationStatus {
    /// Whether the registration still holds (or is waiting for) a place in
    /// the drive. An application still waiting for approval is not one yet.
    pub fn is_active(self) -> bool {
        !matches!(
            self,
            RegistrationStatus::Cancelled
                | RegistrationStatus::Rejected
                | RegistrationStatus::Pending
        )
    }
}

vocabulary!(
    /// Staff roles.
    Role, "role" {
        Organizer => "organizer",
        Pmi => "pmi",
    }
);

vocabulary!(
    /// ABO blood group as the donor knows it.
    BloodGroup, "blood group" {
        A => "A",
        B => "B",
        AB => "AB",
        O => "O",
        Unknown => "unknown",
    }
);

vocabulary!(
    /// Rhesus factor.
    Rhesus, "rhesus" {
        Positive => "positive",
        Negative => "negative",
        Unknown => "unknown",
    }
);

vocabulary!(
    /// Civil-service status: PNS and PPPK are ASN; others are non-ASN staff.
    EmployeeType, "employee type" {
        Pns => "pns",
        Pppk => "pppk",
        NonAsn => "non_asn",
    }
);

vocabulary!(
    /// Kinds of work unit in a Kanwil's region.
    UnitKind, "unit kind" {
        Kanwil => "kanwil",
        Division => "division",
        Kanim => "kanim",
        Lapas => "lapas",
        Rutan => "rutan",
        Lpka => "lpka",
        Bapas => "bapas",
        Rudenim => "rudenim",
        Other => "other",
    }
);

vocabulary!(
    /// How a registration came in.
    RegistrationSource, "registration source" {
        SelfService => "self",
        WalkIn => "walk_in",
        Staff => "staff",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for s in RegistrationStatus::ALL {
            assert_eq!(s.as_str().parse::<RegistrationStatus>(), Ok(*s));
        }
        assert_eq!("AB".parse::<BloodGroup>(), Ok(BloodGroup::AB));
        assert!("ab".parse::<BloodGroup>().is_err());
        assert_eq!(
            serde_json::to_string(&RegistrationSource::SelfService)
                .ok()
                .as_deref(),
            Some("\"self\"")
        );
    }
}

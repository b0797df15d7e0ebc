//! The store: the only place that talks SQL. Models are read structs `X` and
//! insert structs `NewX` checked by diesel against `db::schema`; queries are
//! functions on them taking `&mut PgConnection`. Multi-step changes run in one
//! transaction.

pub mod audit;
pub mod counts;
pub mod donor_list;
pub mod donors;
pub mod drive_admin;
pub mod drives;
pub mod erasure;
pub mod invariants;
pub mod live_board;
pub mod pmi_figures;
pub mod prepared;
pub mod recovery;
pub mod registrations;
pub mod reminders;
pub mod report;
pub mod seats;
pub mod slots;
pub mod staff;
pub mod unit_admin;
pub mod units;

// Staff accounts, sessions and the security baseline.
pub mod api_tokens;
pub mod applications;
pub mod audit_query;
pub mod login_attempts;
pub mod sessions;
pub mod sign_in;
pub mod staff_accounts;
pub mod staff_directory;
pub mod staff_home;
pub mod stranger_limits;

// The day of the drive (PMI coordinators).
pub mod day_of;
pub mod paper;
pub mod roster;
pub mod stations;
pub mod thanks;
pub mod walk_ins;

use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crate::domain::identity::Sex;
use crate::domain::vocab::{
    BloodGroup, DriveStatus, EmployeeType, RegistrationMode, RegistrationSource,
    RegistrationStatus, Rhesus, Role, UnitKind,
};

/// Vocabulary types travel as text, guarded by CHECK constraints in the schema.
macro_rules! text_sql {
    ($($ty:ty),+) => {$(
        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(self.as_str(), out)
            }
        }

        impl FromSql<Text, Pg> for $ty {
            fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
                let text = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                Ok(text.parse::<$ty>()?)
            }
        }

        impl diesel::deserialize::Queryable<Text, Pg> for $ty {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    )+};
}

text_sql!(
    BloodGroup,
    DriveStatus,
    EmployeeType,
    RegistrationMode,
    RegistrationSource,
    RegistrationStatus,
    Rhesus,
    Role,
    Sex,
    UnitKind
);

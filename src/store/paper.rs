//! A slot's paper sheet typed back in: what the sheet shows for each person
//! of the slot (what the stations recorded so far), and the whole sheet
//! recorded in one transaction — check-ins, screenings, donations and
//! walk-ins through the same store functions the stations use (each a
//! savepoint with its audit line). One conflicting row rolls all of it back.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use uuid::Uuid;

use crate::db::schema::{donations, screenings};
use crate::store::day_of::{
    self, DayOfAnswers, DayOfError, Donation, NewDonation, NewScreening, Screening,
};
use crate::store::roster::{self, RosterFilter, RosterRow};
use crate::store::seats::BookingError;
use crate::store::walk_ins::{WalkIn, register_walk_in};

/// One person of the slot, as the sheet shows them.
#[derive(Clone, Debug)]
pub struct SheetRow {
    pub roster: RosterRow,
    /// How many screenings are recorded (the sheet sends it back: another one
    /// since means a colleague screened the donor meanwhile).
    pub screenings: i64,
    /// The latest screening, if any.
    pub latest: Option<Screening>,
    pub donation: Option<Donation>,
}

/// The slot's registrations (cancelled ones left out) by name, with what the
/// stations recorded for each.
pub fn sheet(conn: &mut PgConnection, drive_id: Uuid, slot_id: Uuid) -> QueryResult<Vec<SheetRow>> {
    let filter = RosterFilter {
        slot_id: Some(slot_id),
        ..Default::default()
    };
    let rows = roster::load(conn, drive_id, &filter)?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let all_screenings: Vec<Screening> = screenings::table
        .filter(screenings::registration_id.eq_any(&ids))
        .order((screenings::recorded_at.asc(), screenings::id.asc()))
        .select(Screening::as_select())
        .load(conn)?;
    let all_donations: Vec<Donation> = donations::table
        .filter(donations::registration_id.eq_any(&ids))
        .select(Donation::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|roster| {
            let mine: Vec<&Screening> = all_screenings
                .iter()
                .filter(|s| s.registration_id == roster.id)
                .collect();
            SheetRow {
                screenings: mine.len() as i64,
                latest: mine.last().map(|s| (*s).clone()),
                donation: all_donations
                    .iter()
                    .find(|d| d.registration_id == roster.id)
                    .cloned(),
                roster,
            }
        })
        .collect())
}

/// One registered person's row, ready to record.
#[derive(Debug, Clone)]
pub struct PaperRow {
    pub registration_id: Uuid,
    /// The paraf: present, "no" to the three day-of questions.
    pub check_in: bool,
    /// Its `expected_count` is the number of screenings the sheet showed.
    pub screening: Option<NewScreening>,
    pub donation: Option<NewDonation>,
}

/// A walk-in written on one of the sheet's blank rows.
#[derive(Debug, Clone)]
pub struct PaperWalkIn {
    /// Its place among the blank rows.
    pub index: usize,
    pub walk_in: WalkIn,
    /// The reason kept when the slot has no seat left: the person was there
    /// and donated, so they are seated beyond capacity with this reason.
    pub full_slot_reason: String,
    pub screening: Option<NewScreening>,
    pub donation: Option<NewDonation>,
}

/// Which row of the sheet a conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRef {
    Registration(Uuid),
    WalkIn(usize),
}

/// Why a row could not be recorded: the database changed since the sheet was
/// shown, or a value is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// A colleague checked the donor in meanwhile.
    AlreadyCheckedIn { by: String, at: DateTime<Utc> },
    /// A colleague recorded a screening or a donation meanwhile, or the
    /// registration moved on (cancelled, no-show).
    RecordedMeanwhile,
    /// The bag number is used already in this drive.
    BagTaken,
    /// The walk-in already has a registration for this drive.
    AlreadyRegistered,
}

#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error("row {row:?}: {conflict:?}")]
    Conflict { row: RowRef, conflict: Conflict },
    #[error(transparent)]
    Database(#[from] DieselError),
}

/// What one sheet recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recorded {
    pub check_ins: usize,
    pub screenings: usize,
    pub donations: usize,
    pub walk_ins: usize,
}

/// The paraf's meaning: present, "no" to the three day-of questions.
const PARAF: DayOfAnswers = DayOfAnswers {
    fever_last_7_days: false,
    medication_last_3_days: false,
    slept_under_4_hours: false,
};

fn day_of_conflict(row: RowRef, e: DayOfError) -> PaperError {
    let conflict = match e {
        DayOfError::Database(e) => return PaperError::Database(e),
        DayOfError::AlreadyCheckedIn { by, at } => Conflict::AlreadyCheckedIn { by, at },
        DayOfError::BagTaken => Conflict::BagTaken,
        DayOfError::Refused(_) | DayOfError::Stale | DayOfError::TooEarly => {
            Conflict::RecordedMeanwhile
        }
    };
    PaperError::Conflict { row, conflict }
}

fn booking_conflict(row: RowRef, e: BookingError) -> PaperError {
    let conflict = match e {
        BookingError::Database(e) => return PaperError::Database(e),
        BookingError::Duplicate => Conflict::AlreadyRegistered,
        _ => Conflict::RecordedMeanwhile,
    };
    PaperError::Conflict { row, conflict }
}

/// Records the whole sheet in one transaction, or nothing: the first
/// conflicting row rolls every other row back and is named in the error.
pub fn record_sheet(
    conn: &mut PgConnection,
    actor: Uuid,
    rows: &[PaperRow],
    walk_ins: &[PaperWalkIn],
) -> Result<Recorded, PaperError> {
    conn.transaction(|conn| {
        let mut done = Recorded::default();
        for row in rows {
            let at = RowRef::Registration(row.registration_id);
            let steps = RowSteps {
                check_in: row.check_in,
                screening: row.screening.as_ref(),
                donation: row.donation.as_ref(),
            };
            record_steps(conn, actor, at, row.registration_id, &steps, &mut done)?;
        }
        for w in walk_ins {
            let at = RowRef::WalkIn(w.index);
            let reg = seat_walk_in(conn, actor, w).map_err(|e| booking_conflict(at, e))?;
            done.walk_ins += 1;
            let steps = RowSteps {
                check_in: false,
                screening: w.screening.as_ref(),
                donation: w.donation.as_ref(),
            };
            record_steps(conn, actor, at, reg, &steps, &mut done)?;
        }
        Ok(done)
    })
}

/// A walk-in gets a seat of the slot if one is left, else one beyond
/// capacity with the sheet's reason (the person was there). The first try
/// is a savepoint: a full slot rolls back only that try.
fn seat_walk_in(
    conn: &mut PgConnection,
    actor: Uuid,
    w: &PaperWalkIn,
) -> Result<Uuid, BookingError> {
    let seated = WalkIn {
        over_capacity_reason: None,
        ..w.walk_in.clone()
    };
    match register_walk_in(conn, &seated, actor) {
        Ok(reg) => Ok(reg.id),
        Err(BookingError::SlotFull | BookingError::SlotClosed) => {
            let beyond = WalkIn {
                over_capacity_reason: Some(w.full_slot_reason.clone()),
                ..w.walk_in.clone()
            };
            register_walk_in(conn, &beyond, actor).map(|reg| reg.id)
        }
        Err(e) => Err(e),
    }
}

/// What one row records, in order: check-in, screening, donation.
struct RowSteps<'a> {
    check_in: bool,
    screening: Option<&'a NewScreening>,
    donation: Option<&'a NewDonation>,
}

fn record_steps(
    conn: &mut PgConnection,
    actor: Uuid,
    at: RowRef,
    id: Uuid,
    steps: &RowSteps<'_>,
    done: &mut Recorded,
) -> Result<(), PaperError> {
    if steps.check_in {
        day_of::check_in(conn, id, actor, PARAF).map_err(|e| day_of_conflict(at, e))?;
        done.check_ins += 1;
    }
    if let Some(new) = steps.screening {
        day_of::record_screening(conn, id, actor, new).map_err(|e| day_of_conflict(at, e))?;
        done.screenings += 1;
    }
    if let Some(new) = steps.donation {
        day_of::record_donation(conn, id, actor, new).map_err(|e| day_of_conflict(at, e))?;
        done.donations += 1;
    }
    Ok(())
}

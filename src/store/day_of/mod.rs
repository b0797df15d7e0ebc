//! The day of the drive in the database: check-in, no-shows, screenings and
//! donations. Every change is one transaction that locks the registration
//! (`SELECT ... FOR UPDATE`), asks `domain::day_of` whether the change is
//! allowed from what it finds, updates only `WHERE status = expected`, and
//! writes the audit line. Two coordinators acting on the same donor are
//! serialised by the row lock: the second sees the first one's result.
//!
//! This file only gathers the parts: the steps every change shares (`guard`),
//! the status changes (`transitions`), the screening and donation records
//! (`records`) and what a registration's page reads back (`history`).

mod guard;
mod history;
mod records;
mod transitions;

pub use guard::{DayOfError, facts_of};
pub use history::{HistoryLine, donation_for, history, screenings_for};
pub use records::{
    Donation, NewDonation, NewScreening, Screening, record_donation, record_screening,
};
pub use transitions::{DayOfAnswers, apply, check_in, mark_remaining_no_shows};

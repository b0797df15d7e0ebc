//! `/pmi/drives/{slug}/roster`: the drive's registrations grouped by slot, with
//! search and filters, live seat counts, a print view (one slot per A4 page)
//! and a CSV for Excel; and the no-show sweep after the last slot.
//!
//! This file only gathers the parts: the `query` (search and filters), the
//! roster's data and its people grouped by slot in `groups`, the page in
//! `view`, the CSV in `csv_export` and the sweep in `no_shows`.

mod csv_export;
mod groups;
mod no_shows;
mod query;
mod view;

pub use csv_export::csv;
pub use groups::{RosterGroup, RosterLine, blood_label};
pub use no_shows::{ConfirmForm, NoShowsPage, confirm_no_shows, mark_no_shows};
pub use query::RosterQuery;
pub use view::{PaperSheet, PaperSheetsPage, RosterPage, SlotOption, print, show};

//! `/pmi/drives/{slug}/paper`: a slot's printed sheet typed back in after the
//! hall lost its connection — one submit for the whole sheet, all or nothing.
//!
//! This file only gathers the parts: the sheet as typed (`form`), the page
//! and its `GET` (`view`), and the post (`submit`).

mod form;
mod submit;
mod view;

pub use form::{RowForm, SheetForm, WALK_IN_ROWS, WalkInForm};
pub use submit::submit;
pub use view::{PaperPage, PaperQuery, RecordedScreening, RowView, SlotChoice, show};

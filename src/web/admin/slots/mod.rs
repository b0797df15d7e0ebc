//! `/admin/drives/{slug}/slots`: the drive's slots; generating slots from a
//! template (beds, PMI's pace, no-show margin) with a preview before saving;
//! a slot's capacity (never below its bookings; growth promotes the waitlist);
//! closing and reopening a slot.
//!
//! This file only gathers the parts: the `template_form` and how it is read,
//! the `page` and its `GET`, and one file per change: `generate`, `capacity`,
//! `closing`. Where a planned slot falls in time is `domain::slot_time`.

mod capacity;
mod closing;
mod generate;
mod page;
mod template_form;

pub use capacity::{CapacityForm, set_capacity};
pub use closing::{close, reopen};
pub use generate::generate;
pub use page::{PlannedRow, SlotRow, list};
pub use template_form::{FieldView, TemplateForm};

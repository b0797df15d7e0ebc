//! `/admin/drives/{slug}/reminders`: WhatsApp reminders before a drive, H-3 or
//! H-1. Per work unit, the booked and waitlisted people with a one-tap
//! message to the number each gave when registering, and one message for the
//! unit's group. Click-to-chat links only: nothing is sent by the server.

mod messages;
mod page;

pub use messages::{DriveFacts, Person, SlotCount, group_message, personal_message};
pub use page::show;

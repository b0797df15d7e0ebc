//! The organizers' area (`/admin/*`): staff accounts, API tokens, the audit log,
//! drive dashboards and exports.

pub mod api_tokens;
pub mod applications;
pub mod audit;
pub mod charts;
pub mod dashboard;
pub mod donors;
pub mod drive_form;
pub mod drives;
pub mod exports;
pub mod invitations;
pub mod not_registered;
pub mod reminders;
pub mod report;
pub mod slots;
pub mod staff_import;
pub mod units;
pub mod users;

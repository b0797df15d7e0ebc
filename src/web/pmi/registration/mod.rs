//! `/pmi/registrations/{id}`: one donor's card, status and history, with the
//! actions of its state — undo check-in, no-show and back, the screening form
//! (suggestion, then the coordinator's confirmation or override) and the
//! donation record.
//!
//! This file only gathers the parts: the donor's `card` (the check-in page
//! shows it too), the page itself in `view` with what happened so far in
//! `history`, the `forms` as typed, the status `actions` offered, the answer
//! to a `refusal`, and one file per post: `status`, `screening`, `donation`.

mod actions;
mod card;
mod donation;
mod forms;
mod history;
mod refusal;
mod screening;
mod status;
mod view;

pub use actions::ActionButton;
pub use card::DonorCard;
pub use donation::{donation, read_donation};
pub use forms::{DonationForm, ScreeningForm};
pub use history::{DonationLine, HistoryView, ScreeningLine};
pub use refusal::refusal;
pub use screening::{read_screening, read_tested_group, read_vitals, screening, suggestion_view};
pub use status::{StatusForm, change_status};
pub use view::{
    Loaded, RegistrationPage, ShowQuery, SuggestionView, VitalField, deferral_reasons, load, page,
    show, vital_fields,
};

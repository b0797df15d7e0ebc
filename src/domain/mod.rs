//! The pure business rules of a blood drive: who may donate, what an identity
//! number says, how many seats a slot holds, and the codes we hand out.
//!
//! Nothing in here knows about the database, HTTP or templates, and nothing
//! here produces user text: every outcome carries a Fluent message key (see
//! `src/locales/{id,en}/domain.ftl`) plus its arguments, so the web layer
//! translates. Everything is tested with plain values.

pub mod audit_action;
pub mod codes;
pub mod counts;
pub mod day_of;
pub mod eligibility;
pub mod identity;
pub mod live_board;
pub mod messages;
pub mod overrides;
pub mod paper;
pub mod pmi_figures;
pub mod questionnaire;
pub mod registration_input;
pub mod reminder_day;
pub mod rule_id;
pub mod rule_set;
pub mod screening;
pub mod screening_thresholds;
pub mod slot_plan;
pub mod slot_time;
pub mod stations;
pub mod tested_group;
pub mod thanks;
pub mod vocab;
pub mod whatsapp;

pub use messages::{Localized, MessageArgs};

//! `/drives/{slug}/register`: registration in three short steps that suit a
//! phone — who you are, the health questions, the arrival time. Each step posts
//! everything typed so far (earlier steps ride along as hidden fields), so the
//! pages work without JavaScript and nothing is stored until the last step.
//!
//! This file only gathers the parts: the wizard's `steps` and which fields
//! each shows, the health `questions`, the `page` and its `GET`, and the
//! `submit` of each step and of the booking.

mod page;
mod questions;
mod steps;
mod submit;

pub use page::{RegisterPage, UnitOption, VerdictView, form};
pub use questions::Question;
pub use steps::Step;
pub use submit::{RegisterForm, submit};

//! Translated error messages of a form, by field name: the one type behind
//! every form's errors (donor, PMI and organizer pages). Templates read them with
//! `errors.get(name)` (`partials/field_error.html`) and list them with
//! `errors.list()` (`partials/error_links.html`).

use crate::domain::registration_input::FieldError;
use crate::web::PageCtx;

/// The first message of each field, in the order they were found (the form's
/// order), so the summary can list them as links to their fields.
#[derive(Debug, Default)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
    /// The domain's field errors, translated for the page.
    pub fn from_domain(ctx: &PageCtx, errors: &[FieldError]) -> Self {
        let mut out = FormErrors::default();
        for e in errors {
            if !out.has(e.field) {
                out.add(e.field, ctx.t.message(e.key, &e.args));
            }
        }
        out
    }

    /// Keeps the first message of a field.
    pub fn add(&mut self, field: &str, message: String) {
        if !self.has(field) {
            self.0.push((field.to_owned(), message));
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }

    /// (field, message) pairs in form order.
    pub fn list(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

//! Translated error messages of an organizer form, by field name (the
//! `partials/field_error.html` partial reads them with `errors.get(name)`).

/// The first message of each field, in the order they were found (the form's
/// order), so the summary can list them as links to their fields.
#[derive(Debug, Default)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
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

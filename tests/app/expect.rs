//! Assertions that say what they check, point at the test line that failed, and
//! find texts by their catalogue key rather than by their wording, so a change
//! of copy does not break a test.

use blood_drive::i18n::Lang;

/// Anything with an HTTP status: a response, or a status already taken out.
pub trait Status {
    fn status_code(&self) -> u16;
    fn what(&self) -> String;
}

impl Status for reqwest::Response {
    fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
    fn what(&self) -> String {
        self.url().path().to_owned()
    }
}

impl<B> Status for actix_web::dev::ServiceResponse<B> {
    fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
    fn what(&self) -> String {
        self.request().path().to_owned()
    }
}

impl Status for u16 {
    fn status_code(&self) -> u16 {
        *self
    }
    fn what(&self) -> String {
        "the response".to_owned()
    }
}

/// The answer has HTTP status `expected`.
#[track_caller]
pub fn assert_status(res: &impl Status, expected: u16) {
    let got = res.status_code();
    assert_eq!(got, expected, "HTTP status of {}", res.what());
}

/// The pieces of the catalogue text of `key` in `lang` that never change
/// (placeholders taken out), each as a template writes it into HTML.
pub fn fixed_parts(lang: Lang, key: &str) -> Vec<String> {
    let pattern = catalogue_pattern(lang, key).unwrap_or_else(|| panic!("no text with key {key}"));
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut part = String::new();
    for c in pattern.chars() {
        match c {
            '{' => {
                depth += 1;
                parts.push(std::mem::take(&mut part));
            }
            '}' => depth -= 1,
            '\n' => parts.push(std::mem::take(&mut part)),
            c if depth == 0 => part.push(c),
            _ => {}
        }
    }
    parts.push(part);
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| p.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
        .map(html_escape)
        .collect()
}

/// The source text of message `key` in the catalogues of `lang`.
fn catalogue_pattern(lang: Lang, key: &str) -> Option<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/locales")
        .join(lang.code());
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let ftl = std::fs::read_to_string(entry.path()).ok()?;
        let mut lines = ftl.lines();
        while let Some(line) = lines.next() {
            let Some(rest) = line.strip_prefix(key) else {
                continue;
            };
            let Some(first) = rest.trim_start().strip_prefix('=') else {
                continue;
            };
            let mut text = first.trim().to_owned();
            for more in lines.by_ref() {
                if !more.starts_with(' ') || more.trim().is_empty() {
                    break;
                }
                text.push('\n');
                text.push_str(more.trim());
            }
            return Some(text);
        }
    }
    None
}

/// The page shows the Indonesian text of `key`.
#[track_caller]
pub fn assert_says(html: &str, key: &str) {
    assert!(
        says(html, key),
        "the page should say {key} ({:?})",
        fixed_parts(Lang::Id, key)
    );
}

/// The page shows the text of `key` in `lang`.
#[track_caller]
pub fn assert_says_in(html: &str, lang: Lang, key: &str) {
    assert!(
        says_in(html, lang, key),
        "the page should say {key} ({:?})",
        fixed_parts(lang, key)
    );
}

/// Field `name` is marked invalid and carries its message (`{name}-error`).
#[track_caller]
pub fn assert_field_error(html: &str, name: &str) {
    assert!(
        html.contains(&format!("id=\"{name}-error\"")),
        "field {name} should carry an error message"
    );
    assert!(
        html.contains(&format!("{name}-error\"")) && html.contains("aria-invalid=\"true\""),
        "field {name} should be marked aria-invalid"
    );
}

/// The value as askama escapes it into HTML.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&#38;"),
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The answer has HTTP status `expected`; `context` says which case of a loop.
#[track_caller]
pub fn assert_status_for(res: &impl Status, expected: u16, context: impl std::fmt::Display) {
    let got = res.status_code();
    assert_eq!(got, expected, "HTTP status of {}: {context}", res.what());
}

/// Whether the page shows the text of `key` in `lang`. A text with
/// placeholders counts as shown when each of its fixed parts is.
pub fn says_in(html: &str, lang: Lang, key: &str) -> bool {
    fixed_parts(lang, key)
        .iter()
        .all(|part| html.contains(part.as_str()))
}

/// Whether the page shows the Indonesian text of `key`.
pub fn says(html: &str, key: &str) -> bool {
    says_in(html, Lang::Id, key)
}

#[test]
fn a_text_is_found_by_its_fixed_parts_and_only_then() {
    // "Kata sandi terlalu pendek: paling sedikit { $min } karakter."
    let shown = "<p>Kata sandi terlalu pendek: paling sedikit 12 karakter.</p>";
    assert!(says(shown, "password-too-short"));
    assert!(!says(
        "<p>Kata sandi terlalu pendek.</p>",
        "password-too-short"
    ));
    assert!(!says_in(shown, Lang::En, "password-too-short"));
    assert_eq!(html_escape("a<b & \"c\""), "a&#60;b &#38; &#34;c&#34;");
}

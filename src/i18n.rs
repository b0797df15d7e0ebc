//! Languages: Bahasa Indonesia first, English beside it. Texts live in the Fluent
//! catalogues under `src/locales/{id,en}/`; this module picks the language for a
//! request (cookie, then Accept-Language, then Indonesian) and looks texts up.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::{Ready, ready};
use std::sync::OnceLock;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, TimeZone, Timelike};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./src/locales",
        fallback_language: "id",
        // Fluent wraps arguments in invisible bidi marks by default; our scripts are
        // all left-to-right and the marks end up in CSV and copied text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Name of the cookie remembering the language choice.
pub const LANG_COOKIE: &str = "lang";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Id => langid!("id"),
            Lang::En => langid!("en"),
        }
    }

    fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::Id => chrono::Locale::id_ID,
            Lang::En => chrono::Locale::en_GB,
        }
    }

    /// The first supported language in an Accept-Language header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let primary = tag.split('-').next()?;
                let lang = Lang::from_code(primary)?;
                let q = pieces
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }

    pub fn for_request(req: &HttpRequest) -> Lang {
        if let Some(lang) = req
            .cookie(LANG_COOKIE)
            .and_then(|c| Lang::from_code(c.value()))
        {
            return lang;
        }
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|h| h.to_str().ok())
            .and_then(Lang::from_accept_language)
            .unwrap_or_default()
    }
}

/// A date pattern parsed once per language, instead of on every call.
struct DateItems {
    pattern: &'static str,
    parsed: [OnceLock<Vec<Item<'static>>>; 2],
}

impl DateItems {
    const fn new(pattern: &'static str) -> Self {
        DateItems {
            pattern,
            parsed: [OnceLock::new(), OnceLock::new()],
        }
    }

    fn format(&self, date: NaiveDate, lang: Lang) -> String {
        let locale = lang.chrono_locale();
        let slot = match lang {
            Lang::Id => &self.parsed[0],
            Lang::En => &self.parsed[1],
        };
        let items = slot.get_or_init(|| {
            StrftimeItems::new_with_locale(self.pattern, locale)
                .parse_to_owned()
                .expect("the date patterns are fixed in the source")
        });
        date.format_localized_with_items(items.iter(), locale)
            .to_string()
    }
}

/// Looks texts up in one language; handed to every template as `t`.
#[derive(Clone, Copy, Debug, Default)]
pub struct I18n {
    pub lang: Lang,
}

impl I18n {
    pub fn new(lang: Lang) -> Self {
        I18n { lang }
    }

    /// The text for `key`; a missing key shows itself (and a test keeps that from shipping).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.lang.langid(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text for `key` with named arguments.
    pub fn ta(&self, key: &str, args: &[(&str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(&self.lang.langid(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A message with one count, passed as a number so the catalogue's plural
    /// variants (`[one]`, `*[other]`) are chosen by it: "One field needs
    /// attention", "3 fields need attention". (`t1` passes text, which Fluent
    /// never matches to a plural category.)
    pub fn count(&self, key: &str, name: &str, n: usize) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        map.insert(Cow::Owned(name.to_owned()), FluentValue::from(n));
        LOCALES
            .try_lookup_with_args(&self.lang.langid(), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// One argument, the common case in templates: `t.t1("seats-left", "count", n)`.
    pub fn t1(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.ta(key, &[(name, value.to_string())])
    }

    /// A domain message: ISO dates among the arguments become long local dates,
    /// and Indonesian gets its decimal comma.
    pub fn message(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&str, String)> = args
            .iter()
            .map(|(name, value)| {
                let shown = if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
                    self.long_date(date)
                } else if self.lang == Lang::Id
                    && value.parse::<f64>().is_ok()
                    && value.contains('.')
                {
                    value.replace('.', ",")
                } else {
                    value.clone()
                };
                (*name, shown)
            })
            .collect();
        self.ta(key, &args)
    }

    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.lang.langid(), key).is_some()
    }

    /// "Sabtu, 17 Januari 2026" / "Saturday, 17 January 2026".
    pub fn long_date(&self, date: NaiveDate) -> String {
        static ITEMS: DateItems = DateItems::new("%A, %-d %B %Y");
        ITEMS.format(date, self.lang)
    }

    /// "17 Jan 2026".
    pub fn short_date(&self, date: NaiveDate) -> String {
        static ITEMS: DateItems = DateItems::new("%-d %b %Y");
        ITEMS.format(date, self.lang)
    }

    /// "08.00" in Indonesian style, "08:00" in English.
    pub fn time<Tz: TimeZone>(&self, at: &DateTime<Tz>) -> String {
        // Written directly: `format` would parse its pattern again for every call,
        // and a page of slots calls this twice per slot.
        let separator = match self.lang {
            Lang::Id => '.',
            Lang::En => ':',
        };
        format!("{:02}{separator}{:02}", at.hour(), at.minute())
    }

    /// Integers with the language's thousands separator.
    pub fn number(&self, n: i64) -> String {
        let sep = match self.lang {
            Lang::Id => '.',
            Lang::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        if n < 0 { format!("-{out}") } else { out }
    }
}

impl FromRequest for I18n {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(I18n::new(Lang::for_request(req))))
    }
}

/// Every key defined in a catalogue file, for the completeness test.
pub fn catalogue_keys(ftl: &str) -> std::collections::BTreeSet<String> {
    ftl.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_respects_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(
            Lang::from_accept_language("fr, en;q=0.5, id;q=0.8"),
            Some(Lang::Id)
        );
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(
            Lang::from_accept_language("id;q=0, en;q=0.1"),
            Some(Lang::En)
        );
    }

    #[test]
    fn a_count_picks_its_plural_form() {
        let en = I18n::new(Lang::En);
        assert!(
            en.count("org-form-errors", "count", 1)
                .starts_with("One field needs")
        );
        assert!(en.count("org-form-errors", "count", 3).contains("3"));
        assert!(
            en.count("org-form-errors", "count", 3)
                .contains("fields need")
        );
        let id = I18n::new(Lang::Id);
        assert!(
            id.count("org-form-errors", "count", 2)
                .contains("isian perlu diperbaiki")
        );
    }

    #[test]
    fn dates_and_numbers_read_naturally() {
        let date = NaiveDate::from_ymd_opt(2027, 1, 17).expect("date");
        assert_eq!(
            I18n::new(Lang::Id).long_date(date),
            "Minggu, 17 Januari 2027"
        );
        assert_eq!(
            I18n::new(Lang::En).long_date(date),
            "Sunday, 17 January 2027"
        );
        assert_eq!(I18n::new(Lang::Id).number(1234567), "1.234.567");
        assert_eq!(I18n::new(Lang::En).number(-1000), "-1,000");
    }

    /// Every literal key a template or the Rust code asks for exists in both
    /// languages (`.t("…")`, `.t1("…")`, `.ta("…")`).
    #[test]
    fn every_key_used_in_templates_and_code_exists_in_both_languages() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "html" || e == "rs") {
                    // Comments may show example calls; only code counts.
                    let text = std::fs::read_to_string(&path).expect("source file");
                    let code: Vec<&str> = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect();
                    out.push(code.join("\n"));
                }
            }
        }
        let mut sources = Vec::new();
        for dir in ["templates", "src"] {
            walk(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
                &mut sources,
            );
        }
        let catalogue = |lang: Lang| -> std::collections::BTreeSet<String> {
            let dir = format!("{}/src/locales/{}", env!("CARGO_MANIFEST_DIR"), lang.code());
            std::fs::read_dir(dir)
                .expect("catalogue")
                .flatten()
                .flat_map(|e| catalogue_keys(&std::fs::read_to_string(e.path()).expect("ftl")))
                .collect()
        };
        let keys = [catalogue(Lang::Id), catalogue(Lang::En)];
        let mut missing = Vec::new();
        let mut seen = 0;
        for source in &sources {
            for call in [".t(\"", ".t1(\"", ".ta(\"", ".count(\""] {
                for piece in source.split(call).skip(1) {
                    let Some(key) = piece.split('"').next() else {
                        continue;
                    };
                    seen += 1;
                    for (lang, defined) in Lang::ALL.iter().zip(&keys) {
                        if !defined.contains(key) {
                            missing.push(format!("{}:{key}", lang.code()));
                        }
                    }
                }
            }
        }
        assert!(seen > 200, "the scan found the calls ({seen})");
        assert!(missing.is_empty(), "keys missing: {missing:?}");
    }

    #[test]
    fn both_catalogues_define_the_same_keys() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/locales");
        let mut files: Vec<String> = std::fs::read_dir(format!("{dir}/id"))
            .expect("id catalogue")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        files.sort();
        assert!(!files.is_empty());
        for file in files {
            let id =
                catalogue_keys(&std::fs::read_to_string(format!("{dir}/id/{file}")).expect("id"));
            let en = catalogue_keys(
                &std::fs::read_to_string(format!("{dir}/en/{file}"))
                    .unwrap_or_else(|_| panic!("en/{file} is missing")),
            );
            let only_id: Vec<_> = id.difference(&en).collect();
            let only_en: Vec<_> = en.difference(&id).collect();
            assert!(
                only_id.is_empty(),
                "{file}: keys without English: {only_id:?}"
            );
            assert!(
                only_en.is_empty(),
                "{file}: keys without Indonesian: {only_en:?}"
            );
        }
    }
}

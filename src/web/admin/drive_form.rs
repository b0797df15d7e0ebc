//! The drive form: what organizers type (local date-times in the drive's zone,
//! eligibility overrides as numbers) checked and turned into `DriveChanges`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;

use crate::domain::identity::parse_nip;
use crate::domain::registration_input::normalise_phone;
use crate::domain::rule_set::RuleSet;
use crate::domain::vocab::{DriveStatus, RegistrationMode};
use crate::store::drive_admin::DriveChanges;
use crate::store::drives::Drive;
use crate::web::PageCtx;
use crate::web::admin::report::nip_shown;
use crate::web::form_errors::FormErrors;

/// The zones of Indonesia: WIB, WITA, WIT.
pub const TIME_ZONES: [(&str, &str); 3] = [
    ("Asia/Jakarta", "WIB"),
    ("Asia/Makassar", "WITA"),
    ("Asia/Jayapura", "WIT"),
];

const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// Prefix of the eligibility override inputs: `rule_min_age`, ...
pub const RULE_PREFIX: &str = "rule_";

#[derive(Debug, Default, Clone, Deserialize)]
pub struct DriveForm {
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub registration_mode: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_whatsapp: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub drive_date: String,
    #[serde(default)]
    pub time_zone: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub partner: String,
    #[serde(default)]
    pub opens_at: String,
    #[serde(default)]
    pub closes_at: String,
    #[serde(default)]
    pub target_bags: String,
    #[serde(default)]
    pub bag_volume_ml: String,
    #[serde(default)]
    pub status: String,
    /// The report's letterhead and signatories (all optional).
    #[serde(default)]
    pub office_name: String,
    #[serde(default)]
    pub office_address: String,
    #[serde(default)]
    pub chair_name: String,
    #[serde(default)]
    pub chair_nip: String,
    #[serde(default)]
    pub head_name: String,
    #[serde(default)]
    pub head_nip: String,
    /// The override inputs (and the CSRF token, which is ignored here).
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

fn local(at: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    at.with_timezone(&tz).format(LOCAL_FORMAT).to_string()
}

impl DriveForm {
    /// A new drive's form: WITA, PMI Provinsi NTT, 350 mL bags.
    pub fn blank() -> Self {
        DriveForm {
            time_zone: "Asia/Makassar".to_owned(),
            partner: "PMI Provinsi NTT".to_owned(),
            bag_volume_ml: "350".to_owned(),
            status: DriveStatus::Draft.as_str().to_owned(),
            registration_mode: RegistrationMode::StaffList.as_str().to_owned(),
            ..DriveForm::default()
        }
    }

    /// The form filled from a stored drive.
    pub fn of(drive: &Drive) -> Self {
        let tz = drive.tz();
        let rules = RuleSet::with_overrides(&drive.eligibility_overrides).unwrap_or_default();
        let rest = rules
            .describe()
            .into_iter()
            .flat_map(|d| d.thresholds)
            .map(|t| {
                (
                    format!("{RULE_PREFIX}{}", t.field),
                    crate::domain::messages::format_number(t.value),
                )
            })
            .collect();
        DriveForm {
            slug: drive.slug.clone(),
            registration_mode: drive.registration_mode.as_str().to_owned(),
            contact_name: drive.contact_name.clone(),
            contact_whatsapp: drive.contact_whatsapp.clone(),
            title: drive.title.clone(),
            drive_date: drive.drive_date.format("%Y-%m-%d").to_string(),
            time_zone: drive.time_zone.clone(),
            venue: drive.venue.clone(),
            partner: drive.partner.clone(),
            opens_at: local(drive.registration_opens_at, tz),
            closes_at: local(drive.registration_closes_at, tz),
            target_bags: drive.target_bags.to_string(),
            bag_volume_ml: drive.bag_volume_ml.to_string(),
            status: drive.status.as_str().to_owned(),
            office_name: drive.office_name.clone(),
            office_address: drive.office_address.clone(),
            chair_name: drive.chair_name.clone(),
            chair_nip: nip_shown(&drive.chair_nip).unwrap_or_default(),
            head_name: drive.head_name.clone(),
            head_nip: nip_shown(&drive.head_nip).unwrap_or_default(),
            rest,
        }
    }

    /// The registration modes offered: value, label key, hint key.
    pub fn mode_choices(&self) -> [(&'static str, &'static str, &'static str); 3] {
        [
            (
                "staff_list",
                "org-drive-mode-staff_list",
                "org-drive-mode-staff_list-hint",
            ),
            (
                "staff_list_approval",
                "org-drive-mode-staff_list_approval",
                "org-drive-mode-staff_list_approval-hint",
            ),
            ("open", "org-drive-mode-open", "org-drive-mode-open-hint"),
        ]
    }

    /// The value typed into an override input.
    pub fn rule_value(&self, field: &str) -> String {
        self.rest
            .get(&format!("{RULE_PREFIX}{field}"))
            .cloned()
            .unwrap_or_default()
    }

    /// Checks the form; `new` also checks the slug. Errors are translated.
    pub fn parse(&self, ctx: &PageCtx, new: bool) -> Result<DriveChanges, FormErrors> {
        let mut errors = FormErrors::default();
        if new && !valid_slug(self.slug.trim()) {
            errors.add("slug", ctx.t.t("org-drive-error-slug"));
        }
        let title = bounded(&self.title, 200, "title", ctx, &mut errors);
        let venue = bounded(&self.venue, 300, "venue", ctx, &mut errors);
        let partner = bounded(&self.partner, 200, "partner", ctx, &mut errors);
        let when = self.when(ctx, &mut errors);
        let target = self.target_bags.trim().parse::<i32>().ok();
        if !target.is_some_and(|n| (1..=100_000).contains(&n)) {
            errors.add("target_bags", ctx.t.t("org-drive-error-target"));
        }
        let volume = self.bag_volume_ml.trim().parse::<i32>().ok();
        if !volume.is_some_and(|v| v == 350 || v == 450) {
            errors.add("bag_volume_ml", ctx.t.t("org-drive-error-volume"));
        }
        let status = self.status.trim().parse::<DriveStatus>().ok();
        if status.is_none() {
            errors.add("status", ctx.t.t("org-drive-error-status"));
        }
        let overrides = self.overrides(ctx, &mut errors);
        let who = self.who_registers(ctx, &mut errors);
        let today = Utc::now()
            .with_timezone(&when.as_ref().map_or(chrono_tz::Asia::Makassar, |w| w.zone))
            .date_naive();
        let signs = self.report_signs(ctx, today, &mut errors);
        match (when, target, volume, status, overrides, who) {
            (Some(w), Some(tb), Some(v), Some(s), Some(ov), Some(who)) if errors.is_empty() => {
                Ok(DriveChanges {
                    title,
                    drive_date: w.date,
                    time_zone: w.zone.name().to_owned(),
                    venue,
                    partner,
                    registration_opens_at: w.opens,
                    registration_closes_at: w.closes,
                    target_bags: tb,
                    bag_volume_ml: v,
                    status: s.as_str().to_owned(),
                    eligibility_overrides: ov,
                    registration_mode: who.mode.as_str().to_owned(),
                    contact_name: who.contact_name,
                    contact_whatsapp: who.contact_whatsapp,
                    office_name: signs.office_name,
                    office_address: signs.office_address,
                    chair_name: signs.chair_name,
                    chair_nip: signs.chair_nip,
                    head_name: signs.head_name,
                    head_nip: signs.head_nip,
                })
            }
            _ => Err(errors),
        }
    }

    /// The report's letterhead and signatories: optional texts of bounded
    /// length, and NIPs read by the same rules as everywhere else (stored as
    /// their 18 digits; `today` is the drive zone's).
    fn report_signs(
        &self,
        ctx: &PageCtx,
        today: NaiveDate,
        errors: &mut FormErrors,
    ) -> ReportSigns {
        let optional = |text: &str, max: usize, field: &str, errors: &mut FormErrors| {
            let text = text.trim();
            if text.chars().count() > max {
                errors.add(field, ctx.t.t("report-error-too-long"));
            }
            text.to_owned()
        };
        let nip = |typed: &str, field: &str, errors: &mut FormErrors| {
            let typed = typed.trim();
            if typed.is_empty() {
                return String::new();
            }
            match parse_nip(typed, today) {
                Ok(nip) => nip.digits,
                Err(e) => {
                    errors.add(
                        field,
                        ctx.t.ta(
                            "report-error-nip",
                            &[("why", ctx.t.message(e.message_key(), &e.message_args()))],
                        ),
                    );
                    String::new()
                }
            }
        };
        ReportSigns {
            office_name: optional(&self.office_name, 200, "office_name", errors),
            office_address: optional(&self.office_address, 300, "office_address", errors),
            chair_name: optional(&self.chair_name, 200, "chair_name", errors),
            chair_nip: nip(&self.chair_nip, "chair_nip", errors),
            head_name: optional(&self.head_name, 200, "head_name", errors),
            head_nip: nip(&self.head_nip, "head_nip", errors),
        }
    }

    /// Who may register, and whom they ask when the list does not know them.
    fn who_registers(&self, ctx: &PageCtx, errors: &mut FormErrors) -> Option<WhoRegisters> {
        let mode = self
            .registration_mode
            .trim()
            .parse::<RegistrationMode>()
            .ok();
        if mode.is_none() {
            errors.add("registration_mode", ctx.t.t("org-drive-error-mode"));
        }
        let contact_name = self.contact_name.trim().to_owned();
        if contact_name.chars().count() > 200 {
            errors.add("contact_name", ctx.t.t("org-drive-error-contact-name"));
        }
        let typed = self.contact_whatsapp.trim();
        let contact_whatsapp = if typed.is_empty() {
            String::new()
        } else {
            match normalise_phone(typed) {
                Some(number) => number.trim_start_matches('+').to_owned(),
                None => {
                    errors.add("contact_whatsapp", ctx.t.t("org-drive-error-whatsapp"));
                    String::new()
                }
            }
        };
        Some(WhoRegisters {
            mode: mode?,
            contact_name,
            contact_whatsapp,
        })
    }

    /// The drive date, its time zone and the registration window (typed in
    /// local time, kept in UTC); each problem named on its field.
    fn when(&self, ctx: &PageCtx, errors: &mut FormErrors) -> Option<When> {
        let t = &ctx.t;
        let date = NaiveDate::parse_from_str(self.drive_date.trim(), "%Y-%m-%d").ok();
        if date.is_none() {
            errors.add("drive_date", t.t("org-drive-error-date"));
        }
        let tz: Option<chrono_tz::Tz> = TIME_ZONES
            .iter()
            .find(|(name, _)| *name == self.time_zone.trim())
            .and_then(|(name, _)| name.parse().ok());
        if tz.is_none() {
            errors.add("time_zone", t.t("org-drive-error-time-zone"));
        }
        let zone = tz.unwrap_or(chrono_tz::Asia::Makassar);
        let at = |text: &str| {
            NaiveDateTime::parse_from_str(text.trim(), LOCAL_FORMAT)
                .ok()
                .and_then(|n| zone.from_local_datetime(&n).single())
                .map(|d| d.with_timezone(&Utc))
        };
        let opens = at(&self.opens_at);
        if opens.is_none() {
            errors.add("opens_at", t.t("org-drive-error-datetime"));
        }
        let closes = at(&self.closes_at);
        if closes.is_none() {
            errors.add("closes_at", t.t("org-drive-error-datetime"));
        }
        if let (Some(o), Some(c)) = (opens, closes)
            && c <= o
        {
            errors.add("closes_at", t.t("org-drive-error-window"));
        }
        Some(When {
            date: date?,
            zone: tz?,
            opens: opens?,
            closes: closes?,
        })
    }

    /// The override inputs as the stored JSON (only values that differ from the
    /// defaults), checked by `RuleSet::with_overrides`. Inputs left empty take
    /// the default.
    fn overrides(&self, ctx: &PageCtx, errors: &mut FormErrors) -> Option<serde_json::Value> {
        let mut given = serde_json::Map::new();
        let mut ok = true;
        for (name, value) in &self.rest {
            let Some(field) = name.strip_prefix(RULE_PREFIX) else {
                continue;
            };
            let value = value.trim().replace(',', ".");
            if value.is_empty() {
                continue;
            }
            match value.parse::<f64>() {
                Ok(n) if n.is_finite() => {
                    let number = if n.fract() == 0.0 && n.abs() < 1e9 {
                        serde_json::Value::from(n as i64)
                    } else {
                        serde_json::Value::from(n)
                    };
                    given.insert(field.to_owned(), number);
                }
                _ => {
                    ok = false;
                    errors.add(name, ctx.t.t("org-drive-error-number"));
                }
            }
        }
        if !ok {
            return None;
        }
        match RuleSet::with_overrides(&serde_json::Value::Object(given)) {
            Ok(rules) => Some(rules.overrides()),
            Err(e) => {
                let field = match e.message_args().first() {
                    Some(("key", key)) => format!("{RULE_PREFIX}{key}"),
                    _ => "rules".to_owned(),
                };
                errors.add(&field, ctx.t.message(e.message_key(), &e.message_args()));
                None
            }
        }
    }
}

/// Lowercase letters and digits in words joined by single hyphens, at most 80.
pub fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 80
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The report's letterhead and signatories, checked.
struct ReportSigns {
    office_name: String,
    office_address: String,
    chair_name: String,
    chair_nip: String,
    head_name: String,
    head_nip: String,
}

/// Who may register for a drive, and its contact person.
struct WhoRegisters {
    mode: RegistrationMode,
    contact_name: String,
    contact_whatsapp: String,
}

/// When a drive happens and when it takes registrations.
struct When {
    date: NaiveDate,
    zone: chrono_tz::Tz,
    opens: DateTime<Utc>,
    closes: DateTime<Utc>,
}

/// A required text of at most `max` characters, trimmed; an error on `field`
/// (message `org-drive-error-{field}`) otherwise.
fn bounded(text: &str, max: usize, field: &str, ctx: &PageCtx, errors: &mut FormErrors) -> String {
    let text = text.trim();
    if !(1..=max).contains(&text.chars().count()) {
        errors.add(field, ctx.t.t(&format!("org-drive-error-{field}")));
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::valid_slug;

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert!(valid_slug("hbi-77-2027"));
        assert!(!valid_slug("HBI"));
        assert!(!valid_slug("a--b"));
        assert!(!valid_slug("-a"));
        assert!(!valid_slug(""));
        assert!(!valid_slug(&"a".repeat(81)));
    }
}

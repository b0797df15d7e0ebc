//! The template the organizer fills in to generate slots, and how it is read
//! into a slot plan.

use chrono::NaiveTime;
use serde::Deserialize;

use crate::domain::slot_plan::{PlannedSlot, SlotTemplate, plan_slots};
use crate::web::PageCtx;
use crate::web::form_errors::FormErrors;

#[derive(Debug, Clone, Deserialize)]
pub struct TemplateForm {
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub slot_minutes: String,
    #[serde(default)]
    pub beds: String,
    #[serde(default)]
    pub donors_per_bed_per_hour: String,
    #[serde(default)]
    pub no_show_margin_pct: String,
    /// `preview` (the default) or `save`.
    #[serde(default)]
    pub action: String,
}

impl Default for TemplateForm {
    /// PMI's usual day: 08.00-13.00, 30-minute slots, 4 beds, 3 donors per
    /// bed per hour, 10 % for no-shows.
    fn default() -> Self {
        TemplateForm {
            start: "08:00".into(),
            end: "13:00".into(),
            slot_minutes: "30".into(),
            beds: "4".into(),
            donors_per_bed_per_hour: "3".into(),
            no_show_margin_pct: "10".into(),
            action: String::new(),
        }
    }
}

/// One input of the template form.
pub struct FieldView {
    pub name: &'static str,
    pub value: String,
    pub kind: &'static str,
    pub label: &'static str,
}

impl TemplateForm {
    /// The slots the template plans, or what is wrong with it.
    pub(super) fn parse(&self, ctx: &PageCtx) -> Result<Vec<PlannedSlot>, FormErrors> {
        let mut errors = FormErrors::default();
        let time = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
        let whole = |s: &str| s.trim().parse::<u32>().ok();
        let start = time(&self.start);
        let end = time(&self.end);
        let minutes = whole(&self.slot_minutes);
        let beds = whole(&self.beds);
        let rate = self
            .donors_per_bed_per_hour
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok();
        let margin = whole(&self.no_show_margin_pct);
        for (field, ok) in [
            ("start", start.is_some()),
            ("end", end.is_some()),
            ("slot_minutes", minutes.is_some()),
            ("beds", beds.is_some()),
            ("donors_per_bed_per_hour", rate.is_some()),
            ("no_show_margin_pct", margin.is_some()),
        ] {
            if !ok {
                let key = if field == "start" || field == "end" {
                    "org-slots-error-time"
                } else {
                    "org-slots-error-number"
                };
                errors.add(field, ctx.t.t(key));
            }
        }
        let (Some(start), Some(end), Some(slot_minutes), Some(beds), Some(rate), Some(margin)) =
            (start, end, minutes, beds, rate, margin)
        else {
            return Err(errors);
        };
        plan_slots(&SlotTemplate {
            start,
            end,
            slot_minutes,
            beds,
            donors_per_bed_per_hour: rate,
            no_show_margin_pct: margin,
        })
        .map_err(|e| {
            errors.add(e.field(), ctx.t.message(e.message_key(), &e.message_args()));
            errors
        })
    }

    pub(super) fn fields(&self) -> Vec<FieldView> {
        let f = |name, value: &String, kind, label| FieldView {
            name,
            value: value.clone(),
            kind,
            label,
        };
        vec![
            f("start", &self.start, "time", "org-slots-start"),
            f("end", &self.end, "time", "org-slots-end"),
            f(
                "slot_minutes",
                &self.slot_minutes,
                "number",
                "org-slots-minutes",
            ),
            f("beds", &self.beds, "number", "org-slots-beds"),
            f(
                "donors_per_bed_per_hour",
                &self.donors_per_bed_per_hour,
                "text",
                "org-slots-rate",
            ),
            f(
                "no_show_margin_pct",
                &self.no_show_margin_pct,
                "number",
                "org-slots-margin",
            ),
        ]
    }
}

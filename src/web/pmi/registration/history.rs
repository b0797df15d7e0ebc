//! What has happened to a registration so far, in words: the answers given at
//! check-in, the screenings, the donation and the audit history.

use uuid::Uuid;

use super::card::differs_text;
use crate::domain::screening::{Decision, DeferralReason};
use crate::store::day_of::{DayOfAnswers, Donation, HistoryLine, Screening};
use crate::store::drives::Drive;
use crate::store::erasure::ERASED_TEXT;
use crate::store::registrations::Registration;
use crate::web::PageCtx;
use crate::web::pmi::clock;

pub struct ScreeningLine {
    pub at: String,
    pub by: String,
    pub vitals: String,
    pub suggested: String,
    pub decision: String,
    pub overridden: bool,
    pub override_reason: String,
    pub deferral: Option<String>,
    pub deferred_until: Option<String>,
    /// The group PMI tested at this screening (`A+`), if it did.
    pub tested_group: Option<String>,
    /// The test found another group than the donor's record said, in words.
    pub group_differs: Option<String>,
}

pub struct DonationLine {
    pub at: String,
    pub by: String,
    pub bag_number: String,
    pub volume_ml: i32,
    pub outcome_key: String,
    pub reaction_key: String,
    pub notes: String,
}

pub struct HistoryView {
    pub at: String,
    pub who: String,
    pub what: String,
}

/// The questions asked at check-in with their answers, if any were recorded.
pub(super) fn day_of_answers(ctx: &PageCtx, registration: &Registration) -> Vec<(String, String)> {
    registration
        .answers
        .get("day_of")
        .and_then(|v| serde_json::from_value::<DayOfAnswers>(v.clone()).ok())
        .map(|a| {
            let yes_no = |b: bool| ctx.t.t(if b { "pmi-yes" } else { "pmi-no" });
            vec![
                (ctx.t.t("pmi-q-fever"), yes_no(a.fever_last_7_days)),
                (
                    ctx.t.t("pmi-q-medication"),
                    yes_no(a.medication_last_3_days),
                ),
                (ctx.t.t("pmi-q-sleep"), yes_no(a.slept_under_4_hours)),
            ]
        })
        .unwrap_or_default()
}

pub(super) fn screening_lines(
    ctx: &PageCtx,
    drive: &Drive,
    screenings: &[(Screening, String)],
) -> Vec<ScreeningLine> {
    screenings
        .iter()
        .map(|(s, by)| ScreeningLine {
            at: clock(ctx, drive, &s.recorded_at),
            by: by.clone(),
            vitals: vitals_summary(ctx, s),
            suggested: ctx.t.message(decision_key(&s.suggested_decision), &[]),
            decision: ctx.t.message(decision_key(&s.final_decision), &[]),
            overridden: s.suggested_decision != s.final_decision,
            override_reason: s
                .override_reason
                .as_deref()
                .map(|r| shown_text(ctx, r))
                .unwrap_or_default(),
            deferral: s
                .deferral_reason
                .as_deref()
                .and_then(|r| r.parse::<DeferralReason>().ok())
                .map(|r| ctx.t.message(r.message_key(), &[])),
            deferred_until: s.deferred_until.map(|d| ctx.t.long_date(d)),
            tested_group: s.tested_group().map(|g| g.to_string()),
            group_differs: screening_differs(ctx, s),
        })
        .collect()
}

/// What this screening's test says against the record it replaced, when they differ.
fn screening_differs(ctx: &PageCtx, s: &Screening) -> Option<String> {
    let tested = s.tested_group()?;
    let (group, rhesus) = s.declared_group()?;
    tested
        .contradicts(group, rhesus)
        .then(|| differs_text(ctx, &tested.to_string(), group, rhesus))
}

pub(super) fn donation_line(
    ctx: &PageCtx,
    drive: &Drive,
    donation: Option<&(Donation, String)>,
) -> Option<DonationLine> {
    donation.map(|(d, by)| DonationLine {
        at: clock(ctx, drive, &d.recorded_at),
        by: by.clone(),
        bag_number: d.bag_number.clone(),
        volume_ml: d.volume_ml,
        outcome_key: format!("pmi-outcome-{}", d.outcome),
        reaction_key: format!("pmi-reaction-{}", d.reaction),
        notes: d.notes.clone(),
    })
}

pub(super) fn history_views(
    ctx: &PageCtx,
    drive: &Drive,
    history: &[HistoryLine],
    screenings: &[(Screening, String)],
) -> Vec<HistoryView> {
    history
        .iter()
        .map(|h| HistoryView {
            at: format!(
                "{}, {}",
                ctx.t
                    .short_date(h.at.with_timezone(&drive.tz()).date_naive()),
                clock(ctx, drive, &h.at)
            ),
            who: h
                .actor_name
                .clone()
                .unwrap_or_else(|| ctx.t.t(&format!("pmi-actor-{}", h.actor_kind))),
            what: history_what(ctx, h, screenings),
        })
        .collect()
}

/// A history line in words. An override's reason is read from its screening
/// (the audit line only names the screening), so erasure clears it here too.
fn history_what(ctx: &PageCtx, line: &HistoryLine, screenings: &[(Screening, String)]) -> String {
    let key = format!("pmi-history-{}", line.action.replace(['.', '_'], "-"));
    let mut text = if ctx.t.has(&key) {
        ctx.t.t(&key)
    } else {
        line.action.clone()
    };
    let screening_id = line
        .details
        .get("screening_id")
        .and_then(|v| v.as_str())
        .and_then(|id| id.parse::<Uuid>().ok());
    let reason = screening_id
        .and_then(|id| screenings.iter().find(|(s, _)| s.id == id))
        .and_then(|(s, _)| s.override_reason.as_deref());
    if let Some(reason) = reason {
        let reason = shown_text(ctx, reason);
        text.push_str(&format!(" ({}: {reason})", ctx.t.t("pmi-override-reason")));
    }
    if let Some(bag) = line.details.get("bag_number").and_then(|v| v.as_str()) {
        text.push_str(&format!(" · {bag}"));
    }
    text
}

/// Free text as typed, or a word saying it was erased with the donor's data.
fn shown_text(ctx: &PageCtx, text: &str) -> String {
    if text == ERASED_TEXT {
        ctx.t.t("pmi-erased-text")
    } else {
        text.to_owned()
    }
}

fn vitals_summary(ctx: &PageCtx, s: &Screening) -> String {
    let num = |v: f64| {
        let text = crate::domain::messages::format_number(v);
        if ctx.t.lang == crate::i18n::Lang::Id {
            text.replace('.', ",")
        } else {
            text
        }
    };
    format!(
        "{} kg · Hb {} g/dL · {}/{} mmHg · {} /min · {} °C",
        num(s.weight_kg),
        num(s.hb_g_dl),
        s.systolic,
        s.diastolic,
        s.pulse,
        num(s.temperature_c)
    )
}

fn decision_key(s: &str) -> &'static str {
    match s.parse::<Decision>() {
        Ok(d) => d.message_key(),
        Err(()) => "screening-decision-defer",
    }
}

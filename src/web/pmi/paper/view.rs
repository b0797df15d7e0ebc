//! The sheet as a form: what the page loads, one view per row (what the
//! stations recorded shown read-only, inputs for the rest), the slot picker,
//! and `GET /pmi/drives/{slug}/paper?slot=<id>`.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use super::form::{RowForm, SheetForm, WALK_IN_ROWS, WalkInForm};
use crate::db::PgPool;
use crate::domain::messages::format_number;
use crate::domain::paper::Stage;
use crate::domain::screening::{Decision, DeferralReason};
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::store::drives::Drive;
use crate::store::paper::{self, SheetRow};
use crate::store::slots::Slot;
use crate::store::units::WorkUnit;
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::pmi::{clock, code_display, slot_label, status_key, tested_group_choices};
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

pub(super) struct Loaded {
    pub drive: Drive,
    pub slots: Vec<Slot>,
    /// The slot asked for, when it is one of the drive's.
    pub slot: Option<Slot>,
    pub rows: Vec<SheetRow>,
    pub units: Vec<WorkUnit>,
}

pub(super) async fn load(
    pool: &web::Data<PgPool>,
    slug: String,
    slot_id: Option<Uuid>,
) -> Result<Loaded, AppError> {
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let slot = slot_id.and_then(|id| slots.iter().find(|s| s.id == id).cloned());
        let rows = match &slot {
            Some(s) => paper::sheet(conn, drive.id, s.id)?,
            None => Vec::new(),
        };
        let units = drive.units(conn)?;
        Ok(Loaded {
            drive,
            slots,
            slot,
            rows,
            units,
        })
    })
    .await
}

/// What the sheet showed of a row: a change since means a colleague
/// recorded something meanwhile.
pub(super) fn seen(row: &SheetRow) -> String {
    format!(
        "{}:{}:{}",
        row.roster.status.as_str(),
        row.screenings,
        u8::from(row.donation.is_some())
    )
}

/// What the database holds for the row, as `domain::paper` needs it.
pub(super) fn stage(row: &SheetRow) -> Stage {
    let checked_in = row.roster.status == RegistrationStatus::CheckedIn;
    Stage {
        checked_in,
        accepted: checked_in
            && row
                .latest
                .as_ref()
                .is_some_and(|s| s.final_decision == Decision::Accept.as_str()),
    }
}

/// Whether the sheet still takes anything for this person.
pub(super) fn open(row: &SheetRow) -> bool {
    matches!(
        row.roster.status,
        RegistrationStatus::Booked | RegistrationStatus::CheckedIn
    )
}

/// A screening already recorded, as the row shows it.
pub struct RecordedScreening {
    pub weight: String,
    pub hb: String,
    pub bp: String,
    pub pulse: String,
    pub temperature: String,
    pub group: String,
    pub decision: String,
    pub accepted: bool,
}

/// One row of the sheet.
pub struct RowView {
    /// The prefix of its field names: `r.<id>` or `w.<n>`.
    pub name: String,
    /// The prefix of its element ids: `r-<id>` or `w-<n>`.
    pub dom: String,
    pub no: usize,
    pub walk_in: bool,
    pub person: String,
    pub id_number: String,
    pub unit: String,
    pub code: String,
    pub link: String,
    pub status: String,
    /// The check-in time when the desk checked the donor in already.
    pub checked_in_at: Option<String>,
    pub open_present: bool,
    pub open_screening: bool,
    pub open_bag: bool,
    pub recorded: Option<RecordedScreening>,
    pub recorded_bag: Option<String>,
    pub form: RowForm,
    pub walk_in_form: WalkInForm,
    pub errors: FormErrors,
    /// The system's suggestion from the vitals typed, once read.
    pub suggestion: Option<String>,
}

impl RowView {
    pub fn field_id(&self, column: &str) -> String {
        format!("{}-{column}", self.dom)
    }
}

/// What reading a posted row found: its problems by column, and the
/// system's suggestion from its vitals.
#[derive(Default)]
pub(super) struct RowMarks {
    pub errors: FormErrors,
    pub suggestion: Option<String>,
}

/// What reading a posted sheet found, by row (`dom`).
#[derive(Default)]
pub(super) struct Marks {
    pub rows: BTreeMap<String, RowMarks>,
}

impl Marks {
    fn take(&mut self, dom: &str) -> RowMarks {
        self.rows.remove(dom).unwrap_or_default()
    }

    pub fn has_problems(&self) -> bool {
        self.rows.values().any(|m| !m.errors.is_empty())
    }
}

pub struct SlotChoice {
    pub id: String,
    pub label: String,
    pub people: usize,
}

#[derive(Template)]
#[template(path = "pmi/paper.html")]
pub struct PaperPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub title: String,
    pub date: String,
    /// The slot's id and label, when a slot is open.
    pub slot: Option<(String, String)>,
    pub slots: Vec<SlotChoice>,
    pub rows: Vec<RowView>,
    pub walk_ins: Vec<RowView>,
    pub units: Vec<(String, String)>,
    pub deferral_reasons: Vec<(&'static str, String)>,
    pub tested_group_choices: Vec<(String, String)>,
    pub notice: Option<Notice>,
    /// Every problem of the sheet: (field id to jump to, text).
    pub problems: Vec<(String, String)>,
}

fn recorded(ctx: &PageCtx, row: &SheetRow) -> Option<RecordedScreening> {
    let s = row.latest.as_ref()?;
    let decision = s.final_decision.parse::<Decision>().ok()?;
    Some(RecordedScreening {
        weight: format_number(s.weight_kg),
        hb: format_number(s.hb_g_dl),
        bp: format!("{}/{}", s.systolic, s.diastolic),
        pulse: s.pulse.to_string(),
        temperature: format_number(s.temperature_c),
        group: s.tested_group().map(|g| g.to_string()).unwrap_or_default(),
        decision: ctx.t.t(decision.message_key()),
        accepted: decision == Decision::Accept,
    })
}

fn registration_row(
    ctx: &PageCtx,
    drive: &Drive,
    no: usize,
    row: &SheetRow,
    typed: Option<&RowForm>,
    marks: &mut Marks,
) -> RowView {
    let r = &row.roster;
    let dom = format!("r-{}", r.id);
    let is_open = open(row);
    let st = stage(row);
    let mut form = typed.cloned().unwrap_or_default();
    form.seen = seen(row);
    let show_recorded = row.latest.is_some() && (st.accepted || !is_open);
    let found = marks.take(&dom);
    RowView {
        name: format!("r.{}", r.id),
        no,
        walk_in: false,
        person: r.full_name.clone(),
        id_number: r.nip.clone().or_else(|| r.nik.clone()).unwrap_or_default(),
        unit: r.unit_name.clone().unwrap_or_default(),
        code: code_display(&r.code),
        link: format!("/pmi/registrations/{}", r.id),
        status: ctx.t.t(&status_key(r.status)),
        checked_in_at: r.checked_in_at.map(|at| clock(ctx, drive, &at)),
        open_present: is_open && !st.checked_in,
        open_screening: is_open && !st.accepted,
        open_bag: is_open && row.donation.is_none(),
        recorded: if show_recorded {
            recorded(ctx, row)
        } else {
            None
        },
        recorded_bag: row.donation.as_ref().map(|d| d.bag_number.clone()),
        form,
        walk_in_form: WalkInForm::default(),
        errors: found.errors,
        suggestion: found.suggestion,
        dom,
    }
}

fn walk_in_row(no: usize, index: usize, typed: WalkInForm, marks: &mut Marks) -> RowView {
    let dom = format!("w-{index}");
    let found = marks.take(&dom);
    RowView {
        name: format!("w.{index}"),
        no,
        walk_in: true,
        person: String::new(),
        id_number: String::new(),
        unit: String::new(),
        code: String::new(),
        link: String::new(),
        status: String::new(),
        checked_in_at: None,
        open_present: true,
        open_screening: true,
        open_bag: true,
        recorded: None,
        recorded_bag: None,
        form: typed.marks.clone(),
        walk_in_form: typed,
        errors: found.errors,
        suggestion: found.suggestion,
        dom,
    }
}

/// The page: the picker, or the slot's sheet with what was typed (`sheet`)
/// and the problems found (`marks`).
pub(super) fn page(
    ctx: PageCtx,
    loaded: &Loaded,
    sheet: Option<&SheetForm>,
    mut marks: Marks,
) -> PaperPage {
    let drive = &loaded.drive;
    let rows: Vec<RowView> = loaded
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let typed = sheet.and_then(|s| s.rows.get(&row.roster.id));
            registration_row(&ctx, drive, i + 1, row, typed, &mut marks)
        })
        .collect();
    let walk_ins = (0..WALK_IN_ROWS)
        .map(|i| {
            let typed = sheet
                .and_then(|s| s.walk_ins.get(i).cloned())
                .unwrap_or_default();
            walk_in_row(rows.len() + i + 1, i, typed, &mut marks)
        })
        .collect();
    PaperPage {
        slug: drive.slug.clone(),
        title: drive.title.clone(),
        date: ctx.t.long_date(drive.drive_date),
        slot: loaded
            .slot
            .as_ref()
            .map(|s| (s.id.to_string(), slot_label(&ctx, drive, s))),
        slots: loaded
            .slots
            .iter()
            .map(|s| SlotChoice {
                id: s.id.to_string(),
                label: slot_label(&ctx, drive, s),
                people: usize::try_from(s.booked).unwrap_or_default(),
            })
            .collect(),
        rows,
        walk_ins,
        units: loaded
            .units
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        deferral_reasons: DeferralReason::ALL
            .iter()
            .map(|r| (r.as_str(), ctx.t.t(r.message_key())))
            .collect(),
        tested_group_choices: tested_group_choices(),
        notice: None,
        problems: Vec::new(),
        ctx,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct PaperQuery {
    #[serde(default)]
    pub slot: String,
    #[serde(default)]
    pub checked_in: String,
    #[serde(default)]
    pub screened: String,
    #[serde(default)]
    pub donated: String,
    #[serde(default)]
    pub walk_ins: String,
}

impl PaperQuery {
    /// "Recorded from the sheet: …" after a successful submit.
    fn done(&self, ctx: &PageCtx) -> Option<Notice> {
        let count = |s: &str| s.trim().parse::<u32>().ok();
        let (Some(c), Some(s), Some(d), Some(w)) = (
            count(&self.checked_in),
            count(&self.screened),
            count(&self.donated),
            count(&self.walk_ins),
        ) else {
            return None;
        };
        if [c, s, d, w].iter().all(|n| *n == 0) {
            return Some(Notice::new("info", ctx.t.t("paper-done-nothing")));
        }
        Some(Notice::ok(ctx.t.message(
            "paper-done",
            &[
                ("check_ins", c.to_string()),
                ("screenings", s.to_string()),
                ("donations", d.to_string()),
                ("walk_ins", w.to_string()),
            ],
        )))
    }
}

/// `GET /pmi/drives/{slug}/paper[?slot=<id>]`: the slot picker, or one
/// slot's sheet as a form.
pub async fn show(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<PaperQuery>,
    _: Pmi,
) -> Result<HttpResponse, AppError> {
    let wanted = query.slot.trim();
    let slot_id = wanted.parse::<Uuid>().ok();
    let loaded = load(&pool, slug.into_inner(), slot_id).await?;
    let ctx = PageCtx::new(&req);
    let notice = if !wanted.is_empty() && loaded.slot.is_none() {
        Some(Notice::bad(ctx.t.t("paper-no-such-slot")))
    } else {
        query.done(&ctx)
    };
    let mut p = page(ctx, &loaded, None, Marks::default());
    p.notice = notice;
    let status = if !wanted.is_empty() && loaded.slot.is_none() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    respond::html(status, &p)
}

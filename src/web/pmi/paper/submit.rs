//! `POST /pmi/drives/{slug}/paper`: the whole sheet in one submit, all or
//! nothing. Every row is read with the stations' own parsers; one bad row
//! and nothing is written (422, every typed value back, each problem next to
//! its field); one row a colleague recorded meanwhile, or a bag number
//! already used, and the store's single transaction rolls back (409).

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use uuid::Uuid;

use super::form::{RowForm, SheetForm, WalkInForm};
use super::view::{Loaded, Marks, PaperPage, RowMarks, load, open, page, seen, stage};
use crate::db::PgPool;
use crate::domain::day_of::{DonationOutcome, Reaction, parse_bag_number};
use crate::domain::paper::{self, Stage, parse_blood_pressure};
use crate::domain::registration_input::clean_text;
use crate::domain::screening::{Decision, ScreeningThresholds, Vitals, suggest};
use crate::error::AppError;
use crate::registration::{bag_volume, local_today, rules_for};
use crate::store::day_of::{NewDonation, NewScreening};
use crate::store::paper::{Conflict, PaperError, PaperRow, PaperWalkIn, Recorded, RowRef};
use crate::store::staff_directory::{self, ListedStaff};
use crate::store::walk_ins::WalkIn;
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::pmi::registration::{DonationForm, ScreeningForm};
use crate::web::pmi::registration::{
    read_donation, read_screening, read_tested_group, read_vitals,
};
use crate::web::pmi::walk_in::read_identity;
use crate::web::pmi::{clock, suggestion_text};
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

/// The longest name kept for a walk-in, in characters (as the walk-in page).
const MAX_NAME_CHARS: usize = 200;

/// One row read: what to record, once every row is good.
struct RowEntry {
    check_in: bool,
    screening: Option<NewScreening>,
    donation: Option<NewDonation>,
    /// Today's weight, from the vitals (a walk-in needs it).
    weight_kg: Option<f64>,
}

/// `POST /pmi/drives/{slug}/paper`
pub async fn submit(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let mut sheet = SheetForm::parse(&body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let slot_id = sheet.slot.trim().parse::<Uuid>().ok();
    let loaded = load(&pool, slug.into_inner(), slot_id).await?;
    let ctx = PageCtx::new(&req);
    let Some(slot_id) = loaded.slot.as_ref().map(|s| s.id) else {
        let mut p = page(ctx, &loaded, None, Marks::default());
        p.notice = Some(Notice::bad(p.ctx.t.t("paper-choose-slot")));
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    fill_from_staff_list(&pool, loaded.drive.id, &mut sheet).await?;
    let mut marks = Marks::default();
    let mut conflict = false;
    let rows = read_registrations(&ctx, &loaded, &sheet, &mut marks, &mut conflict);
    let walk_ins = read_walk_ins(&ctx, &loaded, slot_id, &sheet, &mut marks);
    let gone = rows_gone(&loaded, &sheet);
    if gone > 0 {
        conflict = true;
    }
    if marks.has_problems() || gone > 0 {
        let status = if conflict {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return refused(ctx, &loaded, &sheet, marks, gone, status);
    }
    let slug = loaded.drive.slug.clone();
    let outcome = with_conn(&pool, move |conn| {
        Ok(crate::store::paper::record_sheet(
            conn, me.id, &rows, &walk_ins,
        ))
    })
    .await?;
    match outcome {
        Ok(done) => Ok(respond::see_other(done_location(&slug, slot_id, done))),
        Err(PaperError::Conflict { row, conflict }) => {
            let fresh = load(&pool, slug, Some(slot_id)).await?;
            let mut marks = Marks::default();
            let (dom, field, text) = conflict_mark(&ctx, &fresh, row, &conflict);
            marks.rows.entry(dom).or_default().errors.add(field, text);
            refused(ctx, &fresh, &sheet, marks, 0, StatusCode::CONFLICT)
        }
        Err(PaperError::Database(e)) => Err(e.into()),
    }
}

fn done_location(slug: &str, slot_id: Uuid, done: Recorded) -> String {
    format!(
        "/pmi/drives/{slug}/paper?slot={slot_id}&checked_in={}&screened={}&donated={}&walk_ins={}",
        done.check_ins, done.screenings, done.donations, done.walk_ins
    )
}

/// The sheet again, every typed value kept, each problem next to its field
/// and listed at the top; nothing was written.
fn refused(
    ctx: PageCtx,
    loaded: &Loaded,
    sheet: &SheetForm,
    marks: Marks,
    gone: usize,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut p: PaperPage = page(ctx, loaded, Some(sheet), marks);
    let mut problems = Vec::new();
    for row in p.rows.iter().chain(p.walk_ins.iter()) {
        for (field, text) in row.errors.list() {
            let who = if row.walk_in {
                p.ctx.t.t1("paper-walk-in-row", "no", row.no)
            } else {
                format!("{}. {}", row.no, row.person)
            };
            let who = match column_key(field) {
                Some(key) => format!("{who} · {}", p.ctx.t.t(key)),
                None => who,
            };
            problems.push((row.field_id(field), format!("{who}: {text}")));
        }
    }
    let mut text = p.ctx.t.t1("paper-refused", "count", problems.len());
    if gone > 0 {
        text = format!("{} {}", p.ctx.t.t1("paper-rows-gone", "count", gone), text);
    }
    p.notice = Some(Notice::bad(text));
    p.problems = problems;
    respond::html(status, &p)
}

/// The label of a sheet column, for the list of problems.
fn column_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "present" => "paper-col-paraf",
        "weight_kg" => "paper-col-weight",
        "hb_g_dl" => "paper-col-hb",
        "bp" => "paper-col-bp",
        "pulse" => "paper-col-pulse",
        "temperature_c" => "paper-col-temperature",
        "tested_group" => "paper-col-group",
        "bag_number" => "paper-col-bag",
        "decision" => "paper-col-decision",
        "deferral_reason" => "paper-deferral-reason",
        "override_reason" => "paper-override-reason",
        "id_number" => "pmi-col-id-number",
        "full_name" => "pmi-col-name",
        "work_unit" => "pmi-col-unit",
        _ => return None,
    })
}

/// Where the store's conflict is shown: (row, field, text).
fn conflict_mark(
    ctx: &PageCtx,
    loaded: &Loaded,
    row: RowRef,
    conflict: &Conflict,
) -> (String, &'static str, String) {
    let dom = match row {
        RowRef::Registration(id) => format!("r-{id}"),
        RowRef::WalkIn(n) => format!("w-{n}"),
    };
    let (field, text) = match conflict {
        Conflict::AlreadyCheckedIn { by, at } => (
            "row",
            ctx.t.message(
                "paper-conflict-checked-in",
                &[
                    ("name", by.clone()),
                    ("time", clock(ctx, &loaded.drive, at)),
                ],
            ),
        ),
        Conflict::RecordedMeanwhile => ("row", ctx.t.t("paper-conflict-recorded-meanwhile")),
        Conflict::BagTaken => ("bag_number", ctx.t.t("pmi-bag-taken")),
        Conflict::AlreadyRegistered => ("id_number", ctx.t.t("pmi-walk-in-duplicate")),
    };
    (dom, field, text)
}

/// Rows typed for people no longer in this slot (moved, cancelled since).
fn rows_gone(loaded: &Loaded, sheet: &SheetForm) -> usize {
    sheet
        .rows
        .iter()
        .filter(|(id, form)| {
            form.written().anything() && !loaded.rows.iter().any(|r| r.roster.id == **id)
        })
        .count()
}

/// A walk-in written with only the NIP/NIK gets the name and unit the staff
/// list holds for it, as the walk-in page does.
async fn fill_from_staff_list(
    pool: &web::Data<PgPool>,
    drive_id: Uuid,
    sheet: &mut SheetForm,
) -> Result<(), AppError> {
    let wanted: Vec<(usize, String)> = sheet
        .walk_ins
        .iter()
        .enumerate()
        .filter(|(_, w)| w.full_name.trim().is_empty() || w.work_unit.trim().is_empty())
        .map(|(i, w)| {
            let digits: String = w.id_number.chars().filter(char::is_ascii_digit).collect();
            (i, digits)
        })
        .filter(|(_, digits)| matches!(digits.len(), 16 | 18))
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let found: Vec<(usize, Option<ListedStaff>)> = with_conn(pool, move |conn| {
        let mut found = Vec::new();
        for (i, digits) in wanted {
            found.push((i, staff_directory::find_listed(conn, drive_id, &digits)?));
        }
        Ok(found)
    })
    .await?;
    for (i, listed) in found {
        if let (Some(entry), Some(w)) = (listed, sheet.walk_ins.get_mut(i)) {
            if w.full_name.trim().is_empty() {
                w.full_name = entry.full_name;
            }
            if w.work_unit.trim().is_empty() {
                w.work_unit = entry.unit_code;
            }
        }
    }
    Ok(())
}

/// The registrations' rows: what to record for each, or their problems.
fn read_registrations(
    ctx: &PageCtx,
    loaded: &Loaded,
    sheet: &SheetForm,
    marks: &mut Marks,
    conflict: &mut bool,
) -> Vec<PaperRow> {
    let mut out = Vec::new();
    let mut bags: HashMap<String, usize> = HashMap::new();
    for (i, row) in loaded.rows.iter().enumerate() {
        let Some(form) = sheet.rows.get(&row.roster.id) else {
            continue;
        };
        let mut found = RowMarks::default();
        let changed = form.seen.trim() != seen(row) || !open(row);
        if form.written().anything() && changed {
            found
                .errors
                .add("row", ctx.t.t("paper-conflict-recorded-meanwhile"));
            *conflict = true;
        } else {
            let entry = read_row(ctx, loaded, stage(row), form, row.screenings, &mut found);
            note_bag(ctx, form, i + 1, &mut bags, &mut found.errors);
            if let Some(entry) = entry.filter(|_| found.errors.is_empty()) {
                out.push(PaperRow {
                    registration_id: row.roster.id,
                    check_in: entry.check_in,
                    screening: entry.screening,
                    donation: entry.donation,
                });
            }
        }
        marks.rows.insert(format!("r-{}", row.roster.id), found);
    }
    let offset = loaded.rows.len();
    for (i, w) in sheet.walk_ins.iter().enumerate() {
        let mut found = RowMarks::default();
        note_bag(ctx, &w.marks, offset + i + 1, &mut bags, &mut found.errors);
        marks.rows.insert(format!("w-{i}"), found);
    }
    out
}

/// The same bag number on two rows of one sheet is a slip of the pen.
fn note_bag(
    ctx: &PageCtx,
    form: &RowForm,
    no: usize,
    bags: &mut HashMap<String, usize>,
    errors: &mut FormErrors,
) {
    let Some(bag) = parse_bag_number(&form.bag_number) else {
        return;
    };
    match bags.get(&bag) {
        Some(first) => errors.add("bag_number", ctx.t.t1("paper-bag-twice", "no", first)),
        None => {
            bags.insert(bag, no);
        }
    }
}

/// The walk-ins written on the blank rows.
fn read_walk_ins(
    ctx: &PageCtx,
    loaded: &Loaded,
    slot_id: Uuid,
    sheet: &SheetForm,
    marks: &mut Marks,
) -> Vec<PaperWalkIn> {
    let mut out = Vec::new();
    for (i, w) in sheet.walk_ins.iter().enumerate() {
        if !w.written() {
            continue;
        }
        let dom = format!("w-{i}");
        let mut found = marks.rows.remove(&dom).unwrap_or_default();
        if let Some(walk_in) = read_walk_in(ctx, loaded, slot_id, w, &mut found)
            && found.errors.is_empty()
        {
            out.push(PaperWalkIn {
                index: i,
                full_slot_reason: ctx.t.t("paper-walk-in-beyond-capacity"),
                walk_in: walk_in.0,
                screening: walk_in.1.screening,
                donation: walk_in.1.donation,
            });
        }
        marks.rows.insert(dom, found);
    }
    out
}

fn read_walk_in(
    ctx: &PageCtx,
    loaded: &Loaded,
    slot_id: Uuid,
    w: &WalkInForm,
    found: &mut RowMarks,
) -> Option<(WalkIn, RowEntry)> {
    let drive = &loaded.drive;
    let errors = &mut found.errors;
    let today = local_today(drive, Utc::now());
    let identity = read_identity(ctx, &w.id_number, today, errors);
    let full_name = clean_text(&w.full_name);
    if full_name.is_empty() {
        errors.add("full_name", ctx.t.t("pmi-required"));
    } else if full_name.chars().count() > MAX_NAME_CHARS {
        errors.add("full_name", ctx.t.t("pmi-too-long"));
    }
    let unit = loaded.units.iter().find(|u| u.code == w.work_unit.trim());
    if unit.is_none() {
        errors.add("work_unit", ctx.t.t("pmi-required"));
    }
    if !w.marks.present {
        errors.add("present", ctx.t.t("paper-problem-no-paraf"));
    }
    let entry = read_row(ctx, loaded, Stage::default(), &w.marks, 0, found);
    let errors = &mut found.errors;
    let weight = entry.as_ref().and_then(|e| e.weight_kg);
    if entry.is_some() && weight.is_none() && !w.marks.written().vitals {
        errors.add("weight_kg", ctx.t.t("paper-walk-in-weight"));
    }
    let (id_number, birth_date, sex) = identity?;
    if !errors.is_empty() {
        return None;
    }
    let walk_in = WalkIn {
        drive_id: drive.id,
        drive_date: drive.drive_date,
        id_number,
        full_name,
        sex,
        birth_date,
        work_unit_id: unit?.id,
        phone: None,
        weight_kg: weight?,
        slot_id,
        over_capacity_reason: None,
        // The group PMI tests is recorded with the row's screening.
        declared_group: None,
    };
    Some((walk_in, entry?))
}

/// One row's columns read with the stations' parsers. `None` when the row
/// is blank or has problems (then in `errors`).
fn read_row(
    ctx: &PageCtx,
    loaded: &Loaded,
    stage: Stage,
    form: &RowForm,
    screenings_seen: i64,
    found: &mut RowMarks,
) -> Option<RowEntry> {
    let deferring = form.decision.trim() == Decision::Defer.as_str();
    let steps = match paper::steps(stage, form.written(), deferring) {
        Ok(Some(steps)) => steps,
        Ok(None) => return None,
        Err(problem) => {
            found
                .errors
                .add(problem.field(), ctx.t.t(problem.message_key()));
            return None;
        }
    };
    let mut entry = RowEntry {
        check_in: steps.check_in,
        screening: None,
        donation: None,
        weight_kg: None,
    };
    if steps.screen {
        let (screening, vitals) = read_screening_columns(ctx, loaded, form, screenings_seen, found);
        entry.screening = screening;
        entry.weight_kg = vitals.map(|v| v.weight_kg);
    }
    if steps.donate {
        let donation = DonationForm {
            bag_number: form.bag_number.clone(),
            volume_ml: loaded.drive.bag_volume_ml.to_string(),
            outcome: DonationOutcome::Complete.as_str().to_owned(),
            reaction: Reaction::None.as_str().to_owned(),
            notes: String::new(),
        };
        match read_donation(ctx, &donation) {
            Ok(new) => entry.donation = Some(new),
            Err(e) => merge(&mut found.errors, &e),
        }
    }
    Some(entry)
}

/// The vitals, blood group and decision of a row: the screening to record.
fn read_screening_columns(
    ctx: &PageCtx,
    loaded: &Loaded,
    form: &RowForm,
    screenings_seen: i64,
    found: &mut RowMarks,
) -> (Option<NewScreening>, Option<Vitals>) {
    let errors = &mut found.errors;
    // A blood pressure that cannot be read is named; the other vitals are
    // still checked (with a stand-in pressure) so every problem shows at once.
    let mut bp_unreadable = false;
    let (systolic, diastolic) = match parse_blood_pressure(&form.bp) {
        Ok(Some((s, d))) => (s.to_string(), d.to_string()),
        Ok(None) => (String::new(), String::new()),
        Err(_) => {
            errors.add("bp", ctx.t.t("paper-bp-invalid"));
            bp_unreadable = true;
            ("120".to_owned(), "80".to_owned())
        }
    };
    let mut screening = ScreeningForm {
        weight_kg: form.weight_kg.clone(),
        hb_g_dl: form.hb_g_dl.clone(),
        systolic,
        diastolic,
        pulse: form.pulse.clone(),
        temperature_c: form.temperature_c.clone(),
        tested_group: form.tested_group.clone(),
        decision: form.decision.trim().to_owned(),
        override_reason: form.override_reason.clone(),
        deferral_reason: form.deferral_reason.trim().to_owned(),
        deferred_until: String::new(),
        seen: screenings_seen.to_string(),
    };
    let mut parsed = FormErrors::default();
    read_tested_group(ctx, &screening.tested_group, &mut parsed);
    let vitals = read_vitals(ctx, &screening, &mut parsed);
    merge(errors, &parsed);
    let Some(vitals) = vitals.filter(|_| !bp_unreadable) else {
        return (None, None);
    };
    let drive = &loaded.drive;
    let suggestion = suggest(
        &ScreeningThresholds::default(),
        &rules_for(drive),
        &vitals,
        bag_volume(drive),
    );
    found.suggestion = Some(suggestion_text(ctx, &suggestion));
    // A deferral without its reason takes the suggestion's first one, as the
    // screening form preselects it.
    if screening.decision == Decision::Defer.as_str()
        && screening.deferral_reason.is_empty()
        && let Some(first) = suggestion.reasons.first()
    {
        screening.deferral_reason = first.category.as_str().to_owned();
    }
    match read_screening(ctx, &screening, vitals, &suggestion, drive.drive_date) {
        Ok(new) => (Some(new), Some(vitals)),
        Err(e) => {
            merge(&mut found.errors, &e);
            (None, Some(vitals))
        }
    }
}

/// The station parsers' errors under the sheet's columns (the blood
/// pressure is one column on paper).
fn merge(into: &mut FormErrors, found: &FormErrors) {
    for (field, text) in found.list() {
        let column = match field.as_str() {
            "systolic" | "diastolic" => "bp",
            other => other,
        };
        into.add(column, text.clone());
    }
}

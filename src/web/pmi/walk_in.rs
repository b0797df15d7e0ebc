//! `/pmi/drives/{slug}/walk-in`: a donor who did not register, with only the
//! essentials, seated in a slot with room — or beyond capacity when the
//! coordinator says so, with a reason (audited).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;

use super::{parse_decimal, slot_label, tested_group_choices};
use crate::db::PgPool;
use crate::domain::identity::{Sex, parse_nik, parse_nip};
use crate::domain::registration_input::{IdentityNumber, clean_text, normalise_phone};
use crate::domain::tested_group::TestedGroup;
use crate::error::AppError;
use crate::registration::local_today;
use crate::store::drives::Drive;
use crate::store::registrations::BookingError;
use crate::store::slots::Slot;
use crate::store::staff_directory::{self, ListedStaff};
use crate::store::units::WorkUnit;
use crate::store::walk_ins::{WalkIn, register_walk_in};
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct WalkInForm {
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub work_unit: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub weight_kg: String,
    /// The group the donor says they have (`A+` … `O-`), empty when they do not know.
    #[serde(default)]
    pub blood_group: String,
    #[serde(default)]
    pub slot_id: String,
    #[serde(default)]
    pub over_capacity: String,
    #[serde(default)]
    pub over_capacity_reason: String,
    /// "Cari di daftar pegawai": fill the name and unit from the staff list.
    #[serde(default)]
    pub lookup: Option<String>,
}

pub struct SlotChoice {
    pub id: String,
    pub label: String,
    pub seats_left: i32,
}

#[derive(Template)]
#[template(path = "pmi/walk_in.html")]
pub struct WalkInPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub drive_title: String,
    pub form: WalkInForm,
    pub errors: FormErrors,
    pub notice: Option<Notice>,
    pub units: Vec<(String, String)>,
    pub slots: Vec<SlotChoice>,
    /// The groups a donor may give (`A+` … `O-`, each with its printed label).
    pub group_choices: Vec<(String, String)>,
}

struct Loaded {
    drive: Drive,
    slots: Vec<Slot>,
    units: Vec<WorkUnit>,
}

async fn load(pool: &web::Data<PgPool>, slug: String) -> Result<Loaded, AppError> {
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let units = drive.units(conn)?;
        Ok(Loaded {
            drive,
            slots,
            units,
        })
    })
    .await
}

fn page(ctx: PageCtx, loaded: &Loaded, form: WalkInForm) -> WalkInPage {
    WalkInPage {
        slug: loaded.drive.slug.clone(),
        drive_title: loaded.drive.title.clone(),
        units: loaded
            .units
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect(),
        slots: loaded
            .slots
            .iter()
            .map(|s| SlotChoice {
                id: s.id.to_string(),
                label: slot_label(&ctx, &loaded.drive, s),
                seats_left: s.seats_left(),
            })
            .collect(),
        group_choices: tested_group_choices(),
        form,
        errors: FormErrors::default(),
        notice: None,
        ctx,
    }
}

/// `GET /pmi/drives/{slug}/walk-in`
pub async fn form(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    _: Pmi,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, slug.into_inner()).await?;
    let now = Utc::now();
    // The slot running now (or the next one) is the likely choice.
    let current = loaded
        .slots
        .iter()
        .find(|s| s.ends_at > now && s.seats_left() > 0)
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let form = WalkInForm {
        slot_id: current,
        ..Default::default()
    };
    respond::html(StatusCode::OK, &page(PageCtx::new(&req), &loaded, form))
}

/// Reads the form into a walk-in, or names every problem.
fn read(
    ctx: &PageCtx,
    loaded: &Loaded,
    form: &WalkInForm,
    errors: &mut FormErrors,
) -> Option<WalkIn> {
    let today = local_today(&loaded.drive, Utc::now());
    let identity = read_identity(ctx, &form.id_number, today, errors);
    let full_name = clean_text(&form.full_name);
    if full_name.is_empty() || full_name.chars().count() > 200 {
        errors.add("full_name", ctx.t.t("pmi-required"));
    }
    let unit = loaded
        .units
        .iter()
        .find(|u| u.code == form.work_unit.trim());
    if unit.is_none() {
        errors.add("work_unit", ctx.t.t("pmi-required"));
    }
    let phone = if form.phone.trim().is_empty() {
        None
    } else {
        let p = normalise_phone(&form.phone);
        if p.is_none() {
            errors.add("phone", ctx.t.t("pmi-phone-invalid"));
        }
        p
    };
    let weight = parse_decimal(&form.weight_kg).filter(|w| (20.0..=250.0).contains(w));
    if weight.is_none() {
        errors.add("weight_kg", ctx.t.t("pmi-weight-invalid"));
    }
    let declared_group = TestedGroup::parse(&form.blood_group).unwrap_or_else(|_| {
        errors.add("blood_group", ctx.t.t("pmi-walk-in-group-invalid"));
        None
    });
    let slot = form
        .slot_id
        .trim()
        .parse::<Uuid>()
        .ok()
        .and_then(|id| loaded.slots.iter().find(|s| s.id == id));
    if slot.is_none() {
        errors.add("slot_id", ctx.t.t("pmi-required"));
    }
    let over_capacity_reason = read_over_capacity(ctx, form, errors);
    let (id_number, birth_date, sex) = identity?;
    if !errors.is_empty() {
        return None;
    }
    Some(WalkIn {
        drive_id: loaded.drive.id,
        drive_date: loaded.drive.drive_date,
        id_number,
        full_name,
        sex,
        birth_date,
        work_unit_id: unit?.id,
        phone,
        weight_kg: weight?,
        slot_id: slot?.id,
        declared_group,
        over_capacity_reason,
    })
}

/// The NIP (18 digits) or NIK (16) typed, with the birth date and sex it holds.
pub(crate) fn read_identity(
    ctx: &PageCtx,
    typed: &str,
    today: NaiveDate,
    errors: &mut FormErrors,
) -> Option<(IdentityNumber, NaiveDate, Sex)> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let parsed = match digits.len() {
        0 => {
            errors.add("id_number", ctx.t.t("pmi-required"));
            return None;
        }
        18 => parse_nip(&digits, today)
            .map(|n| (IdentityNumber::Nip(n.digits.clone()), n.birth_date, n.sex)),
        _ => parse_nik(&digits, today)
            .map(|n| (IdentityNumber::Nik(n.digits.clone()), n.birth_date, n.sex)),
    };
    parsed
        .map_err(|e| {
            errors.add(
                "id_number",
                ctx.t.message(e.message_key(), &e.message_args()),
            )
        })
        .ok()
}

/// A seat beyond the slot's capacity needs a reason (kept, at most 1 000
/// characters); `None` when no extra seat was asked for.
fn read_over_capacity(ctx: &PageCtx, form: &WalkInForm, errors: &mut FormErrors) -> Option<String> {
    if form.over_capacity != "yes" {
        return None;
    }
    let reason = clean_text(&form.over_capacity_reason);
    if reason.is_empty() {
        errors.add(
            "over_capacity_reason",
            ctx.t.t("pmi-over-capacity-reason-required"),
        );
    } else if reason.chars().count() > 1000 {
        errors.add("over_capacity_reason", ctx.t.t("pmi-too-long"));
    }
    Some(reason)
}

/// `POST /pmi/drives/{slug}/walk-in`
pub async fn submit(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    form: web::Form<WalkInForm>,
) -> Result<HttpResponse, AppError> {
    let loaded = load(&pool, slug.into_inner()).await?;
    let mut form = form.into_inner();
    // "o neg" is kept as the choice it names, so the select shows it again.
    if let Ok(Some(group)) = TestedGroup::parse(&form.blood_group) {
        form.blood_group = group.code();
    }
    let listed = listed(&pool, &loaded.drive, &form.id_number).await?;
    if form.lookup.is_some() {
        return looked_up(PageCtx::new(&req), &loaded, form, listed);
    }
    if let Some(entry) = listed
        && form.full_name.trim().is_empty()
    {
        form.full_name = entry.full_name;
        form.work_unit = entry.unit_code;
    }
    let mut p = page(PageCtx::new(&req), &loaded, form.clone());
    let mut errors = FormErrors::default();
    let Some(walk_in) = read(&p.ctx, &loaded, &form, &mut errors) else {
        p.errors = errors;
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    };
    let outcome = with_conn(&pool, move |conn| {
        Ok(register_walk_in(conn, &walk_in, me.id))
    })
    .await?;
    match outcome {
        Ok(reg) => Ok(respond::see_other(format!(
            "/pmi/registrations/{}?done=walk_in",
            reg.id
        ))),
        Err(BookingError::SlotFull | BookingError::SlotClosed) => {
            let fresh = load(&pool, loaded.drive.slug.clone()).await?;
            let mut p = page(p.ctx, &fresh, form);
            let text = p.ctx.t.t("pmi-slot-full");
            p.errors.add("slot_id", text);
            respond::html(StatusCode::CONFLICT, &p)
        }
        Err(BookingError::Duplicate) => {
            let text = p.ctx.t.t("pmi-walk-in-duplicate");
            p.notice = Some(Notice::new("bad", text));
            respond::html(StatusCode::CONFLICT, &p)
        }
        Err(BookingError::UnknownSlot) => {
            let text = p.ctx.t.t("pmi-required");
            p.errors.add("slot_id", text);
            respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
        Err(e) => Err(e.into()),
    }
}

/// The staff-list entry for the NIP/NIK typed, among the drive's invited units.
async fn listed(
    pool: &web::Data<PgPool>,
    drive: &Drive,
    typed: &str,
) -> Result<Option<ListedStaff>, AppError> {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let drive_id = drive.id;
    with_conn(pool, move |conn| {
        Ok(staff_directory::find_listed(conn, drive_id, &digits)?)
    })
    .await
}

/// The form again after "Cari di daftar pegawai": name and unit filled from
/// the list, or a note that the number is not on it.
fn looked_up(
    ctx: PageCtx,
    loaded: &Loaded,
    mut form: WalkInForm,
    listed: Option<ListedStaff>,
) -> Result<HttpResponse, AppError> {
    form.lookup = None;
    let notice = match listed {
        Some(entry) => {
            form.full_name = entry.full_name;
            form.work_unit = entry.unit_code;
            Notice::new("ok", ctx.t.t("pmi-walk-in-listed"))
        }
        None => Notice::new("info", ctx.t.t("pmi-walk-in-not-listed")),
    };
    let mut p = page(ctx, loaded, form);
    p.notice = Some(notice);
    respond::html(StatusCode::OK, &p)
}

//! What the roster loads for a drive, and its people grouped by slot (the
//! waitlist last) with each slot's counts.

use actix_web::web;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::replica::ReadPool;
use crate::domain::identity::Sex;
use crate::domain::vocab::{BloodGroup, RegistrationSource, Rhesus};
use crate::error::AppError;
use crate::store::drives::Drive;
use crate::store::roster::{self, RosterFilter, RosterRow};
use crate::store::slots::Slot;
use crate::web::pmi::{code_display, slot_label, status_key};
use crate::web::{PageCtx, with_read_conn};

/// One person on the roster.
pub struct RosterLine {
    pub id: Uuid,
    pub name: String,
    pub id_number: String,
    pub unit: String,
    pub sex_key: &'static str,
    pub age: i32,
    pub blood: String,
    /// The group shown is PMI's result (else the donor's word, or unknown).
    pub blood_tested: bool,
    pub code: String,
    pub status: &'static str,
    pub status_key: String,
    pub over_capacity: bool,
    pub walk_in: bool,
}

/// The people of one slot (or the waitlist), with its counts.
pub struct RosterGroup {
    pub slot_id: Option<Uuid>,
    pub label: String,
    pub capacity: i32,
    pub booked: i32,
    pub seats_left: i32,
    pub arrived: i64,
    pub lines: Vec<RosterLine>,
}

pub fn blood_label(group: BloodGroup, rhesus: Rhesus) -> String {
    let g = match group {
        BloodGroup::Unknown => "?",
        other => other.as_str(),
    };
    let r = match rhesus {
        Rhesus::Positive => "+",
        Rhesus::Negative => "−",
        Rhesus::Unknown => "",
    };
    format!("{g}{r}")
}

fn id_number(row: &RosterRow) -> String {
    row.nip
        .clone()
        .or_else(|| row.nik.clone())
        .unwrap_or_default()
}

fn line(row: &RosterRow) -> RosterLine {
    RosterLine {
        id: row.id,
        name: row.full_name.clone(),
        id_number: id_number(row),
        unit: row.unit_name.clone().unwrap_or_default(),
        sex_key: match row.sex {
            Sex::Male => "pmi-sex-male",
            Sex::Female => "pmi-sex-female",
        },
        age: row.age_years,
        blood: blood_label(row.blood_group, row.rhesus),
        blood_tested: row.blood_tested,
        code: code_display(&row.code),
        status: row.status.as_str(),
        status_key: status_key(row.status),
        over_capacity: row.over_capacity,
        walk_in: row.source == RegistrationSource::WalkIn,
    }
}

/// Whether the status counts as "came" (checked in, and what follows).
fn arrived(status: &str) -> bool {
    matches!(status, "checked_in" | "donated" | "deferred")
}

pub(super) struct Loaded {
    pub drive: Drive,
    pub slots: Vec<Slot>,
    pub rows: Vec<RosterRow>,
    pub counts: Vec<(Option<Uuid>, String, i64)>,
}

/// The drive, its slots, its people as filtered and each slot's counts.
pub(super) fn load_with(
    conn: &mut diesel::PgConnection,
    slug: &str,
    filter: &RosterFilter,
) -> Result<Loaded, AppError> {
    let drive = Drive::find_by_slug(conn, slug)?;
    let slots = Slot::for_drive(conn, drive.id)?;
    let rows = roster::load(conn, drive.id, filter)?;
    let counts = roster::slot_counts(conn, drive.id)?;
    Ok(Loaded {
        drive,
        slots,
        rows,
        counts,
    })
}

/// What the roster, its print view and its CSV show: read from the replica
/// while it keeps up (`web::with_read_conn`).
pub(super) async fn load(
    reads: &web::Data<ReadPool>,
    slug: String,
    filter: RosterFilter,
) -> Result<Loaded, AppError> {
    with_read_conn(reads, move |conn| load_with(conn, &slug, &filter)).await
}

/// Whether the drive's last slot has ended (the no-show sweep is offered then).
pub(super) fn last_slot_over(slots: &[Slot], now: DateTime<Utc>) -> bool {
    crate::domain::day_of::last_slot_over(slots.iter().map(|s| s.ends_at), now)
}

pub(super) fn groups(ctx: &PageCtx, loaded: &Loaded, filter: &RosterFilter) -> Vec<RosterGroup> {
    let mut out: Vec<RosterGroup> = loaded
        .slots
        .iter()
        .filter(|s| filter.slot_id.is_none_or(|id| id == s.id))
        .map(|s| RosterGroup {
            slot_id: Some(s.id),
            label: slot_label(ctx, &loaded.drive, s),
            capacity: s.capacity,
            booked: s.booked,
            seats_left: s.seats_left(),
            arrived: loaded
                .counts
                .iter()
                .filter(|(slot, status, _)| *slot == Some(s.id) && arrived(status))
                .map(|(_, _, n)| n)
                .sum(),
            lines: Vec::new(),
        })
        .collect();
    let mut waitlist = RosterGroup {
        slot_id: None,
        label: ctx.t.t("pmi-roster-waitlist"),
        capacity: 0,
        booked: 0,
        seats_left: 0,
        arrived: 0,
        lines: Vec::new(),
    };
    for row in &loaded.rows {
        match out
            .iter_mut()
            .find(|g| g.slot_id.is_some() && g.slot_id == row.slot_id)
        {
            Some(group) => group.lines.push(line(row)),
            None => waitlist.lines.push(line(row)),
        }
    }
    if !waitlist.lines.is_empty() {
        out.push(waitlist);
    }
    out
}

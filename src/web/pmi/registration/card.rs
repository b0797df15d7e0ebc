//! The donor as the coordinator sees them at the desk: on the registration's
//! page and on the check-in page.

use uuid::Uuid;

use crate::domain::identity::Sex;
use crate::domain::vocab::{BloodGroup, RegistrationSource, Rhesus};
use crate::store::day_of::Screening;
use crate::store::drives::Drive;
use crate::store::roster::RosterRow;
use crate::store::slots::Slot;
use crate::web::PageCtx;
use crate::web::pmi::roster::blood_label;
use crate::web::pmi::{clock, code_display, slot_label, status_key};

/// The donor as the coordinator sees them at the desk.
pub struct DonorCard {
    pub id: Uuid,
    pub name: String,
    pub id_number: String,
    pub unit: String,
    pub sex_key: &'static str,
    pub age: i32,
    /// The group on the donor's record (`O+`), or words saying it is not known.
    pub blood: String,
    /// Where a known group comes from: PMI's result or the donor's word.
    pub blood_source: Option<String>,
    /// PMI found another group than the donor's record said, in words (on the
    /// registration's page only).
    pub blood_differs: Option<String>,
    pub code: String,
    pub raw_code: String,
    pub status: &'static str,
    pub status_key: String,
    pub slot: String,
    pub walk_in: bool,
    pub over_capacity: bool,
    /// Why the walk-in sits beyond capacity (on the registration's page only).
    pub over_capacity_reason: Option<String>,
    pub checked_in_at: Option<String>,
}

impl DonorCard {
    pub fn new(ctx: &PageCtx, drive: &Drive, slots: &[Slot], row: &RosterRow) -> Self {
        DonorCard {
            id: row.id,
            name: row.full_name.clone(),
            id_number: row
                .nip
                .clone()
                .or_else(|| row.nik.clone())
                .unwrap_or_default(),
            unit: row.unit_name.clone().unwrap_or_default(),
            sex_key: match row.sex {
                Sex::Male => "pmi-sex-male",
                Sex::Female => "pmi-sex-female",
            },
            age: row.age_years,
            blood: match blood_source_key(row) {
                Some(_) => blood_label(row.blood_group, row.rhesus),
                None => ctx.t.t("blood-group-unknown"),
            },
            blood_source: blood_source_key(row).map(|key| ctx.t.t(key)),
            blood_differs: None,
            code: code_display(&row.code),
            raw_code: row.code.clone(),
            status: row.status.as_str(),
            status_key: status_key(row.status),
            slot: row
                .slot_id
                .and_then(|id| slots.iter().find(|s| s.id == id))
                .map(|s| slot_label(ctx, drive, s))
                .unwrap_or_else(|| ctx.t.t("pmi-roster-waitlist")),
            walk_in: row.source == RegistrationSource::WalkIn,
            over_capacity: row.over_capacity,
            over_capacity_reason: None,
            checked_in_at: row.checked_in_at.map(|at| clock(ctx, drive, &at)),
        }
    }
}

/// Whose word the record's group is; `None` when it knows nothing.
fn blood_source_key(row: &RosterRow) -> Option<&'static str> {
    if row.blood_group == BloodGroup::Unknown && row.rhesus == Rhesus::Unknown {
        None
    } else if row.blood_tested {
        Some("blood-group-source-tested")
    } else {
        Some("blood-group-source-declared")
    }
}

/// "PMI: A+ — differs from the donor's record (O+)": PMI's latest result at
/// this registration against what the record said before PMI first tested
/// here; `None` when they agree or the record knew nothing.
pub fn group_difference(ctx: &PageCtx, screenings: &[(Screening, String)]) -> Option<String> {
    let mut tested = screenings
        .iter()
        .map(|(s, _)| s)
        .filter(|s| s.tested_group().is_some());
    // Newest first.
    let latest = tested.next()?;
    let first = tested.next_back().unwrap_or(latest);
    let group = latest.tested_group()?;
    let (declared_group, declared_rhesus) = first.declared_group()?;
    group
        .contradicts(declared_group, declared_rhesus)
        .then(|| differs_text(ctx, &group.to_string(), declared_group, declared_rhesus))
}

/// "PMI: A+ — differs from the donor's record (O+)".
pub fn differs_text(
    ctx: &PageCtx,
    tested: &str,
    declared_group: BloodGroup,
    declared_rhesus: Rhesus,
) -> String {
    ctx.t.ta(
        "blood-group-differs",
        &[
            ("tested", tested.to_owned()),
            ("declared", blood_label(declared_group, declared_rhesus)),
        ],
    )
}

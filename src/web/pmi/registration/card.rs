//! The donor as the coordinator sees them at the desk: on the registration's
//! page and on the check-in page.

use uuid::Uuid;

use crate::domain::identity::Sex;
use crate::domain::vocab::RegistrationSource;
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
    pub blood: String,
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
            blood: blood_label(row.blood_group, row.rhesus),
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

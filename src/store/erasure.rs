//! Erasure of a donor's personal data (UU 27/2022 on personal data
//! protection). The row stays, so anonymous counts stay right: the snapshots
//! on each registration (sex, age, unit, first-time) and the blood group are
//! kept; every field that names or reaches the person, the health answers and
//! the free text staff typed about them (a screening's override reason, the
//! donation notes, a walk-in's over-capacity reason) are cleared. The audit
//! log, append-only, never holds any of these (see `store::audit`).

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donations, donors, registrations, screenings};
use crate::domain::audit_action::AuditAction;
use crate::store::audit::{self, Actor, AuditEntry};

/// What an erased override reason becomes. A screening whose decision differs
/// from the suggestion must name a reason (a CHECK constraint): the fact of the
/// override stays, its words go.
pub const ERASED_TEXT: &str = "[erased]";

/// Erases the donor's personal data; `false` when already erased.
pub fn erase_donor(
    conn: &mut PgConnection,
    donor_id: Uuid,
    actor: Actor,
    ip: Option<&str>,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        if clear_donor(conn, donor_id)? == 0 {
            // Unknown donor: a 404 for the caller; already erased: nothing to do.
            donors::table
                .find(donor_id)
                .select(donors::id)
                .first::<Uuid>(conn)?;
            return Ok(false);
        }
        let registration_ids = clear_registrations(conn, donor_id)?;
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: AuditAction::DonorErase,
                entity_type: "donor",
                entity_id: Some(donor_id),
                drive_id: None,
                details: serde_json::json!({ "registrations": registration_ids.len() }),
                ip,
            },
        )?;
        Ok(true)
    })
}

/// Clears the donor's identity and contact details and marks the row erased;
/// 0 when there is no such donor or it was erased already.
fn clear_donor(conn: &mut PgConnection, donor_id: Uuid) -> QueryResult<usize> {
    diesel::update(
        donors::table
            .filter(donors::id.eq(donor_id))
            .filter(donors::erased_at.is_null()),
    )
    .set((
        donors::erased_at.eq(Some(chrono::Utc::now())),
        donors::nip.eq(None::<String>),
        donors::nik.eq(None::<String>),
        donors::phone.eq(None::<String>),
        donors::email.eq(None::<String>),
        donors::birth_date.eq(None::<chrono::NaiveDate>),
        donors::full_name.eq(""),
        donors::weight_kg.eq(None::<f64>),
        donors::last_donation_date.eq(None::<chrono::NaiveDate>),
        donors::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
}

/// Clears the free text and health answers of the donor's registrations, their
/// donations and screenings; the ids of those registrations.
fn clear_registrations(conn: &mut PgConnection, donor_id: Uuid) -> QueryResult<Vec<Uuid>> {
    let registration_ids: Vec<Uuid> = registrations::table
        .filter(registrations::donor_id.eq(donor_id))
        .select(registrations::id)
        .load(conn)?;
    diesel::update(registrations::table.filter(registrations::donor_id.eq(donor_id)))
        .set((
            registrations::answers.eq(serde_json::json!({})),
            registrations::prescreen_reasons.eq(serde_json::json!([])),
            registrations::over_capacity_reason.eq(None::<String>),
            registrations::phone.eq(None::<String>),
            registrations::email.eq(None::<String>),
            registrations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    diesel::update(donations::table.filter(donations::registration_id.eq_any(&registration_ids)))
        .set(donations::notes.eq(""))
        .execute(conn)?;
    diesel::update(
        screenings::table
            .filter(screenings::registration_id.eq_any(&registration_ids))
            .filter(screenings::override_reason.is_not_null()),
    )
    .set(screenings::override_reason.eq(Some(ERASED_TEXT)))
    .execute(conn)?;
    Ok(registration_ids)
}

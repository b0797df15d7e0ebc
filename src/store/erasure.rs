//! Erasure of a donor's personal data (UU 27/2022 on personal data
//! protection). The row stays, so anonymous counts stay right: the snapshots
//! on each registration (sex, age, unit, first-time) and the blood group are
//! kept; every field that names or reaches the person, and the health
//! answers, are cleared as the `donors` CHECK constraints require.

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donations, donors, registrations};
use crate::store::audit::{self, Actor, AuditEntry};

/// Erases the donor's personal data; `false` when already erased.
pub fn erase_donor(
    conn: &mut PgConnection,
    donor_id: Uuid,
    actor: Actor,
    ip: Option<&str>,
) -> QueryResult<bool> {
    conn.transaction(|conn| {
        let erased = diesel::update(
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
        .execute(conn)?;
        if erased == 0 {
            // Unknown donor: a 404 for the caller; already erased: nothing to do.
            donors::table
                .find(donor_id)
                .select(donors::id)
                .first::<Uuid>(conn)?;
            return Ok(false);
        }
        let registration_ids: Vec<Uuid> = registrations::table
            .filter(registrations::donor_id.eq(donor_id))
            .select(registrations::id)
            .load(conn)?;
        diesel::update(registrations::table.filter(registrations::donor_id.eq(donor_id)))
            .set((
                registrations::answers.eq(serde_json::json!({})),
                registrations::prescreen_reasons.eq(serde_json::json!([])),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
        diesel::update(
            donations::table.filter(donations::registration_id.eq_any(&registration_ids)),
        )
        .set(donations::notes.eq(""))
        .execute(conn)?;
        audit::record(
            conn,
            &AuditEntry {
                actor,
                action: "donor.erase",
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

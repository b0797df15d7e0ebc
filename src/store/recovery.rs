//! A lost personal link found again: the donor's link is a secret the server
//! only keeps hashed, so "finding" it means issuing a new one (the old one
//! stops working), audited, in one transaction.

use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donors, registrations};
use crate::domain::audit_action::AuditAction;
use crate::domain::vocab::RegistrationStatus;
use crate::store::audit::{self, Actor, AuditEntry};

/// What the person proves: the NIP/NIK, the birth date and the last four
/// digits of the phone given at registration.
pub struct Proof<'a> {
    pub id_digits: &'a str,
    pub birth_date: NaiveDate,
    pub phone_last4: &'a str,
}

/// Gives the person's live registration for the drive a new link when the
/// proof matches; `None` otherwise (whether or not the person exists).
pub fn reissue_for_person(
    conn: &mut PgConnection,
    drive_id: Uuid,
    proof: &Proof<'_>,
    new_token_hash: &[u8],
    ip: Option<&str>,
) -> QueryResult<Option<Uuid>> {
    conn.transaction(|conn| {
        let candidates: Vec<(Uuid, Option<String>, Option<String>)> = registrations::table
            .inner_join(donors::table)
            .filter(registrations::drive_id.eq(drive_id))
            .filter(registrations::status.ne_all([
                RegistrationStatus::Cancelled.as_str(),
                RegistrationStatus::Rejected.as_str(),
            ]))
            .filter(
                donors::nip
                    .eq(proof.id_digits)
                    .or(donors::nik.eq(proof.id_digits)),
            )
            .filter(donors::birth_date.eq(proof.birth_date))
            .select((registrations::id, registrations::phone, donors::phone))
            .for_update()
            .load(conn)?;
        let found = candidates.into_iter().find(|(_, given, stored)| {
            given.as_deref().or(stored.as_deref()).is_some_and(|phone| {
                proof.phone_last4.len() == 4 && phone.ends_with(proof.phone_last4)
            })
        });
        let Some((id, _, _)) = found else {
            return Ok(None);
        };
        replace_token(conn, id, drive_id, new_token_hash, Actor::Donor, ip)?;
        Ok(Some(id))
    })
}

/// Gives a registration a new link at the desk (a PMI coordinator or an
/// organizer, who sees the person): its drive, or `None` for no such one.
pub fn reissue_at_desk(
    conn: &mut PgConnection,
    registration_id: Uuid,
    new_token_hash: &[u8],
    by: Uuid,
    ip: Option<&str>,
) -> QueryResult<Option<Uuid>> {
    conn.transaction(|conn| {
        let drive_id: Option<Uuid> = registrations::table
            .find(registration_id)
            .select(registrations::drive_id)
            .for_update()
            .first(conn)
            .optional()?;
        let Some(drive_id) = drive_id else {
            return Ok(None);
        };
        replace_token(
            conn,
            registration_id,
            drive_id,
            new_token_hash,
            Actor::Staff(by),
            ip,
        )?;
        Ok(Some(drive_id))
    })
}

fn replace_token(
    conn: &mut PgConnection,
    id: Uuid,
    drive_id: Uuid,
    new_token_hash: &[u8],
    actor: Actor,
    ip: Option<&str>,
) -> QueryResult<()> {
    diesel::update(registrations::table.find(id))
        .set((
            registrations::manage_token_hash.eq(new_token_hash),
            registrations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        &AuditEntry {
            actor,
            action: AuditAction::RegistrationLinkReissue,
            entity_type: "registration",
            entity_id: Some(id),
            drive_id: Some(drive_id),
            details: serde_json::json!({}),
            ip,
        },
    )
}

//! Walk-ins on the day: a donor who did not register comes to the desk. One
//! transaction finds or creates the donor, takes a seat (or, by a
//! coordinator's explicit override, sits beyond capacity), writes the
//! registration already checked in, and the audit line. A blood group the
//! donor gives at the desk is their word: it fills in a record that does not
//! know the group, never overwrites one that does (only PMI's test does, at
//! screening).

use chrono::{NaiveDate, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::db::schema::{donors, registrations};
use crate::domain::audit_action::AuditAction;
use crate::domain::codes::{ConfirmationCode, SecretToken};
use crate::domain::identity::{Sex, age_on};
use crate::domain::registration_input::IdentityNumber;
use crate::domain::tested_group::TestedGroup;
use crate::domain::vocab::{
    BloodGroup, EmployeeType, RegistrationSource, RegistrationStatus, Rhesus,
};
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::registrations::Registration;
use crate::store::seats::{BookingError, take_seat};

/// The essentials a coordinator types for a walk-in.
#[derive(Debug, Clone)]
pub struct WalkIn {
    pub drive_id: Uuid,
    pub drive_date: NaiveDate,
    pub id_number: IdentityNumber,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub work_unit_id: Uuid,
    pub phone: Option<String>,
    pub weight_kg: f64,
    pub slot_id: Uuid,
    /// The blood group the donor says they have, if they know it (a declared
    /// group, not a test result).
    pub declared_group: Option<TestedGroup>,
    /// Set when the coordinator seats the person beyond the slot's capacity.
    pub over_capacity_reason: Option<String>,
}

fn find_or_create_donor(conn: &mut PgConnection, w: &WalkIn) -> QueryResult<(Uuid, i32)> {
    let (nip, nik, employee_type) = match &w.id_number {
        IdentityNumber::Nip(n) => (Some(n.as_str()), None, EmployeeType::Pns),
        IdentityNumber::Nik(n) => (None, Some(n.as_str()), EmployeeType::NonAsn),
    };
    let existing: Option<(Uuid, i32, BloodGroup, Rhesus)> = donors::table
        .filter(
            donors::nip
                .eq(nip)
                .assume_not_null()
                .or(donors::nik.eq(nik).assume_not_null()),
        )
        .select((
            donors::id,
            donors::donation_count,
            donors::blood_group,
            donors::rhesus,
        ))
        .for_update()
        .first(conn)
        .optional()?;
    if let Some((id, count, group, rhesus)) = existing {
        // What we knew stays; the scale at the desk is today's weight.
        diesel::update(donors::table.find(id))
            .set((
                donors::weight_kg.eq(Some(w.weight_kg)),
                donors::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)?;
        if let Some(given) = TestedGroup::fill_in(w.declared_group, group, rhesus) {
            diesel::update(donors::table.find(id))
                .set((
                    donors::blood_group.eq(given.group.as_str()),
                    donors::rhesus.eq(given.rhesus.as_str()),
                ))
                .execute(conn)?;
        }
        return Ok((id, count));
    }
    diesel::insert_into(donors::table)
        .values((
            donors::nip.eq(nip),
            donors::nik.eq(nik),
            donors::employee_type.eq(employee_type.as_str()),
            donors::full_name.eq(&w.full_name),
            donors::sex.eq(w.sex.as_str()),
            donors::birth_date.eq(Some(w.birth_date)),
            donors::work_unit_id.eq(Some(w.work_unit_id)),
            donors::phone.eq(w.phone.as_deref()),
            donors::weight_kg.eq(Some(w.weight_kg)),
            donors::blood_group.eq(w
                .declared_group
                .map_or(BloodGroup::Unknown, |g| g.group)
                .as_str()),
            donors::rhesus.eq(w
                .declared_group
                .map_or(Rhesus::Unknown, |g| g.rhesus)
                .as_str()),
        ))
        .returning((donors::id, donors::donation_count))
        .get_result(conn)
}

fn internal(e: impl std::fmt::Display) -> BookingError {
    BookingError::Database(DieselError::QueryBuilderError(e.to_string().into()))
}

/// Registers a walk-in, checked in at once.
pub fn register_walk_in(
    conn: &mut PgConnection,
    w: &WalkIn,
    actor: Uuid,
) -> Result<Registration, BookingError> {
    let code = ConfirmationCode::generate().map_err(internal)?;
    let (_, token_hash) = SecretToken::generate().map_err(internal)?;
    conn.transaction(|conn| {
        let (donor_id, donation_count) = find_or_create_donor(conn, w)?;
        let over_capacity = match &w.over_capacity_reason {
            None => {
                take_seat(conn, w.drive_id, w.slot_id)?;
                false
            }
            Some(_) => true,
        };
        let seated = Seated {
            donor_id,
            first_time: donation_count == 0,
            over_capacity,
        };
        let registration = insert_checked_in(conn, w, &seated, code.as_str(), &token_hash)?;
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(actor),
                action: AuditAction::RegistrationWalkIn,
                entity_type: "registration",
                entity_id: Some(registration.id),
                drive_id: Some(w.drive_id),
                details: serde_json::json!({
                    "code": registration.code,
                    "slot_id": w.slot_id,
                    // The reason is free text: it stays on the registration,
                    // where erasure reaches it.
                    "over_capacity": over_capacity,
                    // A flag only: the group itself is health data.
                    "group_given": w.declared_group.is_some(),
                }),
                ip: None,
            },
        )?;
        Ok(registration)
    })
}

/// Who the walk-in is in the donor table, and how they were seated.
struct Seated {
    donor_id: Uuid,
    first_time: bool,
    over_capacity: bool,
}

/// The walk-in's registration, checked in already.
fn insert_checked_in(
    conn: &mut PgConnection,
    w: &WalkIn,
    seated: &Seated,
    code: &str,
    token_hash: &[u8],
) -> Result<Registration, BookingError> {
    diesel::insert_into(registrations::table)
        .values((
            registrations::drive_id.eq(w.drive_id),
            registrations::donor_id.eq(seated.donor_id),
            registrations::slot_id.eq(Some(w.slot_id)),
            registrations::status.eq(RegistrationStatus::CheckedIn.as_str()),
            registrations::over_capacity.eq(seated.over_capacity),
            registrations::over_capacity_reason.eq(w.over_capacity_reason.as_deref()),
            registrations::answers.eq(serde_json::json!({ "walk_in": true })),
            // Nothing was pre-screened online: the screening at the desk decides.
            registrations::prescreen_verdict.eq("eligible"),
            registrations::code.eq(code),
            registrations::manage_token_hash.eq(token_hash),
            registrations::source.eq(RegistrationSource::WalkIn.as_str()),
            registrations::work_unit_id.eq(Some(w.work_unit_id)),
            registrations::sex.eq(w.sex.as_str()),
            registrations::age_years.eq(age_on(w.birth_date, w.drive_date) as i32),
            registrations::first_time.eq(seated.first_time),
            registrations::checked_in_at.eq(Some(Utc::now())),
        ))
        .returning(Registration::as_returning())
        .get_result(conn)
        .map_err(|e| match e {
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, ref info)
                if info.constraint_name() == Some("registrations_one_active_per_drive") =>
            {
                BookingError::Duplicate
            }
            other => BookingError::Database(other),
        })
}

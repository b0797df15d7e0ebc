//! The day of the drive in the database: check-in, no-shows, screenings and
//! donations. Every change is one transaction that locks the registration
//! (`SELECT ... FOR UPDATE`), asks `domain::day_of` whether the change is
//! allowed from what it finds, updates only `WHERE status = expected`, and
//! writes the audit line. Two coordinators acting on the same donor are
//! serialised by the row lock: the second sees the first one's result.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use crate::db::schema::{
    audit_log, donations, donors, drives, registrations, screenings, staff_users,
};
use crate::domain::audit_action::AuditAction;
use crate::domain::day_of::{
    DayOfAction, DayOfFacts, DonationOutcome, Reaction, TransitionError, transition,
};
use crate::domain::screening::{Decision, DeferralReason, Vitals};
use crate::domain::vocab::RegistrationStatus;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::registrations::Registration;

#[derive(Debug, thiserror::Error)]
pub enum DayOfError {
    /// Someone checked this donor in already (maybe a colleague, a second ago).
    #[error("already checked in by {by} at {at}")]
    AlreadyCheckedIn { by: String, at: DateTime<Utc> },
    #[error(transparent)]
    Refused(#[from] TransitionError),
    #[error("bag number already used in this drive")]
    BagTaken,
    /// The page was drawn before another change (a double submit).
    #[error("changed since the page was shown")]
    Stale,
    #[error("the drive's last slot has not ended yet")]
    TooEarly,
    #[error(transparent)]
    Database(#[from] DieselError),
}

/// The day-of questions, re-asked at check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayOfAnswers {
    pub fever_last_7_days: bool,
    pub medication_last_3_days: bool,
    pub slept_under_4_hours: bool,
}

fn lock(conn: &mut PgConnection, id: Uuid) -> QueryResult<Registration> {
    registrations::table
        .find(id)
        .select(Registration::as_select())
        .for_update()
        .first(conn)
}

/// What the state machine needs to know about a registration.
pub fn facts_of(conn: &mut PgConnection, reg: &Registration) -> QueryResult<DayOfFacts> {
    let has_donation: bool = diesel::select(diesel::dsl::exists(
        donations::table.filter(donations::registration_id.eq(reg.id)),
    ))
    .get_result(conn)?;
    let latest: Option<String> = screenings::table
        .filter(screenings::registration_id.eq(reg.id))
        .order(screenings::recorded_at.desc())
        .select(screenings::final_decision)
        .first(conn)
        .optional()?;
    Ok(DayOfFacts {
        status: reg.status,
        has_donation,
        accepted_screening: latest.as_deref() == Some(Decision::Accept.as_str()),
    })
}

/// Who last checked this registration in, and when (from the audit log).
fn last_check_in(conn: &mut PgConnection, id: Uuid) -> QueryResult<(String, DateTime<Utc>)> {
    let line: Option<(DateTime<Utc>, Option<String>)> = audit_log::table
        .left_join(staff_users::table)
        .filter(audit_log::entity_id.eq(id))
        .filter(audit_log::action.eq(DayOfAction::CheckIn.audit_action().as_str()))
        .order(audit_log::id.desc())
        .select((audit_log::at, staff_users::display_name.nullable()))
        .first(conn)
        .optional()?;
    Ok(match line {
        Some((at, by)) => (by.unwrap_or_default(), at),
        None => (String::new(), Utc::now()),
    })
}

/// Checks the transition; a second check-in says who was first.
fn allowed(
    conn: &mut PgConnection,
    reg: &Registration,
    action: DayOfAction,
) -> Result<RegistrationStatus, DayOfError> {
    let facts = facts_of(conn, reg)?;
    match transition(facts, action) {
        Ok(to) => Ok(to),
        Err(TransitionError::AlreadyDone(RegistrationStatus::CheckedIn))
            if action == DayOfAction::CheckIn =>
        {
            let (by, at) = last_check_in(conn, reg.id)?;
            Err(DayOfError::AlreadyCheckedIn { by, at })
        }
        Err(e) => Err(e.into()),
    }
}

/// Moves `reg` from its status to `to`, only if nobody moved it meanwhile.
fn set_status(
    conn: &mut PgConnection,
    reg: &Registration,
    to: RegistrationStatus,
    action: DayOfAction,
) -> Result<Registration, DayOfError> {
    let target = registrations::table
        .filter(registrations::id.eq(reg.id))
        .filter(registrations::status.eq(reg.status.as_str()));
    let updated = match action {
        DayOfAction::CheckIn => diesel::update(target)
            .set((
                registrations::status.eq(to.as_str()),
                registrations::checked_in_at.eq(Some(Utc::now())),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .returning(Registration::as_returning())
            .get_result(conn)
            .optional()?,
        DayOfAction::UndoCheckIn => diesel::update(target)
            .set((
                registrations::status.eq(to.as_str()),
                registrations::checked_in_at.eq(None::<DateTime<Utc>>),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .returning(Registration::as_returning())
            .get_result(conn)
            .optional()?,
        _ => diesel::update(target)
            .set((
                registrations::status.eq(to.as_str()),
                registrations::updated_at.eq(diesel::dsl::now),
            ))
            .returning(Registration::as_returning())
            .get_result(conn)
            .optional()?,
    };
    updated.ok_or(DayOfError::Refused(TransitionError::NotAllowed {
        from: reg.status,
    }))
}

/// Writes the audit line of a day-of action. `details` holds ids, codes,
/// statuses and enumerated values only: never health answers or free text,
/// which live in their own columns where erasure reaches them.
fn audit_line(
    conn: &mut PgConnection,
    reg: &Registration,
    action: AuditAction,
    actor: Uuid,
    details: serde_json::Value,
) -> QueryResult<()> {
    audit::record(
        conn,
        &AuditEntry {
            actor: Actor::Staff(actor),
            action,
            entity_type: "registration",
            entity_id: Some(reg.id),
            drive_id: Some(reg.drive_id),
            details,
            ip: None,
        },
    )
}

/// A simple status change (undo check-in, no-show and its undo, undo deferral).
pub fn apply(
    conn: &mut PgConnection,
    id: Uuid,
    action: DayOfAction,
    actor: Uuid,
) -> Result<Registration, DayOfError> {
    debug_assert!(!matches!(
        action,
        DayOfAction::CheckIn
            | DayOfAction::ScreenAccept
            | DayOfAction::ScreenDefer
            | DayOfAction::RecordDonation
    ));
    conn.transaction(|conn| {
        let reg = lock(conn, id)?;
        let to = allowed(conn, &reg, action)?;
        let after = set_status(conn, &reg, to, action)?;
        audit_line(
            conn,
            &reg,
            action.audit_action(),
            actor,
            serde_json::json!({
                "code": reg.code,
                "from_status": reg.status.as_str(),
                "to_status": to.as_str(),
            }),
        )?;
        Ok(after)
    })
}

/// Checks a donor in, storing the day-of answers under `answers.day_of`
/// (health answers: never in the audit line, which erasure cannot reach).
pub fn check_in(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
    day_of: DayOfAnswers,
) -> Result<Registration, DayOfError> {
    conn.transaction(|conn| {
        let reg = lock(conn, id)?;
        let to = allowed(conn, &reg, DayOfAction::CheckIn)?;
        let after = set_status(conn, &reg, to, DayOfAction::CheckIn)?;
        let mut answers = after.answers.clone();
        if let Some(map) = answers.as_object_mut() {
            map.insert(
                "day_of".to_owned(),
                serde_json::to_value(day_of).unwrap_or_default(),
            );
        }
        let after: Registration = diesel::update(registrations::table.find(id))
            .set(registrations::answers.eq(&answers))
            .returning(Registration::as_returning())
            .get_result(conn)?;
        audit_line(
            conn,
            &reg,
            DayOfAction::CheckIn.audit_action(),
            actor,
            serde_json::json!({
                "code": reg.code,
                "from_status": reg.status.as_str(),
            }),
        )?;
        Ok(after)
    })
}

/// A screening as the coordinator confirmed it.
#[derive(Debug, Clone)]
pub struct NewScreening {
    pub vitals: Vitals,
    pub suggested: Decision,
    pub decision: Decision,
    /// Required when `decision` differs from `suggested`.
    pub override_reason: Option<String>,
    /// Required when deferring.
    pub deferral_reason: Option<DeferralReason>,
    pub deferred_until: Option<NaiveDate>,
    /// The suggestion's reasons (message keys and arguments).
    pub reasons: serde_json::Value,
    /// How many screenings the coordinator saw; another one since means a double submit.
    pub expected_count: Option<i64>,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = screenings, check_for_backend(diesel::pg::Pg))]
pub struct Screening {
    pub id: Uuid,
    pub registration_id: Uuid,
    pub weight_kg: f64,
    pub hb_g_dl: f64,
    pub systolic: i32,
    pub diastolic: i32,
    pub pulse: i32,
    pub temperature_c: f64,
    pub suggested_decision: String,
    pub final_decision: String,
    pub override_reason: Option<String>,
    pub deferral_reason: Option<String>,
    pub deferred_until: Option<NaiveDate>,
    pub reasons: serde_json::Value,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

/// Records a screening; a deferral moves the registration to `deferred`.
pub fn record_screening(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
    new: &NewScreening,
) -> Result<Registration, DayOfError> {
    let action = match new.decision {
        Decision::Accept => DayOfAction::ScreenAccept,
        Decision::Defer => DayOfAction::ScreenDefer,
    };
    let (deferral_reason, deferred_until) = match new.decision {
        Decision::Defer => (new.deferral_reason, new.deferred_until),
        Decision::Accept => (None, None),
    };
    let override_reason = (new.decision != new.suggested)
        .then(|| new.override_reason.clone())
        .flatten();
    conn.transaction(|conn| {
        let reg = lock(conn, id)?;
        let to = allowed(conn, &reg, action)?;
        if let Some(expected) = new.expected_count {
            let count: i64 = screenings::table
                .filter(screenings::registration_id.eq(id))
                .count()
                .get_result(conn)?;
            if count != expected {
                return Err(DayOfError::Stale);
            }
        }
        let v = &new.vitals;
        let screening_id: Uuid = diesel::insert_into(screenings::table)
            .values((
                screenings::registration_id.eq(id),
                screenings::weight_kg.eq(v.weight_kg),
                screenings::hb_g_dl.eq(v.hb_g_dl),
                screenings::systolic.eq(v.systolic),
                screenings::diastolic.eq(v.diastolic),
                screenings::pulse.eq(v.pulse),
                screenings::temperature_c.eq(v.temperature_c),
                screenings::suggested_decision.eq(new.suggested.as_str()),
                screenings::final_decision.eq(new.decision.as_str()),
                screenings::override_reason.eq(&override_reason),
                screenings::deferral_reason.eq(deferral_reason.map(|r| r.as_str())),
                screenings::deferred_until.eq(deferred_until),
                screenings::reasons.eq(&new.reasons),
                screenings::recorded_by.eq(actor),
            ))
            .returning(screenings::id)
            .get_result(conn)?;
        let after = if to == reg.status {
            reg.clone()
        } else {
            set_status(conn, &reg, to, action)?
        };
        audit_line(
            conn,
            &reg,
            action.audit_action(),
            actor,
            serde_json::json!({
                "code": reg.code,
                "screening_id": screening_id,
                "suggested": new.suggested.as_str(),
                "decision": new.decision.as_str(),
                "overridden": override_reason.is_some(),
                "deferral_reason": deferral_reason.map(|r| r.as_str()),
                "deferred_until": deferred_until,
            }),
        )?;
        Ok(after)
    })
}

/// A donation as recorded at the bed.
#[derive(Debug, Clone)]
pub struct NewDonation {
    pub bag_number: String,
    pub volume_ml: i32,
    pub outcome: DonationOutcome,
    pub reaction: Reaction,
    pub notes: String,
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = donations, check_for_backend(diesel::pg::Pg))]
pub struct Donation {
    pub id: Uuid,
    pub registration_id: Uuid,
    pub bag_number: String,
    pub volume_ml: i32,
    pub outcome: String,
    pub reaction: String,
    pub notes: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

fn is_unique_violation(e: &DieselError, constraint: &str) -> bool {
    matches!(e, DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
        if info.constraint_name() == Some(constraint))
}

/// Records the donation; the registration becomes `donated` and, for a complete
/// bag, the donor's count and last donation date follow — all in one transaction.
pub fn record_donation(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
    new: &NewDonation,
) -> Result<Registration, DayOfError> {
    conn.transaction(|conn| {
        let reg = lock(conn, id)?;
        let to = allowed(conn, &reg, DayOfAction::RecordDonation)?;
        let donation_id: Uuid = diesel::insert_into(donations::table)
            .values((
                donations::registration_id.eq(id),
                donations::drive_id.eq(reg.drive_id),
                donations::bag_number.eq(&new.bag_number),
                donations::volume_ml.eq(new.volume_ml),
                donations::outcome.eq(new.outcome.as_str()),
                donations::reaction.eq(new.reaction.as_str()),
                donations::notes.eq(&new.notes),
                donations::recorded_by.eq(actor),
            ))
            .returning(donations::id)
            .get_result(conn)
            .map_err(|e| {
                if is_unique_violation(&e, "donations_drive_id_bag_number_key") {
                    DayOfError::BagTaken
                } else {
                    DayOfError::Database(e)
                }
            })?;
        let after = set_status(conn, &reg, to, DayOfAction::RecordDonation)?;
        if new.outcome == DonationOutcome::Complete {
            let drive_date: NaiveDate = drives::table
                .find(reg.drive_id)
                .select(drives::drive_date)
                .first(conn)?;
            diesel::update(donors::table.find(reg.donor_id))
                .set((
                    donors::donation_count.eq(donors::donation_count + 1),
                    donors::last_donation_date.eq(Some(drive_date)),
                    donors::updated_at.eq(diesel::dsl::now),
                ))
                .execute(conn)?;
        }
        audit_line(
            conn,
            &reg,
            DayOfAction::RecordDonation.audit_action(),
            actor,
            serde_json::json!({
                "code": reg.code,
                "donation_id": donation_id,
                "bag_number": new.bag_number,
                "volume_ml": new.volume_ml,
                "outcome": new.outcome.as_str(),
                "reaction": new.reaction.as_str(),
            }),
        )?;
        Ok(after)
    })
}

/// Marks every registration of the drive still `booked` as `no_show`, in one
/// transaction, with an audit line per person and one for the whole action;
/// refused (`TooEarly`) while the drive's last slot has not ended at `now`.
pub fn mark_remaining_no_shows(
    conn: &mut PgConnection,
    drive_id: Uuid,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<usize, DayOfError> {
    conn.transaction(|conn| {
        let slot_ends: Vec<DateTime<Utc>> = crate::db::schema::slots::table
            .filter(crate::db::schema::slots::drive_id.eq(drive_id))
            .select(crate::db::schema::slots::ends_at)
            .load(conn)?;
        if !crate::domain::day_of::last_slot_over(slot_ends, now) {
            return Err(DayOfError::TooEarly);
        }
        let booked: Vec<Registration> = registrations::table
            .filter(registrations::drive_id.eq(drive_id))
            .filter(registrations::status.eq(RegistrationStatus::Booked.as_str()))
            .order(registrations::id.asc())
            .select(Registration::as_select())
            .for_update()
            .load(conn)?;
        let ids: Vec<Uuid> = booked.iter().map(|r| r.id).collect();
        let changed = diesel::update(
            registrations::table
                .filter(registrations::id.eq_any(&ids))
                .filter(registrations::status.eq(RegistrationStatus::Booked.as_str())),
        )
        .set((
            registrations::status.eq(RegistrationStatus::NoShow.as_str()),
            registrations::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
        for reg in &booked {
            audit_line(
                conn,
                reg,
                DayOfAction::MarkNoShow.audit_action(),
                actor,
                serde_json::json!({
                    "code": reg.code,
                    "from_status": "booked",
                    "to_status": "no_show",
                    "bulk": true,
                }),
            )?;
        }
        audit::record(
            conn,
            &AuditEntry {
                actor: Actor::Staff(actor),
                action: AuditAction::DriveMarkNoShows,
                entity_type: "drive",
                entity_id: Some(drive_id),
                drive_id: Some(drive_id),
                details: serde_json::json!({ "count": changed }),
                ip: None,
            },
        )?;
        Ok(changed)
    })
}

/// A registration's screenings, newest first.
pub fn screenings_for(conn: &mut PgConnection, id: Uuid) -> QueryResult<Vec<(Screening, String)>> {
    screenings::table
        .inner_join(staff_users::table)
        .filter(screenings::registration_id.eq(id))
        .order(screenings::recorded_at.desc())
        .select((Screening::as_select(), staff_users::display_name))
        .load(conn)
}

/// A registration's donation, if recorded.
pub fn donation_for(conn: &mut PgConnection, id: Uuid) -> QueryResult<Option<(Donation, String)>> {
    donations::table
        .inner_join(staff_users::table)
        .filter(donations::registration_id.eq(id))
        .select((Donation::as_select(), staff_users::display_name))
        .first(conn)
        .optional()
}

/// One line of a registration's history.
#[derive(Clone, Debug, Queryable)]
pub struct HistoryLine {
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor_kind: String,
    pub actor_name: Option<String>,
    pub details: serde_json::Value,
}

/// The audit lines about a registration, oldest first.
pub fn history(conn: &mut PgConnection, id: Uuid) -> QueryResult<Vec<HistoryLine>> {
    audit_log::table
        .left_join(staff_users::table)
        .filter(audit_log::entity_type.eq("registration"))
        .filter(audit_log::entity_id.eq(id))
        .order(audit_log::id.asc())
        .select((
            audit_log::at,
            audit_log::action,
            audit_log::actor_kind,
            staff_users::display_name.nullable(),
            audit_log::details,
        ))
        .load(conn)
}

//! What is recorded at the screening table and at the bed: a screening (a
//! deferral moves the registration to `deferred`) and a donation (the
//! registration becomes `donated`, a complete bag counts on the donor).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use super::guard::{DayOfError, allowed, audit_line, lock, set_status};
use crate::db::schema::{donations, donors, drives, screenings};
use crate::domain::day_of::{DayOfAction, DonationOutcome, Reaction};
use crate::domain::screening::{Decision, DeferralReason, Vitals};
use crate::domain::tested_group::TestedGroup;
use crate::domain::vocab::{BloodGroup, Rhesus};
use crate::store::registrations::Registration;

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
    /// The blood group PMI tested, when it did: it wins over the donor's record.
    pub tested_group: Option<TestedGroup>,
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
    pub blood_group: Option<String>,
    pub rhesus: Option<String>,
    pub declared_blood_group: Option<String>,
    pub declared_rhesus: Option<String>,
}

impl Screening {
    /// The group PMI tested at this screening, if it did.
    pub fn tested_group(&self) -> Option<TestedGroup> {
        let group = self.blood_group.as_deref()?.parse().ok()?;
        let rhesus = self.rhesus.as_deref()?.parse().ok()?;
        TestedGroup::from_parts(group, rhesus)
    }

    /// What the donor's record said just before PMI's test, if there was one.
    pub fn declared_group(&self) -> Option<(BloodGroup, Rhesus)> {
        let group = self.declared_blood_group.as_deref()?.parse().ok()?;
        let rhesus = self.declared_rhesus.as_deref()?.parse().ok()?;
        Some((group, rhesus))
    }
}

/// What a screening's decision stores besides the vitals: the day-of action
/// it is, the override reason (only when the suggestion was overridden) and
/// the deferral's reason and date (only when deferring).
struct DecisionFields {
    action: DayOfAction,
    override_reason: Option<String>,
    deferral_reason: Option<DeferralReason>,
    deferred_until: Option<NaiveDate>,
}

impl DecisionFields {
    fn of(new: &NewScreening) -> Self {
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
        DecisionFields {
            action,
            override_reason,
            deferral_reason,
            deferred_until,
        }
    }
}

/// Records a screening; a deferral moves the registration to `deferred`.
pub fn record_screening(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
    new: &NewScreening,
) -> Result<Registration, DayOfError> {
    let fields = DecisionFields::of(new);
    let action = fields.action;
    conn.transaction(|conn| {
        let reg = lock(conn, id)?;
        let to = allowed(conn, &reg, action)?;
        if let Some(expected) = new.expected_count {
            refuse_if_stale(conn, id, expected)?;
        }
        let declared = match new.tested_group {
            Some(tested) => Some(take_tested_group(conn, &reg, tested)?),
            None => None,
        };
        let screening_id = insert_screening(conn, id, actor, new, &fields, declared)?;
        let group_changed =
            declared.is_some_and(|(g, rh)| TestedGroup::from_parts(g, rh) != new.tested_group);
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
                "overridden": fields.override_reason.is_some(),
                "deferral_reason": fields.deferral_reason.map(|r| r.as_str()),
                "deferred_until": fields.deferred_until,
                // Flags only: the group itself is health data, which the
                // append-only log must not keep past an erasure.
                "group_tested": new.tested_group.is_some(),
                "group_changed": group_changed,
            }),
        )?;
        Ok(after)
    })
}

/// `Stale` when the registration has other than `expected` screenings: another
/// was recorded since the page was drawn (a double submit).
fn refuse_if_stale(conn: &mut PgConnection, id: Uuid, expected: i64) -> Result<(), DayOfError> {
    let count: i64 = screenings::table
        .filter(screenings::registration_id.eq(id))
        .count()
        .get_result(conn)?;
    if count != expected {
        return Err(DayOfError::Stale);
    }
    Ok(())
}

/// PMI's result wins: the donor's record takes the tested group. Returns what
/// the record held before.
fn take_tested_group(
    conn: &mut PgConnection,
    reg: &Registration,
    tested: TestedGroup,
) -> QueryResult<(BloodGroup, Rhesus)> {
    let (group, rhesus): (BloodGroup, Rhesus) = donors::table
        .find(reg.donor_id)
        .select((donors::blood_group, donors::rhesus))
        .for_update()
        .first(conn)?;
    diesel::update(donors::table.find(reg.donor_id))
        .set((
            donors::blood_group.eq(tested.group.as_str()),
            donors::rhesus.eq(tested.rhesus.as_str()),
            donors::blood_group_tested_at.eq(Some(Utc::now())),
            donors::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)?;
    Ok((group, rhesus))
}

fn insert_screening(
    conn: &mut PgConnection,
    id: Uuid,
    actor: Uuid,
    new: &NewScreening,
    fields: &DecisionFields,
    declared: Option<(BloodGroup, Rhesus)>,
) -> QueryResult<Uuid> {
    let v = &new.vitals;
    diesel::insert_into(screenings::table)
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
            screenings::override_reason.eq(&fields.override_reason),
            screenings::deferral_reason.eq(fields.deferral_reason.map(|r| r.as_str())),
            screenings::deferred_until.eq(fields.deferred_until),
            screenings::reasons.eq(&new.reasons),
            screenings::recorded_by.eq(actor),
            screenings::blood_group.eq(new.tested_group.map(|t| t.group.as_str())),
            screenings::rhesus.eq(new.tested_group.map(|t| t.rhesus.as_str())),
            screenings::declared_blood_group.eq(declared.map(|(g, _)| g.as_str())),
            screenings::declared_rhesus.eq(declared.map(|(_, rh)| rh.as_str())),
        ))
        .returning(screenings::id)
        .get_result(conn)
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
            count_on_donor(conn, &reg)?;
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

/// A complete bag counts on the donor's record: one more donation, the last
/// on the drive's date.
fn count_on_donor(conn: &mut PgConnection, reg: &Registration) -> QueryResult<()> {
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
    Ok(())
}

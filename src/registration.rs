//! The registration use case shared by the pages and the JSON API: check what
//! was typed, evaluate eligibility at the drive date, then book in one
//! transaction. Pure checks come from `domain`, the transaction from `store`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::{PgConnection, QueryResult};

use crate::auth::stranger_limits::{PostToCount, Scope, StrangerLimits};
use crate::domain::codes::SecretToken;
use crate::domain::eligibility::{Verdict, VerdictKind, evaluate};
use crate::domain::questionnaire::{BagVolume, DonorFacts, Questionnaire};
use crate::domain::registration_input::{
    FieldError, Registrant, RegistrationInput, SlotChoice, parse_questionnaire, parse_registrant,
    parse_slot_choice,
};
use crate::domain::rule_set::RuleSet;
use crate::domain::vocab::{RegistrationMode, RegistrationSource};
use crate::store::audit::Actor;
use crate::store::drives::{Drive, InvitedUnit};
use crate::store::registrations::{self, BookingError, NewRegistration, Registration, SeatTaken};
use crate::store::staff_directory::{self, ListedStaff};
use crate::store::stranger_limits::{self, Charge};

/// The rule set of a drive: the defaults with the organizers' overrides. Stored
/// overrides were checked when saved; should they no longer read, the defaults
/// apply and the problem is logged.
pub fn rules_for(drive: &Drive) -> RuleSet {
    RuleSet::with_overrides(&drive.eligibility_overrides).unwrap_or_else(|e| {
        tracing::error!(drive = %drive.slug, error = ?e, "stored eligibility overrides unreadable; using defaults");
        RuleSet::default()
    })
}

pub fn bag_volume(drive: &Drive) -> BagVolume {
    BagVolume::try_from(drive.bag_volume_ml).unwrap_or(BagVolume::Ml350)
}

/// Today in the drive's time zone (dates people type are local dates).
pub fn local_today(drive: &Drive, now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&drive.tz()).date_naive()
}

/// Evaluates a checked registrant's answers at the drive date.
pub fn verdict_for(drive: &Drive, registrant: &Registrant, answers: &Questionnaire) -> Verdict {
    let facts = DonorFacts {
        birth_date: registrant.birth_date,
        sex: registrant.sex,
        weight_kg: registrant.weight_kg,
        last_donation_date: registrant.last_donation_date,
        donation_count: registrant.donation_count,
    };
    evaluate(
        &rules_for(drive),
        &facts,
        answers,
        drive.drive_date,
        bag_volume(drive),
    )
}

/// Whether this person may register for the drive, as its mode says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// An open drive: anyone with a well-formed NIP/NIK, as typed.
    Anyone,
    /// On the staff list of an invited unit: name and unit come from the list.
    Listed(ListedStaff),
    /// Not on the list, on a drive that takes applications: pending approval.
    Applicant,
    /// Not on the list of a drive that takes only listed staff.
    NotListed,
}

/// The decision, from the drive's mode and what the staff list says.
pub fn admit(mode: RegistrationMode, listed: Option<ListedStaff>) -> Admission {
    match (mode, listed) {
        (RegistrationMode::Open, _) => Admission::Anyone,
        (_, Some(entry)) => Admission::Listed(entry),
        (RegistrationMode::StaffListApproval, None) => Admission::Applicant,
        (RegistrationMode::StaffList, None) => Admission::NotListed,
    }
}

/// The NIP or NIK typed (digits only), whichever was given.
pub fn typed_identity(input: &RegistrationInput) -> String {
    let nip: String = input.nip.chars().filter(char::is_ascii_digit).collect();
    if nip.is_empty() {
        input.nik.chars().filter(char::is_ascii_digit).collect()
    } else {
        nip
    }
}

/// Looks the person up on the drive's staff list (unless the drive is open).
pub fn admission(
    conn: &mut PgConnection,
    drive: &Drive,
    input: &RegistrationInput,
) -> QueryResult<Admission> {
    if drive.registration_mode == RegistrationMode::Open {
        return Ok(Admission::Anyone);
    }
    let listed = staff_directory::find_listed(conn, drive.id, &typed_identity(input))?;
    Ok(admit(drive.registration_mode, listed))
}

/// The input with the name and unit the staff list holds, for a listed person
/// (whatever was typed or tampered into those fields).
pub fn as_listed(mut input: RegistrationInput, admission: &Admission) -> RegistrationInput {
    if let Admission::Listed(entry) = admission {
        input.full_name = entry.full_name.clone();
        input.work_unit = entry.unit_code.clone();
    }
    input
}

/// Everything that can stop a registration, in the order it is checked.
#[derive(Debug)]
pub enum SubmitError {
    /// Registration is not open (drive not open, before the window, after the cut-off).
    Closed,
    /// The drive takes only staff on its list, and this NIP/NIK is not there.
    NotOnList,
    /// Too many registrations from this address: come back after this long.
    Throttled(chrono::Duration),
    /// Some fields are wrong; nothing was written.
    Invalid(Vec<FieldError>),
    /// A rule covers the drive date; the verdict says which and until when.
    NotEligible(Verdict),
    /// The seat or the registration could not be made.
    Booking(BookingError),
}

impl From<BookingError> for SubmitError {
    fn from(e: BookingError) -> Self {
        SubmitError::Booking(e)
    }
}

/// A registration made, with the secret for the donor's link (shown once).
#[derive(Debug)]
pub struct Submitted {
    pub registration: Registration,
    /// The seat taken, and when its slot is (none when waitlisted or pending).
    pub seat: Option<SeatTaken>,
    pub manage_token: String,
    pub verdict: Verdict,
}

/// Options of a submission.
#[derive(Debug, Clone, Copy)]
pub struct SubmitOptions<'a> {
    pub now: DateTime<Utc>,
    /// Yes/no questions must be answered (web form) or default to "no" (API).
    pub require_answers: bool,
    pub source: RegistrationSource,
    pub actor: Actor,
    pub ip: Option<&'a str>,
    /// The limits on strangers (registrations per address, waitlist cap).
    pub limits: &'a StrangerLimits,
    /// The post that carried this submission, still to be counted: counted
    /// with the registration when the submission gets that far, alone when
    /// it stops before.
    pub post: Option<&'a PostToCount>,
}

/// Checks every field (registrant, questionnaire, slot choice) and returns them
/// all or every problem found.
pub fn check_input(
    units: &[String],
    input: &RegistrationInput,
    today: NaiveDate,
    require_answers: bool,
) -> Result<(Registrant, Questionnaire, SlotChoice), Vec<FieldError>> {
    let registrant = parse_registrant(input, units, today);
    let (sex, birth) = match &registrant {
        Ok(r) => (Some(r.sex), Some(r.birth_date)),
        Err(_) => (None, None),
    };
    let answers = parse_questionnaire(input, sex, birth, today, require_answers);
    let choice = parse_slot_choice(input);
    match (registrant, answers, choice) {
        (Ok(r), Ok(q), Ok(c)) => Ok((r, q, c)),
        (r, q, c) => {
            let mut errors = Vec::new();
            errors.extend(r.err().unwrap_or_default());
            errors.extend(q.err().unwrap_or_default());
            errors.extend(c.err());
            Err(errors)
        }
    }
}

/// The whole registration: window, input, eligibility, then the booking
/// transaction. Nothing is written unless everything passes (but the counts
/// of the limits on strangers).
pub fn submit(
    conn: &mut PgConnection,
    drive: &Drive,
    units: &[InvitedUnit],
    input: &RegistrationInput,
    options: SubmitOptions<'_>,
) -> Result<Submitted, SubmitError> {
    let mut post = options.post;
    let outcome = checked_and_booked(conn, drive, units, input, options, &mut post);
    match (outcome, post) {
        // Stopped before the registration's count: the post is counted alone.
        (Err(refused), Some(post)) => {
            count_post_alone(conn, post, options.now)?;
            Err(refused)
        }
        (outcome, Some(post)) => {
            // Registered without counting (not a stranger's submission): the
            // post still counts, for the next one.
            if let Err(e) = count_post_alone(conn, post, options.now)
                && !matches!(e, SubmitError::Throttled(_))
            {
                tracing::warn!(error = ?e, "a post could not be counted");
            }
            outcome
        }
        (outcome, None) => outcome,
    }
}

/// Counts a post on its own against the limits on posts: over them, `Throttled`.
pub fn count_post_alone(
    conn: &mut PgConnection,
    post: &PostToCount,
    now: DateTime<Utc>,
) -> Result<(), SubmitError> {
    match stranger_limits::charge(conn, Scope::Post, &post.client, &post.limits, now)
        .map_err(BookingError::Database)?
    {
        Charge::Go => Ok(()),
        Charge::Wait(wait) => Err(SubmitError::Throttled(wait)),
    }
}

fn checked_and_booked(
    conn: &mut PgConnection,
    drive: &Drive,
    units: &[InvitedUnit],
    input: &RegistrationInput,
    options: SubmitOptions<'_>,
    post: &mut Option<&PostToCount>,
) -> Result<Submitted, SubmitError> {
    if options.source == RegistrationSource::SelfService && !drive.registration_open_at(options.now)
    {
        return Err(SubmitError::Closed);
    }
    let admission = admission(conn, drive, input).map_err(BookingError::Database)?;
    if admission == Admission::NotListed {
        return Err(SubmitError::NotOnList);
    }
    let input = &as_listed(input.clone(), &admission);
    let today = local_today(drive, options.now);
    let codes: Vec<String> = units.iter().map(|u| u.code.clone()).collect();
    let (registrant, answers, choice) =
        check_input(&codes, input, today, options.require_answers).map_err(SubmitError::Invalid)?;
    // The unit was checked against these codes just now.
    let Some(work_unit_id) = units
        .iter()
        .find(|u| u.code == registrant.work_unit)
        .map(|u| u.id)
    else {
        return Err(SubmitError::Booking(BookingError::Database(
            diesel::result::Error::NotFound,
        )));
    };
    let verdict = verdict_for(drive, &registrant, &answers);
    if verdict.kind != VerdictKind::Eligible {
        return Err(SubmitError::NotEligible(verdict));
    }
    if options.source == RegistrationSource::SelfService {
        // The registration and the post that carried it: one count, one statement.
        let limits = options.limits.for_scope(Scope::Register);
        let client = options.ip.unwrap_or_default();
        let with_post = post.take_if(|p| p.client == client);
        let mut scopes: Vec<(Scope, &[crate::auth::stranger_limits::Limit])> =
            vec![(Scope::Register, &limits)];
        scopes.extend(with_post.map(|p| (Scope::Post, p.limits.as_slice())));
        if let Charge::Wait(wait) =
            stranger_limits::charge_scopes(conn, client, &scopes, options.now)
                .map_err(BookingError::Database)?
        {
            return Err(SubmitError::Throttled(wait));
        }
    }
    let (manage_token, manage_token_hash) = SecretToken::generate().map_err(|e| {
        SubmitError::Booking(BookingError::Database(
            diesel::result::Error::QueryBuilderError(e.to_string().into()),
        ))
    })?;
    let (registration, seat) = registrations::register(
        conn,
        &NewRegistration {
            drive_id: drive.id,
            drive_date: drive.drive_date,
            registrant: &registrant,
            work_unit_id,
            answers: serde_json::to_value(&answers).unwrap_or_default(),
            prescreen_verdict: verdict.kind.as_str(),
            prescreen_reasons: serde_json::to_value(&verdict.reasons).unwrap_or_default(),
            choice,
            source: options.source,
            manage_token_hash,
            actor: options.actor,
            ip: options.ip,
            pending: admission == Admission::Applicant,
            waitlist_cap: options.limits.waitlist_per_drive,
        },
    )?;
    Ok(Submitted {
        registration,
        seat,
        manage_token,
        verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ana() -> ListedStaff {
        ListedStaff {
            full_name: "Ana".into(),
            unit_code: "KANIM-KUPANG".into(),
            unit_name: "Kanim Kupang".into(),
        }
    }

    #[test]
    fn the_mode_and_the_list_decide_who_registers() {
        use RegistrationMode::*;
        assert_eq!(admit(Open, None), Admission::Anyone);
        assert_eq!(admit(Open, Some(ana())), Admission::Anyone);
        assert_eq!(admit(StaffList, Some(ana())), Admission::Listed(ana()));
        assert_eq!(admit(StaffList, None), Admission::NotListed);
        assert_eq!(
            admit(StaffListApproval, Some(ana())),
            Admission::Listed(ana())
        );
        assert_eq!(admit(StaffListApproval, None), Admission::Applicant);
    }

    #[test]
    fn a_listed_person_is_registered_under_the_list_s_name_and_unit() {
        let typed = RegistrationInput {
            nip: "1985 0312 2010 01 1 001".into(),
            full_name: "Someone Else".into(),
            work_unit: "LAPAS-KUPANG".into(),
            ..RegistrationInput::default()
        };
        assert_eq!(typed_identity(&typed), "198503122010011001");
        let listed = as_listed(typed, &Admission::Listed(ana()));
        assert_eq!(listed.full_name, "Ana");
        assert_eq!(listed.work_unit, "KANIM-KUPANG");
    }
}

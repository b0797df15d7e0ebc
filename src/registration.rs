//! The registration use case shared by the pages and the JSON API: check what
//! was typed, evaluate eligibility at the drive date, then book in one
//! transaction. Pure checks come from `domain`, the transaction from `store`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::PgConnection;

use crate::domain::codes::SecretToken;
use crate::domain::eligibility::{Verdict, VerdictKind, evaluate};
use crate::domain::questionnaire::{BagVolume, DonorFacts, Questionnaire};
use crate::domain::registration_input::{
    FieldError, Registrant, RegistrationInput, SlotChoice, parse_questionnaire, parse_registrant,
    parse_slot_choice,
};
use crate::domain::rule_set::RuleSet;
use crate::domain::vocab::RegistrationSource;
use crate::store::audit::Actor;
use crate::store::drives::Drive;
use crate::store::registrations::{self, BookingError, NewRegistration, Registration};

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

/// Everything that can stop a registration, in the order it is checked.
#[derive(Debug)]
pub enum SubmitError {
    /// Registration is not open (drive not open, before the window, after the cut-off).
    Closed,
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
/// transaction. Nothing is written unless everything passes.
pub fn submit(
    conn: &mut PgConnection,
    drive: &Drive,
    units: &[String],
    input: &RegistrationInput,
    options: SubmitOptions<'_>,
) -> Result<Submitted, SubmitError> {
    if options.source == RegistrationSource::SelfService && !drive.registration_open_at(options.now)
    {
        return Err(SubmitError::Closed);
    }
    let today = local_today(drive, options.now);
    let (registrant, answers, choice) =
        check_input(units, input, today, options.require_answers).map_err(SubmitError::Invalid)?;
    let verdict = verdict_for(drive, &registrant, &answers);
    if verdict.kind != VerdictKind::Eligible {
        return Err(SubmitError::NotEligible(verdict));
    }
    let (manage_token, manage_token_hash) = SecretToken::generate().map_err(|e| {
        SubmitError::Booking(BookingError::Database(
            diesel::result::Error::QueryBuilderError(e.to_string().into()),
        ))
    })?;
    let registration = registrations::register(
        conn,
        &NewRegistration {
            drive_id: drive.id,
            drive_date: drive.drive_date,
            registrant: &registrant,
            answers: serde_json::to_value(&answers).unwrap_or_default(),
            prescreen_verdict: verdict.kind.as_str(),
            prescreen_reasons: serde_json::to_value(&verdict.reasons).unwrap_or_default(),
            choice,
            source: options.source,
            manage_token_hash,
            actor: options.actor,
            ip: options.ip,
        },
    )?;
    Ok(Submitted {
        registration,
        manage_token,
        verdict,
    })
}

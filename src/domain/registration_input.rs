//! Turning what a person typed (a form or a JSON body) into a checked registrant,
//! questionnaire and slot choice, with one message key per field that is wrong.
//! The same code serves the web pages and the JSON API.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use super::identity::{self, Sex};
use super::messages::MessageArgs;
use super::questionnaire::{DonorFacts, Questionnaire};
use super::vocab::{BloodGroup, EmployeeType, Rhesus};

/// Longest name we keep; Indonesian names with titles fit comfortably.
pub const MAX_NAME_CHARS: usize = 100;
/// Lowest and highest weight we believe a person typed on purpose.
pub const WEIGHT_RANGE_KG: (f64, f64) = (30.0, 250.0);
pub const MAX_DONATION_COUNT: u32 = 300;

/// Accepts a JSON string, number or boolean (or null) as text, so that
/// `"weight_kg": 55.5` and `weight_kg=55,5` reach the same parser.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        Text(String),
        Int(i64),
        Float(f64),
        Bool(bool),
        Null(()),
    }
    Ok(match Scalar::deserialize(d)? {
        Scalar::Text(s) => s,
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => if b { "yes" } else { "no" }.to_owned(),
        Scalar::Null(()) => String::new(),
    })
}

/// Everything a registration can carry, as typed. Unknown fields are ignored
/// (the form also sends `csrf_token` and `step`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationInput {
    #[serde(deserialize_with = "lenient_text")]
    pub full_name: String,
    #[serde(deserialize_with = "lenient_text")]
    pub nip: String,
    #[serde(deserialize_with = "lenient_text")]
    pub nik: String,
    #[serde(deserialize_with = "lenient_text")]
    pub employee_type: String,
    #[serde(deserialize_with = "lenient_text")]
    pub sex: String,
    #[serde(deserialize_with = "lenient_text")]
    pub birth_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub work_unit: String,
    #[serde(deserialize_with = "lenient_text")]
    pub phone: String,
    #[serde(deserialize_with = "lenient_text")]
    pub email: String,
    #[serde(deserialize_with = "lenient_text")]
    pub blood_group: String,
    #[serde(deserialize_with = "lenient_text")]
    pub rhesus: String,
    #[serde(deserialize_with = "lenient_text")]
    pub weight_kg: String,
    #[serde(deserialize_with = "lenient_text")]
    pub last_donation_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub donation_count: String,
    #[serde(deserialize_with = "lenient_text")]
    pub slot_id: String,
    #[serde(deserialize_with = "lenient_text")]
    pub tattoo_piercing_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub minor_surgery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub major_surgery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub tooth_extraction_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub transfusion_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub delivery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub malaria_recovery_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub live_vaccine_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub rabies_treatment_date: String,
    #[serde(deserialize_with = "lenient_text")]
    pub pregnant: String,
    #[serde(deserialize_with = "lenient_text")]
    pub breastfeeding: String,
    #[serde(deserialize_with = "lenient_text")]
    pub permanent_condition: String,
    #[serde(deserialize_with = "lenient_text")]
    pub fever_last_7_days: String,
    #[serde(deserialize_with = "lenient_text")]
    pub medication_last_3_days: String,
    #[serde(deserialize_with = "lenient_text")]
    pub slept_under_4_hours: String,
}

impl RegistrationInput {
    /// The questionnaire's date answers by key, as typed.
    pub fn date_answer(&self, key: &str) -> &str {
        match key {
            "tattoo_piercing_date" => &self.tattoo_piercing_date,
            "minor_surgery_date" => &self.minor_surgery_date,
            "major_surgery_date" => &self.major_surgery_date,
            "tooth_extraction_date" => &self.tooth_extraction_date,
            "transfusion_date" => &self.transfusion_date,
            "delivery_date" => &self.delivery_date,
            "malaria_recovery_date" => &self.malaria_recovery_date,
            "live_vaccine_date" => &self.live_vaccine_date,
            "rabies_treatment_date" => &self.rabies_treatment_date,
            _ => "",
        }
    }

    /// The questionnaire's yes/no answers by key, as typed.
    pub fn flag_answer(&self, key: &str) -> &str {
        match key {
            "pregnant" => &self.pregnant,
            "breastfeeding" => &self.breastfeeding,
            "permanent_condition" => &self.permanent_condition,
            "fever_last_7_days" => &self.fever_last_7_days,
            "medication_last_3_days" => &self.medication_last_3_days,
            "slept_under_4_hours" => &self.slept_under_4_hours,
            _ => "",
        }
    }
}

/// One wrong field: which, and the message key (with arguments) saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
    pub args: MessageArgs,
}

impl FieldError {
    fn new(field: &'static str, key: &'static str) -> Self {
        FieldError {
            field,
            key,
            args: Vec::new(),
        }
    }

    fn with(field: &'static str, key: &'static str, args: MessageArgs) -> Self {
        FieldError { field, key, args }
    }
}

/// The person's identity number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityNumber {
    Nip(String),
    Nik(String),
}

/// A checked registrant.
#[derive(Debug, Clone, PartialEq)]
pub struct Registrant {
    pub id_number: IdentityNumber,
    pub employee_type: EmployeeType,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub work_unit: String,
    /// Normalised to `+62…`.
    pub phone: String,
    pub email: Option<String>,
    pub blood_group: BloodGroup,
    pub rhesus: Rhesus,
    pub weight_kg: f64,
    pub donation_count: u32,
    pub last_donation_date: Option<NaiveDate>,
}

/// What the birth date and sex fields should show once an identity number is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefill {
    pub birth_date: NaiveDate,
    pub sex: Sex,
}

/// Where the person wants to sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotChoice {
    Slot(Uuid),
    Waitlist,
}

/// Strips control characters and collapses runs of spaces.
pub fn clean_text(input: &str) -> String {
    input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Accepts `YYYY-MM-DD` (what date inputs send) and `DD-MM-YYYY` / `DD/MM/YYYY`
/// (what people type).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Numbers as Indonesians and English speakers write them: `55,5` or `55.5`.
pub fn parse_decimal(input: &str) -> Option<f64> {
    let s = input.trim().replace(',', ".");
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `yes`/`no` in either language; `None` when unanswered or unreadable.
pub fn parse_yes_no(input: &str) -> Option<bool> {
    match input.trim().to_lowercase().as_str() {
        "yes" | "ya" | "true" | "1" | "on" => Some(true),
        "no" | "tidak" | "false" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// WhatsApp numbers: `0812…`, `62812…` or `+62812…`, spaces and dashes allowed;
/// stored as `+62812…`. Numbers from other countries keep their `+` code.
pub fn normalise_phone(input: &str) -> Option<String> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let (plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let international = if plus {
        digits.to_owned()
    } else if let Some(local) = digits.strip_prefix('0') {
        format!("62{local}")
    } else if digits.starts_with("62") {
        digits.to_owned()
    } else {
        return None;
    };
    (9..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

/// Checks identity, contact and donor facts. `units` are the codes of the
/// drive's work units; `today` bounds dates that must lie in the past.
pub fn parse_registrant(
    input: &RegistrationInput,
    units: &[String],
    today: NaiveDate,
) -> Result<Registrant, Vec<FieldError>> {
    let mut errors = Vec::new();

    let full_name = clean_text(&input.full_name);
    if full_name.is_empty() {
        errors.push(FieldError::new("full_name", "input-name-missing"));
    } else if full_name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::with(
            "full_name",
            "input-name-too-long",
            vec![("max", MAX_NAME_CHARS.to_string())],
        ));
    }

    let employee_type = match input.employee_type.trim().parse::<EmployeeType>() {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError::new(
                "employee_type",
                "input-employee-type-missing",
            ));
            None
        }
    };

    // ASN (PNS, PPPK) are known by their NIP; other staff by their NIK.
    let wants_nip = !matches!(employee_type, Some(EmployeeType::NonAsn));
    let (id_number, from_number) = if wants_nip {
        if input.nip.trim().is_empty() {
            errors.push(FieldError::new("nip", "input-nip-missing"));
            (None, None)
        } else {
            match identity::parse_nip(&input.nip, today) {
                Ok(nip) => (
                    Some(IdentityNumber::Nip(nip.digits.clone())),
                    Some((nip.birth_date, nip.sex)),
                ),
                Err(e) => {
                    errors.push(FieldError::with("nip", e.message_key(), e.message_args()));
                    (None, None)
                }
            }
        }
    } else if input.nik.trim().is_empty() {
        errors.push(FieldError::new("nik", "input-nik-missing"));
        (None, None)
    } else {
        match identity::parse_nik(&input.nik, today) {
            Ok(nik) => (
                Some(IdentityNumber::Nik(nik.digits.clone())),
                Some((nik.birth_date, nik.sex)),
            ),
            Err(e) => {
                errors.push(FieldError::with("nik", e.message_key(), e.message_args()));
                (None, None)
            }
        }
    };

    let entered_birth = if input.birth_date.trim().is_empty() {
        None
    } else {
        match parse_date(&input.birth_date) {
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::new("birth_date", "input-date-invalid"));
                None
            }
        }
    };
    let entered_sex = if input.sex.trim().is_empty() {
        None
    } else {
        match input.sex.trim().parse::<Sex>() {
            Ok(s) => Some(s),
            Err(_) => {
                errors.push(FieldError::new("sex", "input-sex-missing"));
                None
            }
        }
    };
    let mut birth_date = entered_birth;
    let mut sex = entered_sex;
    if let Some((number_birth, number_sex)) = from_number {
        for mismatch in identity::cross_check(number_birth, number_sex, entered_birth, entered_sex)
        {
            errors.push(FieldError::with(
                mismatch.field(),
                mismatch.message_key(),
                mismatch.message_args(),
            ));
        }
        birth_date = birth_date.or(Some(number_birth));
        sex = sex.or(Some(number_sex));
    }
    // Birth date and sex are not asked for on their own: a valid identity
    // number supplies both, and without one the message is about the number
    // alone (asking for them too would only add noise).
    if let Some(b) = birth_date
        && b > today
    {
        errors.push(FieldError::new("birth_date", "input-date-in-future"));
    }

    let work_unit = input.work_unit.trim().to_owned();
    if work_unit.is_empty() {
        errors.push(FieldError::new("work_unit", "input-unit-missing"));
    } else if !units.contains(&work_unit) {
        errors.push(FieldError::new("work_unit", "input-unit-unknown"));
    }

    let phone = match normalise_phone(&input.phone) {
        Some(p) => Some(p),
        None => {
            let key = if input.phone.trim().is_empty() {
                "input-phone-missing"
            } else {
                "input-phone-invalid"
            };
            errors.push(FieldError::new("phone", key));
            None
        }
    };

    let email = input.email.trim().to_lowercase();
    let email = if email.is_empty() {
        None
    } else if valid_email(&email) {
        Some(email)
    } else {
        errors.push(FieldError::new("email", "input-email-invalid"));
        None
    };

    let blood_group = match input.blood_group.trim() {
        "" => BloodGroup::Unknown,
        other => match other
            .to_uppercase()
            .parse::<BloodGroup>()
            .or_else(|_| other.parse())
        {
            Ok(g) => g,
            Err(_) => {
                errors.push(FieldError::new("blood_group", "input-blood-group-invalid"));
                BloodGroup::Unknown
            }
        },
    };
    let rhesus = match input.rhesus.trim() {
        "" => Rhesus::Unknown,
        "+" => Rhesus::Positive,
        "-" => Rhesus::Negative,
        other => match other.to_lowercase().parse::<Rhesus>() {
            Ok(r) => r,
            Err(_) => {
                errors.push(FieldError::new("rhesus", "input-rhesus-invalid"));
                Rhesus::Unknown
            }
        },
    };

    let weight_kg = parse_weight(&input.weight_kg, &mut errors);
    let donation_count = parse_donation_count(&input.donation_count, &mut errors);

    let last_donation_date = past_date(
        "last_donation_date",
        &input.last_donation_date,
        birth_date,
        today,
        &mut errors,
    );
    if last_donation_date.is_some()
        && donation_count == 0
        && !input.donation_count.trim().is_empty()
    {
        errors.push(FieldError::new(
            "donation_count",
            "input-donation-count-contradicts",
        ));
    }

    match (id_number, employee_type, birth_date, sex, phone, weight_kg) {
        (
            Some(id_number),
            Some(employee_type),
            Some(birth_date),
            Some(sex),
            Some(phone),
            Some(weight_kg),
        ) if errors.is_empty() => {
            Ok(Registrant {
                id_number,
                employee_type,
                full_name,
                sex,
                birth_date,
                work_unit,
                phone,
                email,
                blood_group,
                rhesus,
                weight_kg,
                // Someone who gives a last donation date has donated at least once.
                donation_count: if last_donation_date.is_some() {
                    donation_count.max(1)
                } else {
                    donation_count
                },
                last_donation_date,
            })
        }
        _ => Err(errors),
    }
}

/// The facts a self-check needs (no name, unit or contact): birth date and sex
/// (typed, or read from a NIP/NIK, and cross-checked when both are given),
/// weight and donation history.
pub fn parse_facts(
    input: &RegistrationInput,
    today: NaiveDate,
) -> Result<DonorFacts, Vec<FieldError>> {
    let mut errors = Vec::new();
    let from_number = if !input.nip.trim().is_empty() {
        match identity::parse_nip(&input.nip, today) {
            Ok(nip) => Some((nip.birth_date, nip.sex)),
            Err(e) => {
                errors.push(FieldError::with("nip", e.message_key(), e.message_args()));
                None
            }
        }
    } else if !input.nik.trim().is_empty() {
        match identity::parse_nik(&input.nik, today) {
            Ok(nik) => Some((nik.birth_date, nik.sex)),
            Err(e) => {
                errors.push(FieldError::with("nik", e.message_key(), e.message_args()));
                None
            }
        }
    } else {
        None
    };
    let mut birth_date = match input.birth_date.trim() {
        "" => None,
        text => match parse_date(text) {
            Some(d) if d > today => {
                errors.push(FieldError::new("birth_date", "input-date-in-future"));
                None
            }
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::new("birth_date", "input-date-invalid"));
                None
            }
        },
    };
    let mut sex = match input.sex.trim() {
        "" => None,
        text => match text.parse::<Sex>() {
            Ok(s) => Some(s),
            Err(_) => {
                errors.push(FieldError::new("sex", "input-sex-missing"));
                None
            }
        },
    };
    if let Some((number_birth, number_sex)) = from_number {
        for mismatch in identity::cross_check(number_birth, number_sex, birth_date, sex) {
            errors.push(FieldError::with(
                mismatch.field(),
                mismatch.message_key(),
                mismatch.message_args(),
            ));
        }
        birth_date = birth_date.or(Some(number_birth));
        sex = sex.or(Some(number_sex));
    }
    let has_error = |errors: &[FieldError], field: &str| errors.iter().any(|e| e.field == field);
    if birth_date.is_none() && !has_error(&errors, "birth_date") {
        errors.push(FieldError::new("birth_date", "input-birth-date-missing"));
    }
    if sex.is_none() && !has_error(&errors, "sex") {
        errors.push(FieldError::new("sex", "input-sex-missing"));
    }
    let weight_kg = parse_weight(&input.weight_kg, &mut errors);
    let donation_count = parse_donation_count(&input.donation_count, &mut errors);
    let last_donation_date = past_date(
        "last_donation_date",
        &input.last_donation_date,
        birth_date,
        today,
        &mut errors,
    );
    match (birth_date, sex, weight_kg) {
        (Some(birth_date), Some(sex), Some(weight_kg)) if errors.is_empty() => Ok(DonorFacts {
            birth_date,
            sex,
            weight_kg,
            last_donation_date,
            // Someone who gives a last donation date has donated at least once.
            donation_count: if last_donation_date.is_some() {
                donation_count.max(1)
            } else {
                donation_count
            },
        }),
        _ => Err(errors),
    }
}

/// The facts and the questionnaire together, for the JSON self-check (an
/// unanswered yes/no question there means "no").
pub fn parse_donor_facts(
    input: &RegistrationInput,
    today: NaiveDate,
) -> Result<(DonorFacts, Questionnaire), Vec<FieldError>> {
    let facts = parse_facts(input, today);
    let (sex, birth) = match &facts {
        Ok(f) => (Some(f.sex), Some(f.birth_date)),
        Err(_) => (None, None),
    };
    let answers = parse_questionnaire(input, sex, birth, today, false);
    match (facts, answers) {
        (Ok(f), Ok(q)) => Ok((f, q)),
        (f, q) => {
            let mut errors = f.err().unwrap_or_default();
            errors.extend(q.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// Birth date and sex as the identity number tells them, for prefilling the form.
pub fn prefill_from_number(input: &RegistrationInput, today: NaiveDate) -> Option<Prefill> {
    if !input.nip.trim().is_empty()
        && let Ok(nip) = identity::parse_nip(&input.nip, today)
    {
        return Some(Prefill {
            birth_date: nip.birth_date,
            sex: nip.sex,
        });
    }
    if !input.nik.trim().is_empty()
        && let Ok(nik) = identity::parse_nik(&input.nik, today)
    {
        return Some(Prefill {
            birth_date: nik.birth_date,
            sex: nik.sex,
        });
    }
    None
}

/// Weight in kg within the plausible range, or a named error.
fn parse_weight(text: &str, errors: &mut Vec<FieldError>) -> Option<f64> {
    match parse_decimal(text) {
        Some(w) if (WEIGHT_RANGE_KG.0..=WEIGHT_RANGE_KG.1).contains(&w) => Some(w),
        Some(_) => {
            errors.push(FieldError::with(
                "weight_kg",
                "input-weight-out-of-range",
                vec![
                    ("min", format!("{:.0}", WEIGHT_RANGE_KG.0)),
                    ("max", format!("{:.0}", WEIGHT_RANGE_KG.1)),
                ],
            ));
            None
        }
        None => {
            let key = if text.trim().is_empty() {
                "input-weight-missing"
            } else {
                "input-number-invalid"
            };
            errors.push(FieldError::new("weight_kg", key));
            None
        }
    }
}

/// Earlier donations, 0 when left empty.
fn parse_donation_count(text: &str, errors: &mut Vec<FieldError>) -> u32 {
    match text.trim() {
        "" => 0,
        text => match text.parse::<u32>() {
            Ok(n) if n <= MAX_DONATION_COUNT => n,
            _ => {
                errors.push(FieldError::with(
                    "donation_count",
                    "input-donation-count-invalid",
                    vec![("max", MAX_DONATION_COUNT.to_string())],
                ));
                0
            }
        },
    }
}

/// An optional date that must not lie in the future nor before birth.
fn past_date(
    field: &'static str,
    text: &str,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        return None;
    }
    match parse_date(text) {
        None => {
            errors.push(FieldError::new(field, "input-date-invalid"));
            None
        }
        Some(d) if d > today => {
            errors.push(FieldError::new(field, "input-date-in-future"));
            None
        }
        Some(d) if birth_date.is_some_and(|b| d < b) => {
            errors.push(FieldError::new(field, "input-date-before-birth"));
            None
        }
        Some(d) => Some(d),
    }
}

/// Reads the questionnaire. On the form every yes/no question must be answered
/// (`require_answers`); the JSON API may leave them out, meaning "no". Questions
/// about pregnancy, birth and breastfeeding are asked of women only.
pub fn parse_questionnaire(
    input: &RegistrationInput,
    sex: Option<Sex>,
    birth_date: Option<NaiveDate>,
    today: NaiveDate,
    require_answers: bool,
) -> Result<Questionnaire, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut q = Questionnaire::default();
    let asked_of_women = ["delivery_date", "pregnant", "breastfeeding"];
    let is_man = sex == Some(Sex::Male);
    for key in Questionnaire::DATE_KEYS {
        if is_man && asked_of_women.contains(&key) {
            continue;
        }
        let value = past_date(
            field_name(key),
            input.date_answer(key),
            birth_date,
            today,
            &mut errors,
        );
        if let Some(slot) = q.date_mut(key) {
            *slot = value;
        }
    }
    for key in Questionnaire::BOOL_KEYS {
        if is_man && asked_of_women.contains(&key) {
            continue;
        }
        let text = input.flag_answer(key);
        let answer = match parse_yes_no(text) {
            Some(b) => b,
            None if text.trim().is_empty() && !require_answers => false,
            None => {
                errors.push(FieldError::new(field_name(key), "input-answer-missing"));
                false
            }
        };
        if let Some(slot) = q.flag_mut(key) {
            *slot = answer;
        }
    }
    if errors.is_empty() {
        Ok(q)
    } else {
        Err(errors)
    }
}

/// The `'static` field name for a questionnaire key.
fn field_name(key: &str) -> &'static str {
    Questionnaire::DATE_KEYS
        .iter()
        .chain(Questionnaire::BOOL_KEYS.iter())
        .find(|k| **k == key)
        .copied()
        .unwrap_or("questionnaire")
}

/// `slot_id` is a slot's id or `waitlist`.
pub fn parse_slot_choice(input: &RegistrationInput) -> Result<SlotChoice, FieldError> {
    let text = input.slot_id.trim();
    if text.is_empty() {
        return Err(FieldError::new("slot_id", "input-slot-missing"));
    }
    if text.eq_ignore_ascii_case("waitlist") {
        return Ok(SlotChoice::Waitlist);
    }
    Uuid::parse_str(text)
        .map(SlotChoice::Slot)
        .map_err(|_| FieldError::new("slot_id", "input-slot-unknown"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every message this module produces, from inputs that trigger it.
    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let mut errors = Vec::new();
        let mut collect = |input: RegistrationInput| {
            if let Err(e) = parse_registrant(&input, &units(), today()) {
                errors.extend(e);
            }
            if let Err(e) = parse_questionnaire(&input, None, Some(d(1985, 3, 12)), today(), true) {
                errors.extend(e);
            }
            if let Err(e) = parse_slot_choice(&input) {
                errors.push(e);
            }
            if let Err(e) = parse_facts(&input, today()) {
                errors.extend(e);
            }
        };
        collect(RegistrationInput::default());
        collect(RegistrationInput {
            employee_type: "non_asn".into(),
            ..Default::default()
        });
        let mut bad = valid();
        bad.full_name = "x".repeat(200);
        bad.birth_date = "31-02-1985".into();
        bad.work_unit = "NOPE".into();
        bad.phone = "1".into();
        bad.email = "x".into();
        bad.blood_group = "C".into();
        bad.rhesus = "maybe".into();
        bad.weight_kg = "abc".into();
        bad.donation_count = "x".into();
        bad.slot_id = "x".into();
        bad.tattoo_piercing_date = "2030-01-01".into();
        bad.minor_surgery_date = "1970-01-01".into();
        collect(bad);
        let mut bad = valid();
        bad.weight_kg = "999".into();
        bad.birth_date = "2030-01-01".into();
        collect(bad);
        let mut bad = valid();
        bad.donation_count = "0".into();
        bad.last_donation_date = "2026-01-01".into();
        collect(bad);
        let mut bad = valid();
        bad.nip = "1".into();
        bad.sex = "x".into();
        collect(bad);
        errors.into_iter().map(|e| (e.key, e.args)).collect()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn today() -> NaiveDate {
        d(2026, 11, 28)
    }

    fn units() -> Vec<String> {
        vec!["KANIM-KUPANG".to_owned()]
    }

    fn valid() -> RegistrationInput {
        RegistrationInput {
            full_name: "  Yohanes   Bria ".into(),
            nip: "19850312 201001 1 002".into(),
            employee_type: "pns".into(),
            work_unit: "KANIM-KUPANG".into(),
            phone: "0812-3456-7890".into(),
            weight_kg: "62,5".into(),
            ..Default::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_valid_registrant_is_filled_from_the_nip() {
        let r = parse_registrant(&valid(), &units(), today()).expect("valid");
        assert_eq!(r.full_name, "Yohanes Bria");
        assert_eq!(
            r.id_number,
            IdentityNumber::Nip("198503122010011002".into())
        );
        assert_eq!(r.birth_date, d(1985, 3, 12));
        assert_eq!(r.sex, Sex::Male);
        assert_eq!(r.phone, "+6281234567890");
        assert_eq!(r.weight_kg, 62.5);
        assert_eq!(r.blood_group, BloodGroup::Unknown);
    }

    #[test]
    fn a_birth_date_or_sex_contradicting_the_nip_is_refused() {
        let mut input = valid();
        input.birth_date = "1985-03-13".into();
        input.sex = "female".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(fields(&errors), vec!["birth_date", "sex"]);
    }

    #[test]
    fn non_asn_staff_give_a_nik() {
        let mut input = valid();
        input.employee_type = "non_asn".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        // Only the number is asked for: birth date and sex come from it.
        assert_eq!(fields(&errors), vec!["nik"]);
        input.nik = "5371015203900001".into();
        let r = parse_registrant(&input, &units(), today()).expect("valid");
        assert_eq!(r.sex, Sex::Female);
        assert_eq!(r.birth_date, d(1990, 3, 12));
    }

    #[test]
    fn every_missing_field_is_named() {
        let errors =
            parse_registrant(&RegistrationInput::default(), &units(), today()).unwrap_err();
        let f = fields(&errors);
        for field in [
            "full_name",
            "employee_type",
            "nip",
            "work_unit",
            "phone",
            "weight_kg",
        ] {
            assert!(f.contains(&field), "{field} missing from {f:?}");
        }
        // Birth date and sex follow from the number; no second message for them.
        assert!(!f.contains(&"birth_date") && !f.contains(&"sex"), "{f:?}");
    }

    #[test]
    fn long_names_unknown_units_and_odd_numbers_are_refused() {
        let mut input = valid();
        input.full_name = "a".repeat(10_000);
        input.work_unit = "'; DROP TABLE donors; --".into();
        input.weight_kg = "625".into();
        input.phone = "12".into();
        input.email = "not-an-email".into();
        input.donation_count = "-1".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![
                "full_name",
                "work_unit",
                "phone",
                "email",
                "weight_kg",
                "donation_count"
            ]
        );
        assert_eq!(errors[0].key, "input-name-too-long");
    }

    #[test]
    fn dates_in_the_future_or_before_birth_are_refused() {
        let mut input = valid();
        input.last_donation_date = "2026-11-29".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(errors[0].key, "input-date-in-future");
        input.last_donation_date = "1980-01-01".into();
        let errors = parse_registrant(&input, &units(), today()).unwrap_err();
        assert_eq!(errors[0].key, "input-date-before-birth");
        input.last_donation_date = "01/09/2026".into();
        let r = parse_registrant(&input, &units(), today()).expect("valid");
        assert_eq!(r.last_donation_date, Some(d(2026, 9, 1)));
        assert_eq!(r.donation_count, 1, "a last donation means at least one");
    }

    #[test]
    fn phones_are_normalised() {
        assert_eq!(
            normalise_phone("0812 3456 7890").as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(
            normalise_phone("+62 812-3456-7890").as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(
            normalise_phone("6281234567890").as_deref(),
            Some("+6281234567890")
        );
        assert_eq!(
            normalise_phone("+670 7723 4567").as_deref(),
            Some("+67077234567")
        );
        assert_eq!(normalise_phone("812345"), None);
        assert_eq!(normalise_phone("08abc"), None);
    }

    #[test]
    fn the_form_requires_every_yes_no_answer_the_api_does_not() {
        let input = RegistrationInput::default();
        let errors =
            parse_questionnaire(&input, Some(Sex::Female), None, today(), true).unwrap_err();
        assert_eq!(errors.len(), Questionnaire::BOOL_KEYS.len());
        let errors = parse_questionnaire(&input, Some(Sex::Male), None, today(), true).unwrap_err();
        assert_eq!(
            errors.len(),
            Questionnaire::BOOL_KEYS.len() - 2,
            "men are not asked about pregnancy"
        );
        assert_eq!(
            parse_questionnaire(&input, Some(Sex::Male), None, today(), false),
            Ok(Questionnaire::default())
        );
    }

    #[test]
    fn questionnaire_answers_are_read() {
        let input = RegistrationInput {
            tattoo_piercing_date: "2026-06-01".into(),
            pregnant: "tidak".into(),
            breastfeeding: "ya".into(),
            permanent_condition: "no".into(),
            fever_last_7_days: "no".into(),
            medication_last_3_days: "yes".into(),
            slept_under_4_hours: "no".into(),
            ..Default::default()
        };
        let q = parse_questionnaire(&input, Some(Sex::Female), None, today(), true).expect("valid");
        assert_eq!(q.tattoo_piercing_date, Some(d(2026, 6, 1)));
        assert!(q.breastfeeding && q.medication_last_3_days && !q.pregnant);
        let q = parse_questionnaire(&input, Some(Sex::Male), None, today(), true).expect("valid");
        assert!(!q.breastfeeding, "ignored for men");
    }

    #[test]
    fn slot_choices_are_ids_or_the_waitlist() {
        let mut input = RegistrationInput::default();
        assert_eq!(
            parse_slot_choice(&input).unwrap_err().key,
            "input-slot-missing"
        );
        input.slot_id = "waitlist".into();
        assert_eq!(parse_slot_choice(&input), Ok(SlotChoice::Waitlist));
        input.slot_id = "<script>".into();
        assert_eq!(
            parse_slot_choice(&input).unwrap_err().key,
            "input-slot-unknown"
        );
    }

    #[test]
    fn json_numbers_and_booleans_are_accepted_as_text() {
        let input: RegistrationInput = serde_json::from_str(
            r#"{"weight_kg": 55.5, "donation_count": 3, "pregnant": false, "email": null, "nip": "1"}"#,
        )
        .expect("json");
        assert_eq!(input.weight_kg, "55.5");
        assert_eq!(input.donation_count, "3");
        assert_eq!(input.pregnant, "no");
        assert_eq!(input.email, "");
    }

    #[test]
    fn the_self_check_reads_birth_date_and_sex_from_the_nip() {
        let input = RegistrationInput {
            nip: "198503122010011002".into(),
            weight_kg: "60".into(),
            last_donation_date: "2026-10-01".into(),
            ..Default::default()
        };
        let (facts, answers) = parse_donor_facts(&input, today()).expect("facts");
        assert_eq!(facts.birth_date, d(1985, 3, 12));
        assert_eq!(facts.sex, Sex::Male);
        assert_eq!(facts.donation_count, 1);
        assert_eq!(answers, Questionnaire::default());
    }

    #[test]
    fn the_self_check_names_each_missing_or_contradicting_field() {
        let errors = parse_donor_facts(&RegistrationInput::default(), today()).unwrap_err();
        assert_eq!(fields(&errors), ["birth_date", "sex", "weight_kg"]);
        let input = RegistrationInput {
            nip: "198503122010011002".into(),
            sex: "female".into(),
            weight_kg: "60".into(),
            pregnant: "maybe".into(),
            ..Default::default()
        };
        let errors = parse_donor_facts(&input, today()).unwrap_err();
        assert_eq!(fields(&errors), ["sex", "pregnant"]);
    }
}

//! The roster of a drive: its registrations with the donor's name, unit and
//! blood group, for the coordinators' list, its print view and its CSV.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{donors, registrations, work_units};
use crate::domain::identity::Sex;
use crate::domain::vocab::{BloodGroup, RegistrationSource, RegistrationStatus, Rhesus};

#[derive(Clone, Debug, Queryable)]
pub struct RosterRow {
    pub id: Uuid,
    pub code: String,
    pub status: RegistrationStatus,
    pub slot_id: Option<Uuid>,
    pub over_capacity: bool,
    pub source: RegistrationSource,
    pub sex: Sex,
    pub age_years: i32,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub full_name: String,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub blood_group: BloodGroup,
    pub rhesus: Rhesus,
    pub phone: Option<String>,
    pub unit_name: Option<String>,
    /// The group on the donor's record is PMI's result, not only their word.
    pub blood_tested: bool,
}

/// What the coordinator narrowed the list to.
#[derive(Clone, Debug, Default)]
pub struct RosterFilter {
    /// Part of a name, the start of a NIP/NIK, or a confirmation code.
    pub search: Option<String>,
    /// A code as normalised by `ConfirmationCode::parse`, when the search reads as one.
    pub code: Option<String>,
    pub slot_id: Option<Uuid>,
    pub status: Option<RegistrationStatus>,
    /// One registration only (whatever its status).
    pub id: Option<Uuid>,
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The drive's registrations (cancelled ones left out unless asked for), by
/// name; the page groups them by slot.
pub fn load(
    conn: &mut PgConnection,
    drive_id: Uuid,
    filter: &RosterFilter,
) -> QueryResult<Vec<RosterRow>> {
    let mut query = registrations::table
        .inner_join(donors::table)
        .left_join(work_units::table)
        .select((
            registrations::id,
            registrations::code,
            registrations::status,
            registrations::slot_id,
            registrations::over_capacity,
            registrations::source,
            registrations::sex,
            registrations::age_years,
            registrations::checked_in_at,
            donors::full_name,
            donors::nip,
            donors::nik,
            donors::birth_date,
            donors::blood_group,
            donors::rhesus,
            donors::phone,
            work_units::name.nullable(),
            donors::blood_group_tested_at.is_not_null(),
        ))
        .order((donors::full_name.asc(), registrations::id.asc()))
        .into_boxed();
    match filter.id {
        Some(id) => query = query.filter(registrations::id.eq(id)),
        None => query = query.filter(registrations::drive_id.eq(drive_id)),
    }
    match filter.status {
        Some(status) => query = query.filter(registrations::status.eq(status.as_str())),
        None if filter.id.is_some() => {}
        None => {
            query = query.filter(registrations::status.ne(RegistrationStatus::Cancelled.as_str()))
        }
    }
    if let Some(slot) = filter.slot_id {
        query = query.filter(registrations::slot_id.eq(slot));
    }
    if let Some(terms) = SearchTerms::of(filter) {
        query = query.filter(
            donors::full_name
                .ilike(terms.name_contains)
                .or(donors::nip
                    .like(terms.number_starts.clone())
                    .assume_not_null())
                .or(donors::nik.like(terms.number_starts).assume_not_null())
                .or(registrations::code.eq(terms.code)),
        );
    }
    query.load(conn)
}

/// The patterns of a roster search: part of a name, the start of a NIP or NIK
/// (spaces ignored), or a whole confirmation code.
struct SearchTerms {
    name_contains: String,
    number_starts: String,
    code: String,
}

impl SearchTerms {
    /// `None` when the filter searches for nothing.
    fn of(filter: &RosterFilter) -> Option<SearchTerms> {
        let search = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())?;
        let digits: String = search.chars().filter(|c| !c.is_whitespace()).collect();
        Some(SearchTerms {
            name_contains: format!("%{}%", escape_like(search)),
            number_starts: format!("{}%", escape_like(&digits)),
            code: filter.code.clone().unwrap_or_default(),
        })
    }
}

/// Counts per slot of the registrations that hold a seat and of those checked
/// in or further (for the live counts on the roster).
pub fn slot_counts(
    conn: &mut PgConnection,
    drive_id: Uuid,
) -> QueryResult<Vec<(Option<Uuid>, String, i64)>> {
    registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .group_by((registrations::slot_id, registrations::status))
        .select((
            registrations::slot_id,
            registrations::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

/// Finds a drive's registration by its confirmation code.
pub fn find_by_code(
    conn: &mut PgConnection,
    drive_id: Uuid,
    code: &str,
) -> QueryResult<Option<Uuid>> {
    registrations::table
        .filter(registrations::drive_id.eq(drive_id))
        .filter(registrations::code.eq(code))
        .select(registrations::id)
        .first(conn)
        .optional()
}

/// One registration as the roster shows it.
pub fn row(conn: &mut PgConnection, id: Uuid) -> QueryResult<RosterRow> {
    let filter = RosterFilter {
        id: Some(id),
        ..Default::default()
    };
    load(conn, Uuid::nil(), &filter)?
        .into_iter()
        .next()
        .ok_or(diesel::result::Error::NotFound)
}

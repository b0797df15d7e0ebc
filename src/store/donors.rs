//! Donors: one row per person across drives, found again by NIP or NIK.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::donors;
use crate::domain::identity::Sex;
use crate::domain::registration_input::{IdentityNumber, Registrant};
use crate::domain::vocab::{BloodGroup, EmployeeType, Rhesus};
use crate::store::prepared::Prepared;

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = donors, check_for_backend(diesel::pg::Pg))]
pub struct Donor {
    pub id: Uuid,
    pub nip: Option<String>,
    pub nik: Option<String>,
    pub employee_type: EmployeeType,
    pub full_name: String,
    pub sex: Sex,
    pub birth_date: Option<NaiveDate>,
    pub work_unit_id: Option<Uuid>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub blood_group: BloodGroup,
    pub rhesus: Rhesus,
    pub weight_kg: Option<f64>,
    pub donation_count: i32,
    pub last_donation_date: Option<NaiveDate>,
    pub erased_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = donors, treat_none_as_null = true)]
struct DonorRow<'a> {
    nip: Option<&'a str>,
    nik: Option<&'a str>,
    employee_type: &'a str,
    full_name: &'a str,
    sex: &'a str,
    birth_date: Option<NaiveDate>,
    work_unit_id: Option<Uuid>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    blood_group: &'a str,
    rhesus: &'a str,
    weight_kg: Option<f64>,
    donation_count: i32,
    last_donation_date: Option<NaiveDate>,
}

/// The donor with this NIP or NIK, locked until the transaction ends.
fn locked_by_identity(conn: &mut PgConnection, id: &IdentityNumber) -> QueryResult<Option<Donor>> {
    let query = donors::table.select(Donor::as_select()).for_update();
    match id {
        IdentityNumber::Nip(n) => query.filter(donors::nip.eq(n)).first(conn),
        IdentityNumber::Nik(n) => query.filter(donors::nik.eq(n)).first(conn),
    }
    .optional()
}

impl Donor {
    /// The donor with the registrant's NIP/NIK as stored, or a new one made
    /// from what the registrant typed. Anonymous input never changes a stored
    /// person: someone typing a colleague's NIP changes nothing of theirs (the
    /// phone and email given travel with the registration instead). The row
    /// stays locked until the transaction ends, so two registrations of one
    /// person queue here.
    pub fn find_or_create(
        conn: &mut PgConnection,
        r: &Registrant,
        work_unit_id: Uuid,
    ) -> QueryResult<Donor> {
        let (nip, nik) = match &r.id_number {
            IdentityNumber::Nip(n) => (Some(n.as_str()), None),
            IdentityNumber::Nik(n) => (None, Some(n.as_str())),
        };
        let row = DonorRow {
            nip,
            nik,
            employee_type: r.employee_type.as_str(),
            full_name: &r.full_name,
            sex: r.sex.as_str(),
            birth_date: Some(r.birth_date),
            work_unit_id: Some(work_unit_id),
            phone: Some(&r.phone),
            email: r.email.as_deref(),
            blood_group: r.blood_group.as_str(),
            rhesus: r.rhesus.as_str(),
            weight_kg: Some(r.weight_kg),
            donation_count: r.donation_count as i32,
            last_donation_date: r.last_donation_date,
        };
        // Insert first: one statement for a new donor (most of a first
        // drive). The SQL text varies only with which optional columns are
        // set, so it is prepared once per shape.
        let inserted = Prepared(
            diesel::insert_into(donors::table)
                .values(&row)
                .on_conflict_do_nothing()
                .returning(Donor::as_returning()),
        )
        .get_result(conn)
        .optional()?;
        match inserted {
            Some(donor) => Ok(donor),
            // Known already (or registered a moment ago): that record stands.
            None => locked_by_identity(conn, &r.id_number)?.ok_or(diesel::result::Error::NotFound),
        }
    }

    pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Donor> {
        donors::table
            .find(id)
            .select(Donor::as_select())
            .first(conn)
    }
}

//! Donors: one row per person across drives, found again by NIP or NIK.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Date, Integer, Nullable};
use uuid::Uuid;

use crate::db::schema::donors;
use crate::domain::identity::Sex;
use crate::domain::registration_input::{IdentityNumber, Registrant};
use crate::domain::vocab::{BloodGroup, EmployeeType, Rhesus};

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

diesel::define_sql_function! {
    /// PostgreSQL's GREATEST (it ignores NULLs).
    #[sql_name = "GREATEST"]
    fn greatest_int(a: Integer, b: Integer) -> Integer;
}

diesel::define_sql_function! {
    #[sql_name = "GREATEST"]
    fn greatest_date(a: Nullable<Date>, b: Nullable<Date>) -> Nullable<Date>;
}

/// Inserts the row, or updates the donor with its NIP (or NIK) in place.
fn insert_or_update(conn: &mut PgConnection, row: &DonorRow<'_>) -> QueryResult<Donor> {
    let update = (
        donors::employee_type.eq(row.employee_type),
        donors::full_name.eq(row.full_name),
        donors::sex.eq(row.sex),
        donors::birth_date.eq(row.birth_date),
        donors::work_unit_id.eq(row.work_unit_id),
        donors::phone.eq(row.phone),
        donors::email.eq(row.email),
        // A "don't know" keeps what we knew.
        donors::weight_kg.eq(row.weight_kg),
        donors::donation_count.eq(greatest_int(donors::donation_count, row.donation_count)),
        donors::last_donation_date.eq(greatest_date(
            donors::last_donation_date,
            row.last_donation_date,
        )),
        donors::updated_at.eq(diesel::dsl::now),
    );
    let insert = diesel::insert_into(donors::table).values(row);
    if row.nip.is_some() {
        insert
            .on_conflict(donors::nip)
            .do_update()
            .set(update)
            .returning(Donor::as_returning())
            .get_result(conn)
    } else {
        insert
            .on_conflict(donors::nik)
            .do_update()
            .set(update)
            .returning(Donor::as_returning())
            .get_result(conn)
    }
}

/// Replaces the donor's blood group and rhesus by the known ones of `group`
/// and `rhesus` (an unknown one keeps what we have).
fn set_known_blood_group(
    conn: &mut PgConnection,
    donor: &Donor,
    group: BloodGroup,
    rhesus: Rhesus,
) -> QueryResult<Donor> {
    let mut changed = donor.clone();
    if group != BloodGroup::Unknown {
        changed.blood_group = group;
    }
    if rhesus != Rhesus::Unknown {
        changed.rhesus = rhesus;
    }
    diesel::update(donors::table.find(donor.id))
        .set((
            donors::blood_group.eq(changed.blood_group.as_str()),
            donors::rhesus.eq(changed.rhesus.as_str()),
        ))
        .returning(Donor::as_returning())
        .get_result(conn)
}

impl Donor {
    /// Creates the donor, or updates the one with the same NIP/NIK with what they
    /// told us now. Donation history only grows: a self-report never erases a
    /// donation we know of. The row stays locked until the transaction ends, so
    /// two registrations of one person queue here.
    pub fn upsert(
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
        let donor = insert_or_update(conn, &row)?;
        // Blood group and rhesus: only a known answer replaces what we have.
        if r.blood_group != BloodGroup::Unknown || r.rhesus != Rhesus::Unknown {
            return set_known_blood_group(conn, &donor, r.blood_group, r.rhesus);
        }
        Ok(donor)
    }

    pub fn find(conn: &mut PgConnection, id: Uuid) -> QueryResult<Donor> {
        donors::table
            .find(id)
            .select(Donor::as_select())
            .first(conn)
    }
}

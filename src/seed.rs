//! The demo drive: Hari Bhakti Imigrasi's blood drive with PMI Provinsi NTT on the
//! next 17 January, the NTT work units, and one organizer and one PMI account.
//! Running it twice changes nothing the first run made.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::password;
use crate::domain::slot_plan::{SlotTemplate, plan_slots};
use crate::domain::vocab::{DriveStatus, RegistrationMode, Role, UnitKind};
use crate::store::drives::{Drive, NewDrive};
use crate::store::slots::{NewSlot, Slot};
use crate::store::staff::{NewStaffUser, StaffUser};
use crate::store::units::{NewWorkUnit, WorkUnit};

/// Work units of the Kanwil's region (code, name, kind). Organizers edit the list
/// and headcounts at /admin/units; this is the starting point.
pub const NTT_UNITS: &[(&str, &str, UnitKind)] = &[
    (
        "KANWIL-NTT",
        "Kantor Wilayah Nusa Tenggara Timur",
        UnitKind::Kanwil,
    ),
    ("DIV-ADM", "Divisi Administrasi", UnitKind::Division),
    ("DIV-PAS", "Divisi Pemasyarakatan", UnitKind::Division),
    ("DIV-IMI", "Divisi Keimigrasian", UnitKind::Division),
    (
        "DIV-YANKUM",
        "Divisi Pelayanan Hukum dan HAM",
        UnitKind::Division,
    ),
    (
        "KANIM-KUPANG",
        "Kantor Imigrasi Kelas I TPI Kupang",
        UnitKind::Kanim,
    ),
    (
        "KANIM-ATAMBUA",
        "Kantor Imigrasi Kelas II TPI Atambua",
        UnitKind::Kanim,
    ),
    (
        "KANIM-MAUMERE",
        "Kantor Imigrasi Kelas II TPI Maumere",
        UnitKind::Kanim,
    ),
    (
        "KANIM-LABUANBAJO",
        "Kantor Imigrasi Kelas II TPI Labuan Bajo",
        UnitKind::Kanim,
    ),
    (
        "RUDENIM-KUPANG",
        "Rumah Detensi Imigrasi Kupang",
        UnitKind::Rudenim,
    ),
    ("LAPAS-KUPANG", "Lapas Kelas IIA Kupang", UnitKind::Lapas),
    (
        "LAPAS-PEREMPUAN-KUPANG",
        "Lapas Perempuan Kelas III Kupang",
        UnitKind::Lapas,
    ),
    ("LAPAS-ATAMBUA", "Lapas Kelas IIB Atambua", UnitKind::Lapas),
    ("LAPAS-MAUMERE", "Lapas Kelas IIB Maumere", UnitKind::Lapas),
    ("LAPAS-ENDE", "Lapas Kelas IIB Ende", UnitKind::Lapas),
    (
        "LAPAS-WAINGAPU",
        "Lapas Kelas IIB Waingapu",
        UnitKind::Lapas,
    ),
    ("LPKA-KUPANG", "LPKA Kelas I Kupang", UnitKind::Lpka),
    ("RUTAN-KUPANG", "Rutan Kelas IIB Kupang", UnitKind::Rutan),
    ("RUTAN-SOE", "Rutan Kelas IIB Soe", UnitKind::Rutan),
    (
        "RUTAN-KEFAMENANU",
        "Rutan Kelas IIB Kefamenanu",
        UnitKind::Rutan,
    ),
    ("BAPAS-KUPANG", "Bapas Kelas II Kupang", UnitKind::Bapas),
];

/// The first Immigration Service Day was 26 January 1950; the count is year − 1950.
pub fn hbi_number(year: i32) -> i32 {
    year - 1950
}

/// The next 17 January strictly after `today` (today itself counts as too late to prepare).
pub fn next_drive_date(today: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 1, 17).unwrap_or(today);
    if this_year > today {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 1, 17).unwrap_or(today)
    }
}

pub fn demo_slug(drive_date: NaiveDate) -> String {
    format!(
        "hbi-{}-{}",
        hbi_number(drive_date.year()),
        drive_date.year()
    )
}

/// A staff account made by the seed, with its password shown once.
#[derive(Debug)]
pub struct SeededAccount {
    pub username: String,
    pub password: String,
    pub role: Role,
}

#[derive(Debug)]
pub struct SeedReport {
    pub drive_slug: String,
    pub drive_created: bool,
    pub slots_created: usize,
    pub accounts: Vec<SeededAccount>,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error(transparent)]
    Password(#[from] password::PasswordError),
    #[error("slot plan: {0}")]
    SlotPlan(String),
}

/// Seeds the demo drive, in one transaction.
pub fn seed_demo(conn: &mut PgConnection, now: DateTime<Utc>) -> Result<SeedReport, SeedError> {
    let today = now.with_timezone(&DEMO_TZ).date_naive();
    let drive_date = next_drive_date(today);
    let slug = demo_slug(drive_date);
    conn.transaction(|conn| {
        let unit_ids = upsert_units(conn)?;
        let (drive_created, slots_created) = match Drive::find_by_slug(conn, &slug) {
            Ok(_) => (false, 0),
            Err(diesel::result::Error::NotFound) => {
                (true, create_drive(conn, &slug, drive_date, now, &unit_ids)?)
            }
            Err(e) => return Err(e.into()),
        };
        let accounts = seed_accounts(conn)?;
        Ok(SeedReport {
            drive_slug: slug.clone(),
            drive_created,
            slots_created,
            accounts,
        })
    })
}

/// The demo drive's time zone (Kupang, WITA).
const DEMO_TZ: chrono_tz::Tz = chrono_tz::Asia::Makassar;

/// `h:m` on `date` in the demo drive's zone.
fn local(date: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    let naive = date.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
    DEMO_TZ
        .from_local_datetime(&naive)
        .single()
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

/// Inserts or updates [`NTT_UNITS`], the Kanwil the parent of the units after
/// it; their ids, in the list's order.
fn upsert_units(conn: &mut PgConnection) -> QueryResult<Vec<Uuid>> {
    let mut unit_ids = Vec::new();
    let mut kanwil = None;
    for (code, name, kind) in NTT_UNITS {
        let unit = WorkUnit::upsert(
            conn,
            &NewWorkUnit {
                code,
                name,
                kind: kind.as_str(),
                parent_id: if *kind == UnitKind::Kanwil {
                    None
                } else {
                    kanwil
                },
                headcount: None,
            },
        )?;
        if *kind == UnitKind::Kanwil {
            kanwil = Some(unit.id);
        }
        unit_ids.push(unit.id);
    }
    Ok(unit_ids)
}

/// Creates the demo drive, open now, with every unit invited and its slots;
/// how many slots were made.
fn create_drive(
    conn: &mut PgConnection,
    slug: &str,
    drive_date: NaiveDate,
    now: DateTime<Utc>,
    unit_ids: &[Uuid],
) -> Result<usize, SeedError> {
    let title = format!(
        "Donor Darah Hari Bhakti Imigrasi ke-{}",
        hbi_number(drive_date.year())
    );
    let drive = Drive::insert(
        conn,
        &NewDrive {
            slug,
            title: &title,
            drive_date,
            time_zone: "Asia/Makassar",
            venue: "Aula Kantor Wilayah Kemenkumham NTT, Kupang",
            partner: "PMI Provinsi NTT",
            registration_opens_at: now - Duration::minutes(1),
            // Cut-off: 17.00 WITA the day before, so PMI can plan bags and staff.
            registration_closes_at: local(drive_date - Duration::days(1), 17, 0),
            target_bags: 60,
            bag_volume_ml: 350,
            status: DriveStatus::Open.as_str(),
            // The demo has no staff list: anyone may try registering.
            registration_mode: RegistrationMode::Open.as_str(),
        },
    )?;
    drive.invite_units(conn, unit_ids)?;
    let created = Slot::insert_many(conn, &demo_slots(drive.id, drive_date)?)?;
    Ok(created.len())
}

/// 08.00 to 13.00 in slots of 30 minutes, four beds.
fn demo_slots(drive_id: Uuid, drive_date: NaiveDate) -> Result<Vec<NewSlot>, SeedError> {
    let planned = plan_slots(&SlotTemplate {
        start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
        end: NaiveTime::from_hms_opt(13, 0, 0).unwrap_or_default(),
        slot_minutes: 30,
        beds: 4,
        donors_per_bed_per_hour: 3.0,
        no_show_margin_pct: 0,
    })
    .map_err(|e| SeedError::SlotPlan(format!("{e:?}")))?;
    Ok(planned
        .iter()
        .map(|p| NewSlot {
            drive_id,
            starts_at: local(drive_date, p.start.hour(), p.start.minute()),
            ends_at: local(drive_date, p.end.hour(), p.end.minute()),
            capacity: p.capacity as i32,
        })
        .collect())
}

/// The organizer and PMI accounts, each made only if missing, with a fresh password.
fn seed_accounts(conn: &mut PgConnection) -> Result<Vec<SeededAccount>, SeedError> {
    let mut accounts = Vec::new();
    for (username, display_name, role) in [
        ("panitia", "Panitia Donor Darah", Role::Organizer),
        ("pmi", "Petugas PMI Provinsi NTT", Role::Pmi),
    ] {
        match StaffUser::find_by_username(conn, username) {
            Ok(_) => {}
            Err(diesel::result::Error::NotFound) => {
                let plain = password::generate_password()?;
                let hash = password::hash_password(&plain)?;
                StaffUser::insert(
                    conn,
                    &NewStaffUser {
                        username,
                        display_name,
                        role: role.as_str(),
                        password_hash: &hash,
                    },
                )?;
                accounts.push(SeededAccount {
                    username: username.to_owned(),
                    password: plain,
                    role,
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(accounts)
}

/// Whether the database holds nothing yet (no drive, no staff): `serve --demo` seeds only then.
pub fn database_is_empty(conn: &mut PgConnection) -> QueryResult<bool> {
    Ok(Drive::count(conn)? == 0 && StaffUser::count(conn)? == 0)
}

use chrono::Timelike;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_17_january_is_chosen() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("date");
        assert_eq!(next_drive_date(d(2026, 11, 28)), d(2027, 1, 17));
        assert_eq!(next_drive_date(d(2027, 1, 16)), d(2027, 1, 17));
        assert_eq!(next_drive_date(d(2027, 1, 17)), d(2028, 1, 17));
        assert_eq!(hbi_number(2023), 73);
        assert_eq!(demo_slug(d(2027, 1, 17)), "hbi-77-2027");
    }
}

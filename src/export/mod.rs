//! The counts of a drive as labelled tables, and the files made from them.
//! The dashboard, `counts.csv` and `counts.xlsx` all render these same tables,
//! so a number cannot differ between them.
//!
//! This file only gathers the parts: the `table` shape (cells, columns, rows),
//! the drive's `count_tables`, the CSV `files` (their text cells through
//! `csv_text`), the XLSX `workbook`s and the donor list (`roster`).

mod count_tables;
mod csv_text;
pub mod files;
pub mod roster;
mod table;
pub mod workbook;

pub use count_tables::count_tables;
pub use table::{Cell, Column, Row, Table};

/// A drive for the unit tests of the exports.
#[cfg(test)]
pub(crate) fn test_drive() -> crate::store::drives::Drive {
    use chrono::{NaiveDate, TimeZone, Utc};
    let at = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    crate::store::drives::Drive {
        id: uuid::Uuid::nil(),
        slug: "test".to_owned(),
        title: "Donor darah".to_owned(),
        drive_date: NaiveDate::from_ymd_opt(2027, 1, 17).unwrap(),
        time_zone: "Asia/Makassar".to_owned(),
        venue: "Aula".to_owned(),
        partner: "PMI".to_owned(),
        registration_opens_at: at,
        registration_closes_at: at,
        target_bags: 10,
        bag_volume_ml: 350,
        status: crate::domain::vocab::DriveStatus::Open,
        eligibility_overrides: serde_json::json!({}),
        created_at: at,
        updated_at: at,
        registration_mode: crate::domain::vocab::RegistrationMode::Open,
        contact_name: String::new(),
        contact_whatsapp: String::new(),
        office_name: String::new(),
        office_address: String::new(),
        chair_name: String::new(),
        chair_nip: String::new(),
        head_name: String::new(),
        head_nip: String::new(),
    }
}

//! The full donor list of a drive as a table (for CSV and XLSX).

use super::{Cell, Column, Row, Table};
use crate::store::donor_list::DonorListRow;
use crate::store::drives::Drive;
use crate::web::i18n::I18n;

const COLUMNS: [&str; 19] = [
    "reg_code",
    "status",
    "slot",
    "full_name",
    "nip",
    "nik",
    "employee_type",
    "sex",
    "age",
    "code",
    "unit",
    "phone",
    "email",
    "blood_group",
    "rhesus",
    "history",
    "registered_at",
    "bag_number",
    "erased",
];

pub fn donor_table(t: &I18n, drive: &Drive, rows: &[DonorListRow]) -> Table {
    let tz = drive.tz();
    let text = |s: &str| Cell::Text(s.to_owned());
    let opt = |s: &Option<String>| Cell::Text(s.clone().unwrap_or_default());
    let yes_no = |b: bool| Cell::Text(t.t(if b { "org-yes" } else { "org-no" }));
    Table {
        key: "donors",
        title: t.t("org-table-donors"),
        columns: COLUMNS
            .iter()
            .map(|key| Column {
                key,
                label: t.t(&format!("org-col-{}", key.replace('_', "-"))),
            })
            .collect(),
        rows: rows
            .iter()
            .map(|r| Row {
                key: r.code.clone(),
                cells: vec![
                    text(&r.code),
                    Cell::Text(t.t(&format!(
                        "org-status-{}",
                        r.status.as_str().replace('_', "-")
                    ))),
                    Cell::Text(
                        r.slot_starts_at
                            .map(|s| s.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
                            .unwrap_or_default(),
                    ),
                    text(&r.full_name),
                    opt(&r.nip),
                    opt(&r.nik),
                    text(r.employee_type.as_str()),
                    Cell::Text(t.t(r.sex.message_key())),
                    Cell::Int(i64::from(r.age_years)),
                    opt(&r.unit_code),
                    opt(&r.unit_name),
                    opt(&r.phone),
                    opt(&r.email),
                    text(r.blood_group.as_str()),
                    text(r.rhesus.as_str()),
                    Cell::Text(t.t(if r.first_time {
                        "org-history-first-time"
                    } else {
                        "org-history-repeat"
                    })),
                    Cell::Text(
                        r.registered_at
                            .with_timezone(&tz)
                            .format("%Y-%m-%d %H:%M")
                            .to_string(),
                    ),
                    opt(&r.bag_number),
                    yes_no(r.erased_at.is_some()),
                ],
            })
            .collect(),
    }
}

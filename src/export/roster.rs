//! The full donor list of a drive as a table (for CSV and XLSX).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::files::{ExportError, csv_header, csv_lines};
use super::table::{Cell, Column, Row, Table};
use super::workbook::RowsXlsx;
use crate::domain::identity::Sex;
use crate::domain::vocab::{BloodGroup, EmployeeType, RegistrationStatus, Rhesus};
use crate::i18n::I18n;
use crate::store::donor_list::DonorListRow;
use crate::store::drives::Drive;

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

/// The donor list's column headers in `t`'s language.
pub fn donor_columns(t: &I18n) -> Vec<Column> {
    COLUMNS
        .iter()
        .map(|key| Column {
            key,
            label: t.t(&format!("org-col-{}", key.replace('_', "-"))),
        })
        .collect()
}

/// The translated words of the donor list, looked up once per file rather
/// than once per row (100 000 rows made 400 000 lookups).
pub struct DonorLabels {
    statuses: Vec<(RegistrationStatus, String)>,
    male: String,
    female: String,
    first_time: String,
    repeat: String,
    yes: String,
    no: String,
    unknown: String,
    positive: String,
    negative: String,
    employee_types: Vec<(EmployeeType, String)>,
}

impl DonorLabels {
    pub fn new(t: &I18n) -> Self {
        DonorLabels {
            statuses: RegistrationStatus::ALL
                .iter()
                .map(|s| {
                    (
                        *s,
                        t.t(&format!("org-status-{}", s.as_str().replace('_', "-"))),
                    )
                })
                .collect(),
            male: t.t(Sex::Male.message_key()),
            female: t.t(Sex::Female.message_key()),
            first_time: t.t("org-history-first-time"),
            repeat: t.t("org-history-repeat"),
            yes: t.t("org-yes"),
            no: t.t("org-no"),
            unknown: t.t("xlsx-unknown"),
            positive: t.t("xlsx-rhesus-positive"),
            negative: t.t("xlsx-rhesus-negative"),
            employee_types: EmployeeType::ALL
                .iter()
                .map(|e| {
                    (
                        *e,
                        t.t(&format!("xlsx-employee-{}", e.as_str().replace('_', "-"))),
                    )
                })
                .collect(),
        }
    }

    fn employee_type(&self, kind: EmployeeType) -> &str {
        self.employee_types
            .iter()
            .find(|(e, _)| *e == kind)
            .map_or(kind.as_str(), |(_, label)| label.as_str())
    }

    fn blood_group(&self, group: BloodGroup) -> &str {
        match group {
            BloodGroup::Unknown => &self.unknown,
            known => known.as_str(),
        }
    }

    fn rhesus(&self, rhesus: Rhesus) -> &str {
        match rhesus {
            Rhesus::Positive => &self.positive,
            Rhesus::Negative => &self.negative,
            Rhesus::Unknown => &self.unknown,
        }
    }

    fn status(&self, status: RegistrationStatus) -> &str {
        self.statuses
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(status.as_str(), |(_, label)| label.as_str())
    }
}

/// One registration as the cells of the donor list (times in the drive's zone).
pub fn donor_cells(labels: &DonorLabels, tz: Tz, r: &DonorListRow) -> Vec<Cell> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let opt = |s: &Option<String>| Cell::Text(s.clone().unwrap_or_default());
    let local = |at: DateTime<Utc>| Cell::DateTime(at.with_timezone(&tz).naive_local());
    vec![
        text(&r.code),
        text(labels.status(r.status)),
        r.slot_starts_at
            .map_or_else(|| Cell::Text(String::new()), local),
        text(&r.full_name),
        opt(&r.nip),
        opt(&r.nik),
        text(labels.employee_type(r.employee_type)),
        text(match r.sex {
            Sex::Male => &labels.male,
            Sex::Female => &labels.female,
        }),
        Cell::Int(i64::from(r.age_years)),
        opt(&r.unit_code),
        opt(&r.unit_name),
        opt(&r.phone),
        opt(&r.email),
        text(labels.blood_group(r.blood_group)),
        text(labels.rhesus(r.rhesus)),
        text(if r.first_time {
            &labels.first_time
        } else {
            &labels.repeat
        }),
        local(r.registered_at),
        opt(&r.bag_number),
        text(if r.erased_at.is_some() {
            &labels.yes
        } else {
            &labels.no
        }),
    ]
}

pub fn donor_table(t: &I18n, drive: &Drive, rows: &[DonorListRow]) -> Table {
    let tz = drive.tz();
    let labels = DonorLabels::new(t);
    Table {
        key: "donors",
        title: t.t("org-table-donors"),
        columns: donor_columns(t),
        rows: rows
            .iter()
            .map(|r| Row {
                key: r.code.clone(),
                cells: donor_cells(&labels, tz, r),
            })
            .collect(),
    }
}

/// The donor list as a CSV written piece by piece (the same bytes as
/// `table_csv(&donor_table(..))`): the header first, then one chunk per batch
/// of rows, so the web can stream it.
pub struct DonorCsv {
    t: I18n,
    labels: DonorLabels,
    tz: Tz,
}

impl DonorCsv {
    pub fn new(t: I18n, drive: &Drive) -> Self {
        DonorCsv {
            labels: DonorLabels::new(&t),
            t,
            tz: drive.tz(),
        }
    }

    /// The byte-order mark and the header row.
    pub fn header(&self) -> Result<Vec<u8>, ExportError> {
        csv_header(&donor_columns(&self.t))
    }

    /// The lines for `rows`.
    pub fn lines(&self, rows: &[DonorListRow]) -> Result<Vec<u8>, ExportError> {
        csv_lines(rows.iter().map(|r| donor_cells(&self.labels, self.tz, r)))
    }
}

/// The donor list as a workbook filled batch by batch (constant-memory mode:
/// finished rows wait in a temporary file, not in memory).
pub struct DonorXlsx {
    labels: DonorLabels,
    tz: Tz,
    sheet: RowsXlsx,
}

impl DonorXlsx {
    pub fn new(t: &I18n, drive: &Drive) -> Result<Self, ExportError> {
        Ok(DonorXlsx {
            labels: DonorLabels::new(t),
            tz: drive.tz(),
            sheet: RowsXlsx::new(t, "donors", &donor_columns(t))?,
        })
    }

    pub fn append(&mut self, rows: &[DonorListRow]) -> Result<(), ExportError> {
        let (labels, tz) = (&self.labels, self.tz);
        self.sheet
            .append(rows.iter().map(|r| donor_cells(labels, tz, r)))
    }

    /// The finished file.
    pub fn finish(self) -> Result<Vec<u8>, ExportError> {
        self.sheet.finish()
    }
}

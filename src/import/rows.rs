//! Checking a staff list's header and rows: every error named by row and
//! column, and either every row accepted or none.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::read::RawTable;
use crate::domain::MessageArgs;
use crate::domain::identity::{parse_nik, parse_nip};

/// One accepted staff member.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
    /// A NIP (18 digits), or the NIK (16) of someone without one.
    pub nip: String,
    pub full_name: String,
    pub unit_code: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Why a row (or the header) was refused: `row` counts lines of the file from
/// 1 (the header), `column` is the column's name.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub key: &'static str,
    pub args: MessageArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    Nip,
    Name,
    Unit,
    Email,
    Phone,
}

/// Header names we accept (English and Indonesian), in lower case.
fn column_of(name: &str) -> Option<Column> {
    let n = name.trim().to_lowercase().replace([' ', '-'], "_");
    match n.as_str() {
        "nip" => Some(Column::Nip),
        "name" | "nama" | "full_name" | "nama_lengkap" => Some(Column::Name),
        "unit" | "unit_code" | "kode_unit" | "unit_kerja" => Some(Column::Unit),
        "email" | "e_mail" | "surel" => Some(Column::Email),
        "phone" | "telepon" | "hp" | "no_hp" | "whatsapp" | "wa" => Some(Column::Phone),
        _ => None,
    }
}

fn error(row: usize, column: &str, key: &'static str, args: MessageArgs) -> RowError {
    RowError {
        row,
        column: column.to_owned(),
        key,
        args,
    }
}

/// Checks every row. `unit` is the unit for files without a unit column (the
/// CLI's `--unit`); `known_units` are the unit codes that exist.
pub fn check_rows(
    table: &RawTable,
    known_units: &HashSet<String>,
    unit: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<StaffRow>, Vec<RowError>> {
    let columns = check_header(&table.header, known_units, unit)?;
    let rules = RowRules {
        columns: &columns,
        header_len: table.header.len(),
        known_units,
        unit,
        today,
    };
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut accepted = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        if let Some(staff) = rules.check(i + 2, row, &mut seen, &mut errors) {
            accepted.push(staff);
        }
    }
    if errors.is_empty() {
        Ok(accepted)
    } else {
        Err(errors)
    }
}

/// Where each known column is; refuses unknown, doubled and missing columns,
/// and a `--unit` that does not exist.
fn check_header(
    header: &[String],
    known_units: &HashSet<String>,
    unit: Option<&str>,
) -> Result<HashMap<Column, usize>, Vec<RowError>> {
    let mut errors = Vec::new();
    let columns = map_columns(header, &mut errors);
    let mut required = vec![(Column::Nip, "nip"), (Column::Name, "name")];
    if unit.is_none() {
        required.push((Column::Unit, "unit"));
    }
    for (column, name) in required {
        if !columns.contains_key(&column) {
            errors.push(error(
                1,
                name,
                "import-error-missing-column",
                vec![("column", name.to_owned())],
            ));
        }
    }
    if let Some(code) = unit
        && !known_units.contains(code)
    {
        errors.push(error(
            1,
            "unit",
            "import-error-unknown-unit",
            vec![("unit", code.to_owned())],
        ));
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

/// The index of each known column; an unknown or doubled name is an error.
fn map_columns(header: &[String], errors: &mut Vec<RowError>) -> HashMap<Column, usize> {
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        match column_of(name) {
            Some(c) if columns.contains_key(&c) => errors.push(error(
                1,
                name,
                "import-error-column-twice",
                vec![("column", name.clone())],
            )),
            Some(c) => {
                columns.insert(c, i);
            }
            None => errors.push(error(
                1,
                name,
                "import-error-unknown-column",
                vec![("column", name.clone())],
            )),
        }
    }
    columns
}

/// What every data row is checked against.
struct RowRules<'a> {
    columns: &'a HashMap<Column, usize>,
    header_len: usize,
    known_units: &'a HashSet<String>,
    unit: Option<&'a str>,
    today: NaiveDate,
}

impl RowRules<'_> {
    /// Checks the row on `line` of the file: the staff member when it has no
    /// error, otherwise `None` with its errors added to `errors`. `seen` holds
    /// the NIPs of earlier rows and the line of each.
    fn check(
        &self,
        line: usize,
        row: &[String],
        seen: &mut HashMap<String, usize>,
        errors: &mut Vec<RowError>,
    ) -> Option<StaffRow> {
        let cell = |c: Column| {
            self.columns
                .get(&c)
                .and_then(|&i| row.get(i))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        if row.len() > self.header_len
            && row[self.header_len..].iter().any(|c| !c.trim().is_empty())
        {
            errors.push(error(line, "", "import-error-extra-cells", Vec::new()));
            return None;
        }
        let before = errors.len();
        let nip = self.nip(line, cell(Column::Nip), seen, errors);
        let name = cell(Column::Name);
        if !(1..=200).contains(&name.chars().count()) {
            errors.push(error(line, "name", "import-error-name", Vec::new()));
        }
        let unit_code = self.unit_code(line, cell(Column::Unit), errors);
        let email = email(line, cell(Column::Email), errors);
        let phone = phone(line, cell(Column::Phone), errors);
        if errors.len() != before {
            return None;
        }
        Some(StaffRow {
            nip: nip?,
            full_name: name.to_owned(),
            unit_code,
            email: email.map(str::to_owned),
            phone,
        })
    }

    /// The NIP's digits (or a NIK's, for staff without a NIP) when valid; a
    /// number seen on an earlier row is an error, a new one is remembered.
    fn nip(
        &self,
        line: usize,
        text: &str,
        seen: &mut HashMap<String, usize>,
        errors: &mut Vec<RowError>,
    ) -> Option<String> {
        // Staff without a NIP (contract staff) are listed by their NIK.
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let parsed = if digits.len() == 16 {
            parse_nik(&digits, self.today).map(|n| n.digits)
        } else {
            parse_nip(text, self.today).map(|n| n.digits)
        };
        let nip = match parsed {
            Ok(digits) => digits,
            Err(e) => {
                errors.push(error(line, "nip", e.message_key(), e.message_args()));
                return None;
            }
        };
        if let Some(first) = seen.get(&nip) {
            errors.push(error(
                line,
                "nip",
                "import-error-duplicate",
                vec![("first_row", first.to_string())],
            ));
        } else {
            seen.insert(nip.clone(), line);
        }
        Some(nip)
    }

    /// The `--unit` when given, otherwise the row's unit, which must exist.
    fn unit_code(&self, line: usize, text: &str, errors: &mut Vec<RowError>) -> String {
        if let Some(code) = self.unit {
            return code.to_owned();
        }
        let unit_code = text.to_uppercase();
        if !self.known_units.contains(&unit_code) {
            errors.push(error(
                line,
                "unit",
                "import-error-unknown-unit",
                vec![("unit", unit_code.chars().take(40).collect())],
            ));
        }
        unit_code
    }
}

/// The email, if any; it needs an `@` with something on both sides.
fn email<'a>(line: usize, text: &'a str, errors: &mut Vec<RowError>) -> Option<&'a str> {
    let email = Some(text).filter(|e| !e.is_empty());
    if let Some(e) = email
        && (e.len() > 254 || e.find('@').is_none_or(|at| at == 0 || at == e.len() - 1))
    {
        errors.push(error(line, "email", "import-error-email", Vec::new()));
    }
    email
}

/// The phone number without spaces, dashes and dots, if any: 8 to 16 digits,
/// after an optional `+`.
fn phone(line: usize, text: &str, errors: &mut Vec<RowError>) -> Option<String> {
    let phone: Option<String> = Some(text).filter(|p| !p.is_empty()).map(|p| {
        p.chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.'))
            .collect()
    });
    if let Some(p) = &phone {
        let digits = p.strip_prefix('+').unwrap_or(p);
        if !(8..=16).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(error(line, "phone", "import-error-phone", Vec::new()));
        }
    }
    phone
}

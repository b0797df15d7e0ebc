//! Staff list import: a CSV or XLSX file (NIP, name, unit code, email, phone)
//! read into rows, every row checked, and either every row accepted or a list
//! of errors (row, column, why) with nothing written.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use chrono::NaiveDate;

use crate::domain::MessageArgs;
use crate::domain::identity::parse_nip;

/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("the file is larger than 5 MB")]
    TooLarge,
    #[error("the file is neither CSV nor XLSX")]
    NotCsvOrXlsx,
    #[error("the file has no header row")]
    Empty,
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
}

impl FileError {
    pub fn message_key(&self) -> &'static str {
        match self {
            FileError::TooLarge => "import-error-too-large",
            FileError::NotCsvOrXlsx => "import-error-not-csv-or-xlsx",
            FileError::Empty => "import-error-empty",
            FileError::Unreadable(_) => "import-error-unreadable",
        }
    }
}

/// A table as read from a file: the header and the data rows, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads a CSV (UTF-8, with or without BOM; `,` or `;`) or the first sheet of an XLSX.
pub fn read_table(bytes: &[u8]) -> Result<RawTable, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    let mut all = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| FileError::NotCsvOrXlsx)?;
        if text.contains('\0') {
            return Err(FileError::NotCsvOrXlsx);
        }
        read_csv(text)?
    };
    // Trailing empty lines are not rows.
    while all
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        all.pop();
    }
    if all.is_empty() {
        return Err(FileError::Empty);
    }
    let header = all.remove(0);
    Ok(RawTable { header, rows: all })
}

fn read_csv(text: &str) -> Result<Vec<Vec<String>>, FileError> {
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|rec| rec.iter().map(str::to_owned).collect())
                .map_err(|e| FileError::Unreadable(e.to_string()))
        })
        .collect()
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|_| FileError::NotCsvOrXlsx)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileError::Empty)?;
    let range = book
        .worksheet_range(&first)
        .map_err(|e| FileError::Unreadable(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    // NIPs typed as numbers lose nothing below 2^53 only: keep digits as they are.
                    Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

/// One accepted staff member.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffRow {
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
    let mut errors = Vec::new();
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (i, name) in table.header.iter().enumerate() {
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
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut accepted = Vec::with_capacity(table.rows.len());
    for (i, row) in table.rows.iter().enumerate() {
        let line = i + 2;
        let cell = |c: Column| {
            columns
                .get(&c)
                .and_then(|&i| row.get(i))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        if row.len() > table.header.len()
            && row[table.header.len()..]
                .iter()
                .any(|c| !c.trim().is_empty())
        {
            errors.push(error(line, "", "import-error-extra-cells", Vec::new()));
            continue;
        }
        let before = errors.len();
        let nip = match parse_nip(cell(Column::Nip), today) {
            Ok(nip) => Some(nip.digits),
            Err(e) => {
                errors.push(error(line, "nip", e.message_key(), e.message_args()));
                None
            }
        };
        if let Some(nip) = &nip {
            if let Some(first) = seen.get(nip) {
                errors.push(error(
                    line,
                    "nip",
                    "import-error-duplicate",
                    vec![("first_row", first.to_string())],
                ));
            } else {
                seen.insert(nip.clone(), line);
            }
        }
        let name = cell(Column::Name);
        if !(1..=200).contains(&name.chars().count()) {
            errors.push(error(line, "name", "import-error-name", Vec::new()));
        }
        let unit_code = match unit {
            Some(code) => code.to_owned(),
            None => cell(Column::Unit).to_uppercase(),
        };
        if unit.is_none() && !known_units.contains(&unit_code) {
            errors.push(error(
                line,
                "unit",
                "import-error-unknown-unit",
                vec![("unit", unit_code.chars().take(40).collect())],
            ));
        }
        let email = Some(cell(Column::Email)).filter(|e| !e.is_empty());
        if let Some(e) = email
            && (e.len() > 254 || e.find('@').is_none_or(|at| at == 0 || at == e.len() - 1))
        {
            errors.push(error(line, "email", "import-error-email", Vec::new()));
        }
        let phone: Option<String> = Some(cell(Column::Phone))
            .filter(|p| !p.is_empty())
            .map(|p| {
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
        if errors.len() == before
            && let Some(nip) = nip
        {
            accepted.push(StaffRow {
                nip,
                full_name: name.to_owned(),
                unit_code,
                email: email.map(str::to_owned),
                phone,
            });
        }
    }
    if errors.is_empty() {
        Ok(accepted)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn units() -> HashSet<String> {
        ["KANIM-KUPANG".to_owned()].into_iter().collect()
    }

    const GOOD: &str = "198503122010011002";

    #[test]
    fn a_good_csv_is_accepted_whole() {
        let table = read_table(
            format!("\u{feff}NIP;Nama;Unit;Email;HP\n{GOOD};Ana;kanim-kupang;ana@x.go.id;0812 3456 789\n")
                .as_bytes(),
        )
        .unwrap();
        let rows = check_rows(&table, &units(), None, today()).unwrap();
        assert_eq!(rows[0].unit_code, "KANIM-KUPANG");
        assert_eq!(rows[0].phone.as_deref(), Some("08123456789"));
    }

    #[test]
    fn each_bad_row_is_named_with_its_column() {
        let csv = format!(
            "nip,name,unit\n{GOOD},Ana,KANIM-KUPANG\n123,Budi,KANIM-KUPANG\n{GOOD},Ana again,KANIM-KUPANG\n198503122010011003,Cici,NOWHERE\n"
        );
        let table = read_table(csv.as_bytes()).unwrap();
        let errors = check_rows(&table, &units(), None, today()).unwrap_err();
        let found: Vec<(usize, &str, &str)> = errors
            .iter()
            .map(|e| (e.row, e.column.as_str(), e.key))
            .collect();
        assert_eq!(
            found,
            vec![
                (3, "nip", "identity-nip-length"),
                (4, "nip", "import-error-duplicate"),
                (5, "unit", "import-error-unknown-unit"),
            ]
        );
    }

    #[test]
    fn a_wrong_column_is_refused_at_the_header() {
        let table = read_table(b"nip,name,unit,salary\n").unwrap();
        let errors = check_rows(&table, &units(), None, today()).unwrap_err();
        assert_eq!(errors[0].row, 1);
        assert_eq!(errors[0].key, "import-error-unknown-column");
        let table = read_table(b"nip,unit\n").unwrap();
        let errors = check_rows(&table, &units(), None, today()).unwrap_err();
        assert_eq!(errors[0].key, "import-error-missing-column");
    }

    #[test]
    fn large_and_foreign_files_are_refused() {
        assert_eq!(
            read_table(&vec![b'a'; MAX_FILE_BYTES + 1]),
            Err(FileError::TooLarge)
        );
        assert_eq!(
            read_table(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(FileError::NotCsvOrXlsx)
        );
        assert_eq!(read_table(b"\n\n"), Err(FileError::Empty));
    }
}

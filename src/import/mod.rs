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
/// Rows of a file, the header included (a staff list has at most ~10 000).
pub const MAX_ROWS: usize = 50_000;
/// Columns of a row (a staff list uses five).
pub const MAX_COLUMNS: usize = 50;
/// Cells of a file, the empty ones inside a row included: 50 000 rows of 10.
pub const MAX_CELLS: usize = 500_000;
/// Characters of one cell (a name has at most 200, an email 254).
pub const MAX_CELL_CHARS: usize = 1_000;
/// Parts of an XLSX (a zip of XML files): a workbook of one sheet has about ten.
pub const MAX_XLSX_PARTS: usize = 1_000;
/// Bytes an XLSX unpacks to, all its parts together: 50 000 rows of a staff
/// list take about 20 MB.
pub const MAX_UNPACKED_BYTES: u64 = 32 * 1024 * 1024;

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
    #[error("the file has more than {} rows", MAX_ROWS)]
    TooManyRows,
    #[error("row {row} has more than {} columns", MAX_COLUMNS)]
    TooManyColumns { row: usize },
    #[error("the file has more than {} cells", MAX_CELLS)]
    TooManyCells,
    #[error("a cell of row {row} is longer than {} characters", MAX_CELL_CHARS)]
    CellTooLong { row: usize },
    #[error(
        "the XLSX unpacks to more than {} bytes or has more than {} parts",
        MAX_UNPACKED_BYTES,
        MAX_XLSX_PARTS
    )]
    UnpackedTooLarge,
}

impl FileError {
    pub fn message_key(&self) -> &'static str {
        match self {
            FileError::TooLarge => "import-error-too-large",
            FileError::NotCsvOrXlsx => "import-error-not-csv-or-xlsx",
            FileError::Empty => "import-error-empty",
            FileError::Unreadable(_) => "import-error-unreadable",
            FileError::TooManyRows => "import-error-too-many-rows",
            FileError::TooManyColumns { .. } => "import-error-too-many-columns",
            FileError::TooManyCells => "import-error-too-many-cells",
            FileError::CellTooLong { .. } => "import-error-cell-too-long",
            FileError::UnpackedTooLarge => "import-error-unpacked-too-large",
        }
    }

    /// The arguments of [`FileError::message_key`]'s message.
    pub fn message_args(&self) -> MessageArgs {
        let max = |n: usize| ("max", n.to_string());
        match self {
            FileError::TooManyRows => vec![max(MAX_ROWS)],
            FileError::TooManyColumns { row } => vec![("row", row.to_string()), max(MAX_COLUMNS)],
            FileError::TooManyCells => vec![max(MAX_CELLS)],
            FileError::CellTooLong { row } => vec![("row", row.to_string()), max(MAX_CELL_CHARS)],
            FileError::UnpackedTooLarge => vec![
                ("max_mb", (MAX_UNPACKED_BYTES / (1024 * 1024)).to_string()),
                ("max_parts", MAX_XLSX_PARTS.to_string()),
            ],
            FileError::TooLarge
            | FileError::NotCsvOrXlsx
            | FileError::Empty
            | FileError::Unreadable(_) => Vec::new(),
        }
    }
}

/// A table as read from a file: the header and the data rows, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Reads a CSV (UTF-8, with or without BOM; `,` or `;`) or the first sheet of
/// an XLSX. Whatever the file holds, the memory this takes stays bounded: a
/// file beyond any of the limits above is refused as soon as that shows.
pub fn read_table(bytes: &[u8]) -> Result<RawTable, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge);
    }
    let mut all = if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes)?;
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

/// Refuses a cell over [`MAX_CELL_CHARS`]; `row` counts from 1.
fn check_cell(text: &str, row: usize) -> Result<(), FileError> {
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        Err(FileError::CellTooLong { row })
    } else {
        Ok(())
    }
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
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = 0;
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| FileError::Unreadable(e.to_string()))?
    {
        let row = rows.len() + 1;
        if row > MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        if record.len() > MAX_COLUMNS {
            return Err(FileError::TooManyColumns { row });
        }
        for cell in &record {
            check_cell(cell, row)?;
        }
        cells += record.len();
        if cells > MAX_CELLS {
            return Err(FileError::TooManyCells);
        }
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

/// An XLSX is a zip. Before calamine reads it, every part is unpacked once
/// into nothing, counting the bytes that actually come out (the sizes a zip
/// declares can lie): a small file that unpacks to gigabytes is refused after
/// [`MAX_UNPACKED_BYTES`], and calamine then reads only parts known to be small.
fn check_zip(bytes: &[u8]) -> Result<(), FileError> {
    let unreadable = |e: &dyn std::fmt::Display| FileError::Unreadable(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileError::NotCsvOrXlsx)?;
    if zip.len() > MAX_XLSX_PARTS {
        return Err(FileError::UnpackedTooLarge);
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| unreadable(&e))?;
        declared = declared.saturating_add(part.size());
    }
    if declared > MAX_UNPACKED_BYTES {
        return Err(FileError::UnpackedTooLarge);
    }
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let unpacked = std::io::copy(
            &mut std::io::Read::take(part, left + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| unreadable(&e))?;
        left = left
            .checked_sub(unpacked)
            .ok_or(FileError::UnpackedTooLarge)?;
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    // A reader that panics on a malformed workbook refuses the file; it does
    // not take the request (or the command) down with it.
    std::panic::catch_unwind(|| read_first_sheet(bytes))
        .unwrap_or_else(|_| Err(FileError::Unreadable("the XLSX reader failed".to_owned())))
}

/// The first sheet, cell by cell. Not calamine's `worksheet_range`: that
/// allocates the whole rectangle from the first cell to the last, 2^34 cells
/// for a sheet holding only A1 and XFD1048576.
fn read_first_sheet(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    use calamine::{Data, DataRef, Reader, Xlsx};
    let unreadable = |e: calamine::XlsxError| FileError::Unreadable(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| FileError::NotCsvOrXlsx)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileError::Empty)?;
    let mut reader = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        let row = r as usize + 1;
        let text = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => (*s).to_owned(),
            DataRef::String(s) => s.clone(),
            // NIPs typed as numbers lose nothing below 2^53 only: keep digits as they are.
            DataRef::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
            DataRef::Int(i) => i.to_string(),
            other => Data::from(other.clone()).to_string(),
        };
        if row > MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        if c as usize >= MAX_COLUMNS {
            return Err(FileError::TooManyColumns { row });
        }
        check_cell(&text, row)?;
        if cells.len() == MAX_CELLS {
            return Err(FileError::TooManyCells);
        }
        cells.push((r, c, text));
    }
    rows_of(cells)
}

/// Filled cells (row, column, text) as rows, from the first filled row and
/// column on (as calamine's ranges start), each row as long as its last filled
/// cell; refuses more than [`MAX_CELLS`] cells, empty ones included.
fn rows_of(mut cells: Vec<(u32, u32, String)>) -> Result<Vec<Vec<String>>, FileError> {
    // Stable: a cell written twice keeps its last value.
    cells.sort_by_key(|&(r, c, _)| (r, c));
    let top = cells.iter().map(|&(r, _, _)| r).min().unwrap_or(0);
    let left = cells.iter().map(|&(_, c, _)| c).min().unwrap_or(0);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut stored = 0;
    for (r, c, text) in cells {
        let (r, c) = ((r - top) as usize, (c - left) as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            stored += c + 1 - row.len();
            if stored > MAX_CELLS {
                return Err(FileError::TooManyCells);
            }
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    Ok(rows)
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
    fn an_xlsx_is_read_from_its_first_filled_cell_and_formatted_blanks_are_nothing() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(1, 1, "nip").unwrap();
        sheet.write_string(1, 2, "name").unwrap();
        sheet.write_string(2, 1, GOOD).unwrap();
        sheet.write_string(2, 2, "Ana").unwrap();
        sheet.write_string(4, 2, "Budi").unwrap();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        sheet.write_blank(9_999, 16_000, &bold).unwrap();
        let table = read_table(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(table.header, ["nip", "name"]);
        let no_cells: Vec<String> = Vec::new();
        assert_eq!(
            table.rows,
            [
                vec![GOOD.to_owned(), "Ana".to_owned()],
                no_cells,
                vec![String::new(), "Budi".to_owned()]
            ]
        );
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

//! Reading a file into a table of text: a CSV here, an XLSX through `xlsx`.

use super::limits::{FileError, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, check_cell};
use super::xlsx::{check_zip, read_xlsx};

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

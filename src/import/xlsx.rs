//! Reading the first sheet of an XLSX, with its unpacked size checked first.

use std::io::Cursor;

use super::limits::{
    FileError, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, MAX_XLSX_PARTS, check_cell,
};

/// An XLSX is a zip. Before calamine reads it, every part is unpacked once
/// into nothing, counting the bytes that actually come out (the sizes a zip
/// declares can lie): a small file that unpacks to gigabytes is refused after
/// [`MAX_UNPACKED_BYTES`], and calamine then reads only parts known to be small.
pub(super) fn check_zip(bytes: &[u8]) -> Result<(), FileError> {
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

pub(super) fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
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

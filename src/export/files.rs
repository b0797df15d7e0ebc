//! CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
//! accents) and XLSX files from labelled tables.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::table::{Cell, Column, Table};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing XLSX: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("writing the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("reading the rows: {0}")]
    Database(#[from] diesel::result::Error),
    /// The reader of a streamed file went away; nothing is wrong.
    #[error("the download was cancelled")]
    Cancelled,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub use super::csv_text::csv_text;

/// The count tables as one long CSV: `table,item,label,measure,value`, one line
/// per number (language-neutral keys, the label in the chosen language).
pub fn counts_csv(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(["table", "item", "label", "measure", "value"])?;
        for table in tables {
            for row in &table.rows {
                let key = csv_text(row.key.clone());
                let label = row.cells.first().map(Cell::csv).unwrap_or_default();
                for (column, cell) in table.columns.iter().zip(&row.cells).skip(1) {
                    w.write_record([
                        table.key,
                        key.as_str(),
                        label.as_str(),
                        column.key,
                        cell.csv().as_str(),
                    ])?;
                }
            }
        }
        w.flush()?;
    }
    Ok(out)
}

/// One table as a plain CSV: a header of column labels, then the rows.
pub fn table_csv(table: &Table) -> Result<Vec<u8>, ExportError> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(table.columns.iter().map(|c| c.label.as_str()))?;
        for row in &table.rows {
            w.write_record(row.cells.iter().map(Cell::csv))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// The start of a CSV written in pieces: the byte-order mark and the header row.
pub fn csv_header(columns: &[Column]) -> Result<Vec<u8>, ExportError> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(columns.iter().map(|c| c.label.as_str()))?;
        w.flush()?;
    }
    Ok(out)
}

/// CSV lines to follow [`csv_header`]: the same quoting as [`table_csv`].
pub fn csv_lines(rows: impl IntoIterator<Item = Vec<Cell>>) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        for cells in rows {
            w.write_record(cells.iter().map(Cell::csv))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Excel refuses sheet names over 31 characters or with `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// Writes one row of cells at row `r`.
fn write_cells(sheet: &mut Worksheet, r: u32, cells: &[Cell]) -> Result<(), XlsxError> {
    for (c, cell) in cells.iter().enumerate() {
        let c = c as u16;
        match cell {
            Cell::Text(s) => {
                sheet.write_string(r, c, s)?;
            }
            Cell::Int(n) => {
                sheet.write_number(r, c, *n as f64)?;
            }
            Cell::Pct(Some(p)) => {
                sheet.write_number(r, c, *p)?;
            }
            Cell::Pct(None) => {}
        }
    }
    Ok(())
}

/// Writes `table` at `first_row`; returns the row after it.
fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    first_row: u32,
    bold: &Format,
) -> Result<u32, XlsxError> {
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(first_row, c as u16, &column.label, bold)?;
    }
    let mut r = first_row + 1;
    for row in &table.rows {
        write_cells(sheet, r, &row.cells)?;
        r += 1;
    }
    Ok(r)
}

/// A one-sheet workbook (header row, then rows) filled in pieces, in
/// rust_xlsxwriter's constant-memory mode: each finished row goes to a
/// temporary file, so a list of 100 000 rows is not held cell by cell.
pub struct RowsXlsx {
    book: Workbook,
    next_row: u32,
}

impl RowsXlsx {
    pub fn new(title: &str, columns: &[Column]) -> Result<Self, ExportError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name(sheet_name(title))?;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            sheet.set_column_width(c, if c == 0 { 34 } else { 16 })?;
            sheet.write_string_with_format(0, c, &column.label, &bold)?;
        }
        Ok(RowsXlsx { book, next_row: 1 })
    }

    pub fn append(&mut self, rows: impl IntoIterator<Item = Vec<Cell>>) -> Result<(), ExportError> {
        let sheet = self.book.worksheet_from_index(0)?;
        for cells in rows {
            write_cells(sheet, self.next_row, &cells)?;
            self.next_row += 1;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        Ok(self.book.save_to_buffer()?)
    }
}

/// A workbook with one sheet per table. With `summary`, the first sheet holds
/// the first table (the summary) and the second (bags by blood group) below it:
/// the numbers the office publishes.
pub fn tables_xlsx(tables: &[Table], summary: bool) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title_format = Format::new().set_bold().set_font_size(13);
    let mut rest = tables;
    if summary && tables.len() >= 2 {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&tables[0].title))?;
        sheet.set_column_width(0, 34)?;
        sheet.set_column_width(1, 40)?;
        for c in 2..6 {
            sheet.set_column_width(c, 14)?;
        }
        let next = write_table(sheet, &tables[0], 0, &bold)?;
        sheet.write_string_with_format(next + 1, 0, &tables[1].title, &title_format)?;
        write_table(sheet, &tables[1], next + 2, &bold)?;
        rest = &tables[1..];
    }
    for table in rest {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.title))?;
        for c in 0..table.columns.len() as u16 {
            sheet.set_column_width(c, if c == 0 { 34 } else { 16 })?;
        }
        write_table(sheet, table, 0, &bold)?;
    }
    Ok(book.save_to_buffer()?)
}

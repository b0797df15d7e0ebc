//! CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
//! accents) and XLSX files from labelled tables.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{Cell, Table};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing XLSX: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("writing the file: {0}")]
    Io(#[from] std::io::Error),
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The count tables as one long CSV: `table,item,label,measure,value`, one line
/// per number (language-neutral keys, the label in the chosen language).
pub fn counts_csv(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    let mut out = BOM.to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(["table", "item", "label", "measure", "value"])?;
        for table in tables {
            for row in &table.rows {
                let label = row.cells.first().map(Cell::plain).unwrap_or_default();
                for (column, cell) in table.columns.iter().zip(&row.cells).skip(1) {
                    w.write_record([
                        table.key,
                        row.key.as_str(),
                        label.as_str(),
                        column.key,
                        cell.plain().as_str(),
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
            w.write_record(row.cells.iter().map(Cell::plain))?;
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
        for (c, cell) in row.cells.iter().enumerate() {
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
        r += 1;
    }
    Ok(r)
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
        for c in 2..5 {
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

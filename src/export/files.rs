//! CSV files (UTF-8 with a byte-order mark, so spreadsheet programs read the
//! accents) from labelled tables; the errors of every export (XLSX files are
//! made in `workbook`).

use rust_xlsxwriter::XlsxError;

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

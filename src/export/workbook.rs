//! XLSX files a secretary can send: sheets with short names chosen per
//! language, numbers as numbers, percentages as percentage cells, dates and
//! times as date cells; `counts.xlsx` opens on a summary sheet, the donor list
//! has a frozen header row and an autofilter.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::files::ExportError;
use super::table::{Cell, Column, Table};
use crate::i18n::{I18n, Lang};
use crate::store::drives::Drive;

/// Every sheet the app writes, by the key of its table. Each has a short name
/// of its own in both languages (`xlsx-sheet-<key>`), chosen to fit Excel's
/// 31 characters, rather than a table title cut short.
pub const SHEETS: [&str; 10] = [
    "summary",
    "blood_groups",
    "statuses",
    "deferrals",
    "units",
    "slots",
    "sex",
    "age_bands",
    "history",
    "donors",
];

/// Excel refuses a sheet name longer than this.
pub const SHEET_NAME_MAX: usize = 31;

/// The sheet name of table `key` in `t`'s language; a key without a chosen
/// name (none today: a test holds every table to [`SHEETS`]) keeps the key.
pub fn sheet_name(t: &I18n, key: &str) -> String {
    let message = format!("xlsx-sheet-{}", key.replace('_', "-"));
    if SHEETS.contains(&key) && t.has(&message) {
        t.t(&message)
    } else {
        key.to_owned()
    }
}

/// The cell formats of a workbook, made once.
struct Formats {
    bold: Format,
    title: Format,
    percent: Format,
    date: Format,
    date_time: Format,
}

impl Formats {
    fn new(lang: Lang) -> Formats {
        // Day first as Indonesian documents write it; ISO order in English,
        // which no reader takes for month-first.
        let (date, date_time) = match lang {
            Lang::Id => ("dd/mm/yyyy", "dd/mm/yyyy hh:mm"),
            Lang::En => ("yyyy-mm-dd", "yyyy-mm-dd hh:mm"),
        };
        Formats {
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            percent: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format(date),
            date_time: Format::new().set_num_format(date_time),
        }
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

fn excel_date_time(at: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    excel_date(at.date())?.and_hms(at.hour() as u16, at.minute() as u8, at.second())
}

/// Writes one row of cells at row `r`, from column 0.
fn write_cells(
    sheet: &mut Worksheet,
    r: u32,
    cells: &[Cell],
    f: &Formats,
) -> Result<(), XlsxError> {
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
                sheet.write_number_with_format(r, c, *p / 100.0, &f.percent)?;
            }
            Cell::Pct(None) => {}
            // A date Excel cannot hold (before 1900) stays readable as text.
            Cell::Date(d) => match excel_date(*d) {
                Ok(date) => {
                    sheet.write_datetime_with_format(r, c, date, &f.date)?;
                }
                Err(_) => {
                    sheet.write_string(r, c, cell.plain())?;
                }
            },
            Cell::DateTime(at) => match excel_date_time(*at) {
                Ok(at) => {
                    sheet.write_datetime_with_format(r, c, at, &f.date_time)?;
                }
                Err(_) => {
                    sheet.write_string(r, c, cell.plain())?;
                }
            },
        }
    }
    Ok(())
}

/// Writes `table` (header, then rows) at `first_row`; returns the row after it.
fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    first_row: u32,
    f: &Formats,
) -> Result<u32, XlsxError> {
    for (c, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(first_row, c as u16, &column.label, &f.bold)?;
    }
    let mut r = first_row + 1;
    for row in &table.rows {
        write_cells(sheet, r, &row.cells, f)?;
        r += 1;
    }
    Ok(r)
}

/// A one-sheet workbook (a frozen header row with an autofilter, then rows)
/// filled in pieces, in rust_xlsxwriter's constant-memory mode: each finished
/// row goes to a temporary file, so a list of 100 000 rows is not held cell by
/// cell.
pub struct RowsXlsx {
    book: Workbook,
    formats: Formats,
    columns: u16,
    next_row: u32,
}

impl RowsXlsx {
    pub fn new(t: &I18n, key: &str, columns: &[Column]) -> Result<Self, ExportError> {
        let mut book = Workbook::new();
        let formats = Formats::new(t.lang);
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name(sheet_name(t, key))?;
        sheet.set_freeze_panes(1, 0)?;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            sheet.set_column_width(c, if c == 0 { 34 } else { 18 })?;
            sheet.write_string_with_format(0, c, &column.label, &formats.bold)?;
        }
        Ok(RowsXlsx {
            book,
            formats,
            columns: columns.len() as u16,
            next_row: 1,
        })
    }

    pub fn append(&mut self, rows: impl IntoIterator<Item = Vec<Cell>>) -> Result<(), ExportError> {
        let sheet = self.book.worksheet_from_index(0)?;
        for cells in rows {
            write_cells(sheet, self.next_row, &cells, &self.formats)?;
            self.next_row += 1;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        let last_row = self.next_row - 1;
        let last_col = self.columns.saturating_sub(1);
        let sheet = self.book.worksheet_from_index(0)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
        Ok(self.book.save_to_buffer()?)
    }
}

/// `counts.xlsx`: a summary sheet first (a title, the drive, when the data was
/// taken in the drive's time zone, the summary, bags by blood group and
/// participation by unit), then one sheet for each other table.
pub fn counts_xlsx(
    t: &I18n,
    drive: &Drive,
    tables: &[Table],
    taken_at: DateTime<Utc>,
) -> Result<Vec<u8>, ExportError> {
    let f = Formats::new(t.lang);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(t, "summary"))?;
    sheet.set_column_width(0, 40)?;
    sheet.set_column_width(1, 34)?;
    for c in 2..8 {
        sheet.set_column_width(c, 14)?;
    }
    let local = taken_at.with_timezone(&drive.tz());
    sheet.write_string_with_format(0, 0, t.t("xlsx-title"), &f.title)?;
    sheet.write_string_with_format(1, 0, &drive.title, &f.bold)?;
    sheet.write_string(
        2,
        0,
        t.ta(
            "xlsx-data-as-of",
            &[("zone", local.format("%Z").to_string())],
        ),
    )?;
    write_cells(
        sheet,
        2,
        &[
            Cell::Text(String::new()),
            Cell::DateTime(local.naive_local()),
        ],
        &f,
    )?;
    let mut next = 4;
    for key in ["summary", "blood_groups", "units"] {
        if let Some(table) = tables.iter().find(|x| x.key == key) {
            if key != "summary" {
                sheet.write_string_with_format(next, 0, &table.title, &f.bold)?;
                next += 1;
            }
            next = write_table(sheet, table, next, &f)? + 1;
        }
    }
    for table in tables.iter().filter(|x| x.key != "summary") {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(t, table.key))?;
        sheet.set_freeze_panes(1, 0)?;
        for c in 0..table.columns.len() as u16 {
            sheet.set_column_width(c, if c == 0 { 34 } else { 16 })?;
        }
        write_table(sheet, table, 0, &f)?;
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names chosen for each sheet, in Indonesian and in English.
    const CHOSEN: [(&str, &str, &str); 10] = [
        ("summary", "Ringkasan", "Summary"),
        ("blood_groups", "Golongan darah", "Blood groups"),
        ("statuses", "Status pendaftaran", "Registration status"),
        ("deferrals", "Penundaan", "Deferrals"),
        ("units", "Unit kerja", "Work units"),
        ("slots", "Sesi", "Time slots"),
        ("sex", "Jenis kelamin", "Sex"),
        ("age_bands", "Kelompok usia", "Age bands"),
        ("history", "Pendonor baru & ulang", "First-time & repeat"),
        ("donors", "Pendonor", "Donors"),
    ];

    #[test]
    fn every_sheet_name_is_a_chosen_one_that_excel_accepts_in_both_languages() {
        assert_eq!(
            SHEETS.to_vec(),
            CHOSEN.iter().map(|(k, _, _)| *k).collect::<Vec<_>>()
        );
        for (lang, pick) in [(Lang::Id, 1), (Lang::En, 2)] {
            let t = I18n::new(lang);
            let mut seen = std::collections::HashSet::new();
            for row in CHOSEN {
                let name = sheet_name(&t, row.0);
                let chosen = if pick == 1 { row.1 } else { row.2 };
                assert_eq!(name, chosen, "{lang:?} {}", row.0);
                assert!(
                    name.chars().count() <= SHEET_NAME_MAX,
                    "{lang:?} {name:?} is over {SHEET_NAME_MAX} characters"
                );
                assert!(
                    !name.contains(['[', ']', ':', '*', '?', '/', '\\']) && !name.starts_with('\''),
                    "{lang:?} {name:?} has a character Excel refuses"
                );
                assert!(seen.insert(name.to_lowercase()), "{lang:?} {name:?} twice");
            }
        }
    }

    #[test]
    fn every_table_the_app_writes_has_a_chosen_sheet_name() {
        use crate::domain::counts::DriveCounts;
        let drive = crate::export::test_drive();
        let t = I18n::new(Lang::Id);
        let counts = DriveCounts::compute(10, &[], &[], &[]);
        for table in crate::export::count_tables(&t, &drive, &counts) {
            assert!(
                SHEETS.contains(&table.key),
                "{} has no sheet name",
                table.key
            );
        }
        let donors = crate::export::roster::donor_table(&t, &drive, &[]);
        assert!(SHEETS.contains(&donors.key));
    }
}

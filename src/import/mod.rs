//! Staff list import: a CSV or XLSX file (NIP, name, unit code, email, phone)
//! read into rows, every row checked, and either every row accepted or a list
//! of errors (row, column, why) with nothing written.
//!
//! This file only gathers the parts: the `limits` of a file and its errors,
//! `read`ing a CSV into rows (an XLSX through `xlsx`), and the `rows` checks.

mod limits;
mod read;
mod rows;
mod xlsx;

pub use limits::{
    FileError, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS,
    MAX_UNPACKED_BYTES, MAX_XLSX_PARTS,
};
pub use read::{RawTable, read_table};
pub use rows::{RowError, StaffRow, check_rows};

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::NaiveDate;

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

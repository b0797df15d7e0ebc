//! The counts of a drive as labelled tables, and the files made from them.
//! The dashboard, `counts.csv` and `counts.xlsx` all render these same tables,
//! so a number cannot differ between them.
//!
//! This file only gathers the parts: the `table` shape (cells, columns, rows),
//! the drive's `count_tables`, the `files` (CSV, XLSX; their text cells through
//! `csv_text`) and the donor list
//! (`roster`).

mod count_tables;
mod csv_text;
pub mod files;
pub mod roster;
mod table;

pub use count_tables::count_tables;
pub use table::{Cell, Column, Row, Table};

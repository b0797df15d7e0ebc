//! The limits of an uploaded file, named here so each can be read and changed
//! in one place, and the errors that refuse a file as a whole.

use crate::domain::MessageArgs;

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

/// Refuses a cell over [`MAX_CELL_CHARS`]; `row` counts from 1.
pub(super) fn check_cell(text: &str, row: usize) -> Result<(), FileError> {
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        Err(FileError::CellTooLong { row })
    } else {
        Ok(())
    }
}

//! A table as every export and the dashboard show it: columns with labels,
//! rows with a language-neutral key, cells that are text, counts or percentages.

use chrono::{NaiveDate, NaiveDateTime};

use super::csv_text::csv_text;
use crate::i18n::I18n;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A percentage with one decimal; `None` when it cannot be computed.
    Pct(Option<f64>),
    /// A calendar date (a spreadsheet date cell; `2027-01-17` in a CSV).
    Date(NaiveDate),
    /// A local date and time (`2027-01-17 08:30` in a CSV).
    DateTime(NaiveDateTime),
}

impl Cell {
    /// The value, language-neutral (`.` decimals, no separators), as a CSV
    /// holds it; [`Cell::csv`] writes it.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Pct(Some(p)) => format!("{p:.1}"),
            Cell::Pct(None) => String::new(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(at) => at.format("%Y-%m-%d %H:%M").to_string(),
        }
    }

    /// The value as written in a CSV: [`Cell::plain`], text made safe to open in
    /// a spreadsheet by [`csv_text`].
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_text(s.clone()),
            number => number.plain(),
        }
    }

    /// The value as a person reads it in `t`'s language.
    pub fn shown(&self, t: &I18n) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => t.number(*n),
            Cell::Pct(Some(p)) => {
                let text = format!("{p:.1}");
                match t.lang {
                    crate::i18n::Lang::Id => format!("{} %", text.replace('.', ",")),
                    crate::i18n::Lang::En => format!("{text}%"),
                }
            }
            Cell::Pct(None) => "—".to_owned(),
            Cell::Date(d) => t.long_date(*d),
            Cell::DateTime(at) => {
                let time = match t.lang {
                    crate::i18n::Lang::Id => at.format("%H.%M"),
                    crate::i18n::Lang::En => at.format("%H:%M"),
                };
                format!("{} {time}", t.short_date(at.date()))
            }
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Pct(_))
    }
}

#[derive(Clone)]
pub struct Column {
    pub key: &'static str,
    pub label: String,
}

#[derive(Clone)]
/// A row: a language-neutral key (`A`, a unit code, `08:00`), then one cell per column.
pub struct Row {
    pub key: String,
    pub cells: Vec<Cell>,
}

#[derive(Clone)]
pub struct Table {
    pub key: &'static str,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// A cell by row key and column key (tests and the dashboard's summary use this).
    pub fn cell(&self, row: &str, column: &str) -> Option<&Cell> {
        let col = self.columns.iter().position(|c| c.key == column)?;
        self.rows.iter().find(|r| r.key == row)?.cells.get(col)
    }
}

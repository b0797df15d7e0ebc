//! The counts of a drive as labelled tables, and the files made from them.
//! The dashboard, `counts.csv` and `counts.xlsx` all render these same tables,
//! so a number cannot differ between them.

pub mod files;
pub mod roster;

use chrono::{DateTime, Utc};

use crate::domain::counts::{DriveCounts, Tally, UNRECORDED_REASON};
use crate::i18n::I18n;
use crate::store::drives::Drive;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A percentage with one decimal; `None` when it cannot be computed.
    Pct(Option<f64>),
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
        }
    }

    /// The value as written in a CSV: [`Cell::plain`], text made safe to open in
    /// a spreadsheet by [`files::csv_text`].
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => files::csv_text(s.clone()),
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
        }
    }

    pub fn is_number(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

pub struct Column {
    pub key: &'static str,
    pub label: String,
}

/// A row: a language-neutral key (`A`, a unit code, `08:00`), then one cell per column.
pub struct Row {
    pub key: String,
    pub cells: Vec<Cell>,
}

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

fn col(t: &I18n, key: &'static str) -> Column {
    Column {
        key,
        label: t.t(&format!("org-col-{}", key.replace('_', "-"))),
    }
}

fn int(n: u32) -> Cell {
    Cell::Int(i64::from(n))
}

fn tally_cells(label: String, tally: Tally) -> Vec<Cell> {
    vec![Cell::Text(label), int(tally.registered), int(tally.donated)]
}

/// "08.00–08.30" in the drive's zone, and the key "08:00".
fn slot_label(
    t: &I18n,
    drive: &Drive,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
) -> (String, String) {
    let tz = drive.tz();
    let s = starts.with_timezone(&tz);
    let e = ends.with_timezone(&tz);
    (
        s.format("%H:%M").to_string(),
        format!("{}–{}", t.time(&s), t.time(&e)),
    )
}

/// The drive's count tables, summary first.
pub fn count_tables(t: &I18n, drive: &Drive, counts: &DriveCounts) -> Vec<Table> {
    let summary_row = |key: &str, cell: Cell| Row {
        key: key.to_owned(),
        cells: vec![
            Cell::Text(t.t(&format!("org-sum-{}", key.replace('_', "-")))),
            cell,
        ],
    };
    let summary = Table {
        key: "summary",
        title: t.t("org-table-summary"),
        columns: vec![col(t, "item"), col(t, "value")],
        rows: vec![
            summary_row("drive", Cell::Text(drive.title.clone())),
            summary_row(
                "date",
                Cell::Text(drive.drive_date.format("%Y-%m-%d").to_string()),
            ),
            summary_row("venue", Cell::Text(drive.venue.clone())),
            summary_row("partner", Cell::Text(drive.partner.clone())),
            summary_row("target", int(counts.target_bags)),
            summary_row("donated", int(counts.donated)),
            summary_row(
                "percent_of_target",
                Cell::Pct(Some(counts.percent_of_target())),
            ),
            summary_row(
                "volume_ml",
                Cell::Int(i64::from(counts.donated) * i64::from(drive.bag_volume_ml)),
            ),
            summary_row("registered", int(counts.registered)),
            summary_row("booked", int(counts.booked)),
            summary_row("waitlisted", int(counts.waitlisted)),
            summary_row("cancelled", int(counts.cancelled)),
            summary_row("checked_in", int(counts.checked_in)),
            summary_row("deferred", int(counts.deferred)),
            summary_row("no_show", int(counts.no_shows)),
            summary_row("donation_incomplete", int(counts.donation_incomplete)),
        ],
    };

    let mut group_rows: Vec<Row> = counts
        .by_blood_group
        .iter()
        .map(|line| Row {
            key: line.group.as_str().to_owned(),
            cells: vec![
                Cell::Text(t.t(&format!("org-group-{}", line.group.as_str().to_lowercase()))),
                int(line.positive),
                int(line.negative),
                int(line.unknown),
                int(line.total()),
            ],
        })
        .collect();
    let sum = |f: fn(&crate::domain::counts::BloodGroupLine) -> u32| {
        int(counts.by_blood_group.iter().map(f).sum())
    };
    group_rows.push(Row {
        key: "total".to_owned(),
        cells: vec![
            Cell::Text(t.t("org-total")),
            sum(|l| l.positive),
            sum(|l| l.negative),
            sum(|l| l.unknown),
            int(counts.bags_total()),
        ],
    });
    let blood_groups = Table {
        key: "blood_groups",
        title: t.t("org-table-blood-groups"),
        columns: vec![
            col(t, "blood_group"),
            col(t, "rh_positive"),
            col(t, "rh_negative"),
            col(t, "rh_unknown"),
            col(t, "bags"),
        ],
        rows: group_rows,
    };

    let statuses = Table {
        key: "statuses",
        title: t.t("org-table-statuses"),
        columns: vec![col(t, "status"), col(t, "count")],
        rows: counts
            .by_status
            .iter()
            .map(|(status, n)| Row {
                key: status.as_str().to_owned(),
                cells: vec![
                    Cell::Text(t.t(&format!("org-status-{}", status.as_str().replace('_', "-")))),
                    int(*n),
                ],
            })
            .collect(),
    };

    let deferrals = Table {
        key: "deferrals",
        title: t.t("org-table-deferrals"),
        columns: vec![col(t, "reason"), col(t, "count")],
        rows: counts
            .deferred_by_reason
            .iter()
            .map(|(reason, n)| {
                let label = if reason == UNRECORDED_REASON {
                    t.t("org-deferral-unrecorded")
                } else {
                    let key = format!("screening-reason-{}", reason.replace('_', "-"));
                    if t.has(&key) {
                        t.t(&key)
                    } else {
                        reason.clone()
                    }
                };
                Row {
                    key: reason.clone(),
                    cells: vec![Cell::Text(label), int(*n)],
                }
            })
            .collect(),
    };

    let units = Table {
        key: "units",
        title: t.t("org-table-units"),
        columns: vec![
            col(t, "unit"),
            col(t, "code"),
            col(t, "headcount"),
            col(t, "registered"),
            col(t, "donated"),
            col(t, "participation"),
        ],
        rows: counts
            .by_unit
            .iter()
            .map(|line| {
                let code = line.code.clone().unwrap_or_default();
                Row {
                    key: line.code.clone().unwrap_or_else(|| "-".to_owned()),
                    cells: vec![
                        Cell::Text(if line.code.is_some() {
                            line.name.clone()
                        } else {
                            t.t("org-unit-none")
                        }),
                        Cell::Text(code),
                        match line.headcount {
                            Some(h) => Cell::Int(i64::from(h)),
                            None => Cell::Text(String::new()),
                        },
                        int(line.tally.registered),
                        int(line.tally.donated),
                        Cell::Pct(line.participation_pct()),
                    ],
                }
            })
            .collect(),
    };

    let slots = Table {
        key: "slots",
        title: t.t("org-table-slots"),
        columns: vec![
            col(t, "slot"),
            col(t, "capacity"),
            col(t, "booked"),
            col(t, "checked_in"),
            col(t, "donated"),
        ],
        rows: counts
            .by_slot
            .iter()
            .map(|line| {
                let (key, label) = slot_label(t, drive, line.starts_at, line.ends_at);
                Row {
                    key,
                    cells: vec![
                        Cell::Text(label),
                        Cell::Int(i64::from(line.capacity)),
                        int(line.booked),
                        int(line.checked_in),
                        int(line.donated),
                    ],
                }
            })
            .collect(),
    };

    let tally_table = |key: &'static str, first: &'static str, rows: Vec<Row>| Table {
        key,
        title: t.t(&format!("org-table-{}", key.replace('_', "-"))),
        columns: vec![col(t, first), col(t, "registered"), col(t, "donated")],
        rows,
    };
    let sex = tally_table(
        "sex",
        "sex",
        counts
            .by_sex
            .iter()
            .map(|(sex, tally)| Row {
                key: sex.as_str().to_owned(),
                cells: tally_cells(t.t(sex.message_key()), *tally),
            })
            .collect(),
    );
    let ages = tally_table(
        "age_bands",
        "age_band",
        counts
            .by_age_band
            .iter()
            .map(|(band, tally)| Row {
                key: band.as_str().to_owned(),
                cells: tally_cells(
                    if band.as_str() == "other" {
                        t.t("org-age-other")
                    } else {
                        band.as_str().replace('-', "–")
                    },
                    *tally,
                ),
            })
            .collect(),
    );
    let history = tally_table(
        "history",
        "history",
        vec![
            Row {
                key: "first_time".to_owned(),
                cells: tally_cells(t.t("org-history-first-time"), counts.first_time),
            },
            Row {
                key: "repeat".to_owned(),
                cells: tally_cells(t.t("org-history-repeat"), counts.repeat),
            },
        ],
    );

    vec![
        summary,
        blood_groups,
        statuses,
        deferrals,
        units,
        slots,
        sex,
        ages,
        history,
    ]
}

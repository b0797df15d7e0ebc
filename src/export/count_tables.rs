//! The drive's counts as labelled tables, one function per table; the
//! dashboard and both count files render what [`count_tables`] returns.

use chrono::{DateTime, Utc};

use super::table::{Cell, Column, Row, Table};
use crate::domain::counts::{BloodGroupLine, DriveCounts, Tally, UNRECORDED_REASON};
use crate::i18n::I18n;
use crate::store::drives::Drive;

/// The drive's count tables, summary first.
pub fn count_tables(t: &I18n, drive: &Drive, counts: &DriveCounts) -> Vec<Table> {
    vec![
        summary(t, drive, counts),
        blood_groups(t, counts),
        statuses(t, counts),
        deferrals(t, counts),
        units(t, counts),
        slots(t, drive, counts),
        sexes(t, counts),
        age_bands(t, counts),
        history(t, counts),
    ]
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

/// The drive itself, the target and every total.
fn summary(t: &I18n, drive: &Drive, counts: &DriveCounts) -> Table {
    let summary_row = |key: &str, cell: Cell| Row {
        key: key.to_owned(),
        cells: vec![
            Cell::Text(t.t(&format!("org-sum-{}", key.replace('_', "-")))),
            cell,
        ],
    };
    Table {
        key: "summary",
        title: t.t("org-table-summary"),
        columns: vec![col(t, "item"), col(t, "value")],
        rows: vec![
            summary_row("drive", Cell::Text(drive.title.clone())),
            summary_row("date", Cell::Date(drive.drive_date)),
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
            summary_row("walk_ins", int(counts.walk_ins.registered)),
            summary_row("walk_ins_donated", int(counts.walk_ins.donated)),
        ],
    }
}

/// Bags by blood group and rhesus, with a total row. The last column says how
/// many of them count under a group only the donor declared (PMI never tested
/// it); it comes last so readers of the earlier columns are not disturbed.
fn blood_groups(t: &I18n, counts: &DriveCounts) -> Table {
    let mut rows: Vec<Row> = counts
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
                int(line.declared_only),
            ],
        })
        .collect();
    let sum = |f: fn(&BloodGroupLine) -> u32| int(counts.by_blood_group.iter().map(f).sum());
    rows.push(Row {
        key: "total".to_owned(),
        cells: vec![
            Cell::Text(t.t("org-total")),
            sum(|l| l.positive),
            sum(|l| l.negative),
            sum(|l| l.unknown),
            int(counts.bags_total()),
            int(counts.bags_declared_only),
        ],
    });
    Table {
        key: "blood_groups",
        title: t.t("org-table-blood-groups"),
        columns: vec![
            col(t, "blood_group"),
            col(t, "rh_positive"),
            col(t, "rh_negative"),
            col(t, "rh_unknown"),
            col(t, "bags"),
            col(t, "declared_only"),
        ],
        rows,
    }
}

/// Registrations by status.
fn statuses(t: &I18n, counts: &DriveCounts) -> Table {
    Table {
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
    }
}

/// Deferrals by reason; a reason without a text of its own shows as it is.
fn deferrals(t: &I18n, counts: &DriveCounts) -> Table {
    Table {
        key: "deferrals",
        title: t.t("org-table-deferrals"),
        columns: vec![col(t, "reason"), col(t, "count")],
        rows: counts
            .deferred_by_reason
            .iter()
            .map(|(reason, n)| Row {
                key: reason.clone(),
                cells: vec![Cell::Text(deferral_label(t, reason)), int(*n)],
            })
            .collect(),
    }
}

fn deferral_label(t: &I18n, reason: &str) -> String {
    if reason == UNRECORDED_REASON {
        return t.t("org-deferral-unrecorded");
    }
    let key = format!("screening-reason-{}", reason.replace('_', "-"));
    if t.has(&key) {
        t.t(&key)
    } else {
        reason.to_owned()
    }
}

/// Registered and donated by work unit, with the unit's participation.
fn units(t: &I18n, counts: &DriveCounts) -> Table {
    Table {
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
    }
}

/// Capacity, booked, checked in and donated by slot, in the drive's zone.
fn slots(t: &I18n, drive: &Drive, counts: &DriveCounts) -> Table {
    Table {
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
    }
}

/// A table of registered and donated, its first column named `first`.
fn tally_table(t: &I18n, key: &'static str, first: &'static str, rows: Vec<Row>) -> Table {
    Table {
        key,
        title: t.t(&format!("org-table-{}", key.replace('_', "-"))),
        columns: vec![col(t, first), col(t, "registered"), col(t, "donated")],
        rows,
    }
}

/// Registered and donated by sex.
fn sexes(t: &I18n, counts: &DriveCounts) -> Table {
    let rows = counts
        .by_sex
        .iter()
        .map(|(sex, tally)| Row {
            key: sex.as_str().to_owned(),
            cells: tally_cells(t.t(sex.message_key()), *tally),
        })
        .collect();
    tally_table(t, "sex", "sex", rows)
}

/// Registered and donated by age band.
fn age_bands(t: &I18n, counts: &DriveCounts) -> Table {
    let rows = counts
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
        .collect();
    tally_table(t, "age_bands", "age_band", rows)
}

/// Registered and donated, first-time donors against repeat donors.
fn history(t: &I18n, counts: &DriveCounts) -> Table {
    let rows = vec![
        Row {
            key: "first_time".to_owned(),
            cells: tally_cells(t.t("org-history-first-time"), counts.first_time),
        },
        Row {
            key: "repeat".to_owned(),
            cells: tally_cells(t.t("org-history-repeat"), counts.repeat),
        },
    ];
    tally_table(t, "history", "history", rows)
}

//! `/admin/drives/{slug}/report`: the one-page report the head of office
//! signs: the office's letterhead, the activity, the results, our bags beside
//! PMI's official figures, and the two signatures. `POST .../pmi-figures`
//! stores PMI's figures (the form sits under the report, never printed).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::db::PgPool;
use crate::db::replica::ReadPool;
use crate::domain::counts::DriveCounts;
use crate::domain::pmi_figures::{FigureLine, PmiFigures, TypedFigures, any_difference, compare};
use crate::error::AppError;
use crate::export::{Cell, Row, Table, count_tables};
use crate::i18n::I18n;
use crate::store::pmi_figures;
use crate::store::report::{self, ReportData};
use crate::web::access::Organizer;
use crate::web::admin::dashboard::{TableView, declared_only_note, table_views};
use crate::web::auth::client_ip;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn, with_read_conn};

/// How many units the report lists (the most participating first); the full
/// list is in counts.xlsx.
const TOP_UNITS: usize = 5;

/// The summary figures the report shows, in its order.
const KEY_FIGURES: [&str; 8] = [
    "target",
    "donated",
    "percent_of_target",
    "registered",
    "checked_in",
    "deferred",
    "no_show",
    "walk_ins",
];

/// What was typed into PMI's figures form, kept as typed.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct PmiForm {
    #[serde(default)]
    pub bags_total: String,
    #[serde(default)]
    pub group_a: String,
    #[serde(default)]
    pub group_b: String,
    #[serde(default)]
    pub group_ab: String,
    #[serde(default)]
    pub group_o: String,
    #[serde(default)]
    pub rh_negative: String,
}

impl PmiForm {
    fn of(figures: &PmiFigures) -> PmiForm {
        let n = |v: u32| v.to_string();
        let g = figures.groups;
        PmiForm {
            bags_total: n(figures.bags_total),
            group_a: g.map(|g| n(g.a)).unwrap_or_default(),
            group_b: g.map(|g| n(g.b)).unwrap_or_default(),
            group_ab: g.map(|g| n(g.ab)).unwrap_or_default(),
            group_o: g.map(|g| n(g.o)).unwrap_or_default(),
            rh_negative: figures.rh_negative.map(n).unwrap_or_default(),
        }
    }

    /// The form's inputs in order: name, label key, value.
    pub fn inputs(&self) -> [(&'static str, &'static str, &str); 6] {
        [
            ("bags_total", "report-pmi-total", self.bags_total.as_str()),
            ("group_a", "report-pmi-group-a", self.group_a.as_str()),
            ("group_b", "report-pmi-group-b", self.group_b.as_str()),
            ("group_ab", "report-pmi-group-ab", self.group_ab.as_str()),
            ("group_o", "report-pmi-group-o", self.group_o.as_str()),
            (
                "rh_negative",
                "report-pmi-rh-negative",
                self.rh_negative.as_str(),
            ),
        ]
    }

    /// Each field read as a whole number (empty is "not given"); a field that
    /// is not one gets its error here, the rules between fields come after.
    fn parse(&self, t: &I18n) -> Result<PmiFigures, FormErrors> {
        let mut errors = FormErrors::default();
        let mut number = |field: &str, text: &str| {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            match text.parse::<u32>() {
                Ok(n) if text.bytes().all(|b| b.is_ascii_digit()) => Some(n),
                _ => {
                    errors.add(field, t.t("report-pmi-error-number"));
                    None
                }
            }
        };
        let typed = TypedFigures {
            bags_total: number("bags_total", &self.bags_total),
            a: number("group_a", &self.group_a),
            b: number("group_b", &self.group_b),
            ab: number("group_ab", &self.group_ab),
            o: number("group_o", &self.group_o),
            rh_negative: number("rh_negative", &self.rh_negative),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        typed.check().map_err(|problems| {
            let mut errors = FormErrors::default();
            for p in problems {
                errors.add(p.field, t.t(p.message_key));
            }
            errors
        })
    }
}

/// A number of the results, with `data-k` so a test can read it back.
pub struct KeyFigure {
    pub label: String,
    pub value: String,
    pub k: String,
}

/// One line of ours against PMI's.
pub struct FigureView {
    pub label: String,
    pub ours: String,
    pub pmi: String,
    pub difference: String,
    pub differs: bool,
    pub key: &'static str,
    /// Said in the sentence under the table rather than in its columns.
    pub in_words: bool,
}

pub struct PmiView {
    /// When the figures were saved, in the drive's zone.
    pub saved: String,
    pub lines: Vec<FigureView>,
    /// "PMI's figures match ours." or what differs, in words.
    pub verdict: String,
    pub any_difference: bool,
}

/// A row of the bags by blood group, with PMI's figure and the difference
/// beside it when PMI gave one.
pub struct GroupRow {
    pub total: bool,
    pub cells: Vec<crate::web::admin::dashboard::CellView>,
    pub pmi: Option<FigureView>,
}

/// A signature: who signs, their name (or a line for the pen) and NIP.
pub struct Signer {
    pub intro: Option<String>,
    pub role: String,
    pub name: Option<String>,
    pub nip: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/report.html")]
pub struct ReportPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub office_name: String,
    pub office_address: String,
    pub title: String,
    pub date: String,
    /// "08.00–11.30 WITA" from the first slot to the last, when there are slots.
    pub hours: Option<String>,
    pub venue: String,
    pub partner: String,
    pub figures: Vec<KeyFigure>,
    pub groups_title: String,
    pub group_headers: Vec<String>,
    pub group_rows: Vec<GroupRow>,
    /// PMI's columns are shown (PMI gave figures by group).
    pub pmi_columns: bool,
    pub declared_only_note: Option<String>,
    pub deferrals: TableView,
    pub units: TableView,
    /// "3 more units in counts.xlsx", when the list is cut.
    pub units_more: Option<String>,
    pub pmi: Option<PmiView>,
    /// "Acknowledged, head of office" and the committee's chair, in that order.
    pub signers: Vec<Signer>,
    pub printed: String,
    pub form: PmiForm,
    pub errors: FormErrors,
    pub notice: Option<Notice>,
}

/// A stored NIP (18 digits) as printed on documents: `19850312 201001 1 002`.
pub fn nip_shown(digits: &str) -> Option<String> {
    match (
        digits.get(..8),
        digits.get(8..14),
        digits.get(14..15),
        digits.get(15..),
    ) {
        (Some(a), Some(b), Some(c), Some(d)) if digits.len() == 18 => {
            Some(format!("{a} {b} {c} {d}"))
        }
        _ => None,
    }
}

fn signer(intro: Option<String>, role: String, name: &str, nip: &str) -> Signer {
    let name = name.trim();
    Signer {
        intro,
        role,
        name: (!name.is_empty()).then(|| name.to_owned()),
        nip: nip_shown(nip),
    }
}

fn key_figures(t: &I18n, summary: &Table) -> Vec<KeyFigure> {
    KEY_FIGURES
        .iter()
        .filter_map(|key| {
            let row = summary.rows.iter().find(|r| r.key == *key)?;
            let label = match row.cells.first() {
                Some(Cell::Text(s)) => s.clone(),
                _ => String::new(),
            };
            Some(KeyFigure {
                label,
                value: row.cells.get(1)?.shown(t),
                k: format!("summary/{key}/value"),
            })
        })
        .collect()
}

/// The units, most participating first (then most registered), cut to
/// [`TOP_UNITS`]; the code column left out (the name says it on paper).
fn top_units(t: &I18n, units: &Table) -> (TableView, usize) {
    let participation = units.columns.iter().position(|c| c.key == "participation");
    let registered = units.columns.iter().position(|c| c.key == "registered");
    let value = |row: &Row, col: Option<usize>| match col.and_then(|c| row.cells.get(c)) {
        Some(Cell::Pct(Some(p))) => *p,
        Some(Cell::Int(n)) => *n as f64,
        _ => -1.0,
    };
    let mut rows: Vec<Row> = units.rows.clone();
    rows.sort_by(|a, b| {
        value(b, participation)
            .total_cmp(&value(a, participation))
            .then(value(b, registered).total_cmp(&value(a, registered)))
    });
    let more = rows.len().saturating_sub(TOP_UNITS);
    rows.truncate(TOP_UNITS);
    let code = units.columns.iter().position(|c| c.key == "code");
    let table = Table {
        key: units.key,
        title: t.t("report-units-title"),
        columns: units
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != code)
            .map(|(_, c)| c.clone())
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| Row {
                key: r.key,
                cells: r
                    .cells
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != code)
                    .map(|(_, c)| c)
                    .collect(),
            })
            .collect(),
    };
    let view = table_views(t, std::slice::from_ref(&table)).remove(0);
    (view, more)
}

fn figure_label(t: &I18n, key: &str) -> String {
    match key {
        "total" => t.t("report-pmi-line-total"),
        "rh_negative" => t.t("report-pmi-line-rh-negative"),
        group => t.t1("report-pmi-line-group", "group", group),
    }
}

fn signed(t: &I18n, d: i64) -> String {
    match d {
        0 => "0".to_owned(),
        d if d > 0 => format!("+{}", t.number(d)),
        d => format!("−{}", t.number(-d)),
    }
}

fn pmi_view(t: &I18n, data: &ReportData) -> Option<PmiView> {
    let saved = data.pmi.as_ref()?;
    let lines: Vec<FigureLine> = compare(&data.counts, &saved.figures);
    let differs = any_difference(&lines);
    let total = lines[0];
    let verdict = match total.difference() {
        _ if !differs => t.t("report-pmi-match"),
        Some(d) if d > 0 => t.t1("report-pmi-more", "count", t.number(d)),
        Some(d) if d < 0 => t.t1("report-pmi-fewer", "count", t.number(-d)),
        _ => t.t("report-pmi-groups-differ"),
    };
    let local = saved.recorded_at.with_timezone(&data.drive.tz());
    Some(PmiView {
        saved: format!(
            "{} {} {}",
            t.short_date(local.date_naive()),
            t.time(&local),
            local.format("%Z")
        ),
        lines: lines
            .iter()
            .map(|l| FigureView {
                label: figure_label(t, l.key),
                ours: t.number(i64::from(l.ours)),
                pmi: l
                    .pmi
                    .map_or_else(|| "—".to_owned(), |p| t.number(i64::from(p))),
                difference: l
                    .difference()
                    .map_or_else(|| "—".to_owned(), |d| signed(t, d)),
                differs: l.difference().is_some_and(|d| d != 0),
                key: l.key,
                in_words: match l.key {
                    "total" => saved.figures.groups.is_none(),
                    "rh_negative" => l.pmi.is_some(),
                    _ => false,
                },
            })
            .collect(),
        verdict,
        any_difference: differs,
    })
}

fn hours(t: &I18n, data: &ReportData) -> Option<String> {
    let tz = data.drive.tz();
    let first = data.counts.by_slot.iter().map(|s| s.starts_at).min()?;
    let last = data.counts.by_slot.iter().map(|s| s.ends_at).max()?;
    let (first, last) = (first.with_timezone(&tz), last.with_timezone(&tz));
    Some(format!(
        "{}–{} {}",
        t.time(&first),
        t.time(&last),
        first.format("%Z")
    ))
}

fn page(
    ctx: PageCtx,
    data: &ReportData,
    form: Option<PmiForm>,
    errors: FormErrors,
    notice: Option<Notice>,
) -> ReportPage {
    let t = ctx.t;
    let drive = &data.drive;
    let counts: &DriveCounts = &data.counts;
    let tables = count_tables(&t, drive, counts);
    let find = |key: &str| tables.iter().find(|x| x.key == key);
    let figures = find("summary")
        .map(|s| key_figures(&t, s))
        .unwrap_or_default();
    let mut views = table_views(
        &t,
        &tables
            .iter()
            .filter(|x| ["blood_groups", "deferrals"].contains(&x.key))
            .cloned()
            .collect::<Vec<_>>(),
    );
    let deferrals = views.pop().expect("the deferrals table");
    let groups = views.pop().expect("the blood groups table");
    let (units, more) = match find("units") {
        Some(u) => top_units(&t, u),
        None => (
            TableView {
                key: "units",
                title: t.t("report-units-title"),
                headers: Vec::new(),
                rows: Vec::new(),
            },
            0,
        ),
    };
    let pmi = pmi_view(&t, data);
    let pmi_columns = data
        .pmi
        .as_ref()
        .is_some_and(|p| p.figures.groups.is_some());
    let group_keys: Vec<String> = find("blood_groups")
        .map(|g| g.rows.iter().map(|r| r.key.clone()).collect())
        .unwrap_or_default();
    let group_rows = groups
        .rows
        .into_iter()
        .zip(group_keys)
        .map(|(cells, key)| GroupRow {
            total: key == "total",
            cells,
            pmi: pmi.as_ref().filter(|_| pmi_columns).map(|p| {
                let line = p
                    .lines
                    .iter()
                    .find(|l| l.key == key.as_str() || (l.key == "total" && key == "total"));
                match line {
                    Some(l) => FigureView {
                        label: l.label.clone(),
                        ours: l.ours.clone(),
                        pmi: l.pmi.clone(),
                        difference: l.difference.clone(),
                        differs: l.differs,
                        key: l.key,
                        in_words: false,
                    },
                    // Our bags of unknown group: PMI reports no such line.
                    None => FigureView {
                        label: String::new(),
                        ours: String::new(),
                        pmi: "—".to_owned(),
                        difference: "—".to_owned(),
                        differs: false,
                        key: "unknown",
                        in_words: false,
                    },
                }
            }),
        })
        .collect();
    let office_name = Some(drive.office_name.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| data.regional_office.clone())
        .unwrap_or_else(|| t.t("report-office-fallback"));
    let today = chrono::Utc::now().with_timezone(&drive.tz()).date_naive();
    ReportPage {
        slug: drive.slug.clone(),
        office_name,
        office_address: drive.office_address.trim().to_owned(),
        title: drive.title.clone(),
        date: t.long_date(drive.drive_date),
        hours: hours(&t, data),
        venue: drive.venue.clone(),
        partner: drive.partner.clone(),
        figures,
        groups_title: groups.title,
        group_headers: groups.headers,
        group_rows,
        pmi_columns,
        declared_only_note: declared_only_note(&t, counts),
        deferrals,
        units,
        units_more: (more > 0).then(|| t.t1("report-units-more", "count", more)),
        pmi,
        signers: vec![
            signer(
                Some(t.t("report-sign-acknowledged")),
                t.t("report-sign-head"),
                &drive.head_name,
                &drive.head_nip,
            ),
            signer(
                None,
                t.t("report-sign-chair"),
                &drive.chair_name,
                &drive.chair_nip,
            ),
        ],
        printed: t.long_date(today),
        form: form
            .or_else(|| data.pmi.as_ref().map(|p| PmiForm::of(&p.figures)))
            .unwrap_or_default(),
        errors,
        notice,
        ctx,
    }
}

/// `GET /admin/drives/{slug}/report`
pub async fn show(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    reads: web::Data<ReadPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let wanted = slug.into_inner();
    let saved = req.query_string().split('&').any(|p| p == "saved=1");
    // Right after saving PMI's figures the page reads the primary, so the
    // organizer sees what they typed even when a replica is a second behind.
    let data = if saved {
        with_conn(&pool, move |conn| Ok(report::load(conn, &wanted)?)).await?
    } else {
        with_read_conn(&reads, move |conn| Ok(report::load(conn, &wanted)?)).await?
    };
    let notice = saved.then(|| Notice::ok(ctx.t.t("report-pmi-saved")));
    respond::html(
        StatusCode::OK,
        &page(ctx, &data, None, FormErrors::default(), notice),
    )
}

/// `POST /admin/drives/{slug}/pmi-figures`: PMI's official figures, checked,
/// stored and audited; on a mistake the report again with what was typed.
pub async fn save_pmi_figures(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    slug: web::Path<String>,
    form: web::Form<PmiForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let slug = slug.into_inner();
    let form = form.into_inner();
    let wanted = slug.clone();
    let data = with_conn(&pool, move |conn| Ok(report::load(conn, &wanted)?)).await?;
    let figures = match form.parse(&ctx.t) {
        Ok(f) => f,
        Err(errors) => {
            return respond::html(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(ctx, &data, Some(form), errors, None),
            );
        }
    };
    let ip = client_ip(&req);
    let drive_id = data.drive.id;
    with_conn(&pool, move |conn| {
        Ok(pmi_figures::save(
            conn,
            drive_id,
            &figures,
            me.id,
            ip.as_deref(),
        )?)
    })
    .await?;
    Ok(respond::see_other(format!(
        "/admin/drives/{slug}/report?saved=1#pmi"
    )))
}

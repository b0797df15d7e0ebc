//! `/admin/drives/{slug}/dashboard`: the drive's numbers as they stand, with
//! charts drawn on the server as SVG (no script; prints as it shows).

use actix_web::{HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;

use crate::db::replica::ReadPool;
use crate::domain::counts::DriveCounts;
use crate::error::AppError;
use crate::export::{Table, count_tables};
use crate::i18n::I18n;
use crate::store::counts::drive_counts;
use crate::store::drives::Drive;
use crate::web::access::Organizer;
use crate::web::admin::charts::{HBarChart, Progress, hbars, progress};
use crate::web::{PageCtx, with_read_conn};

/// A cell ready for the page; numbers carry `data-k="table/row/column"` so a
/// test can read them back.
pub struct CellView {
    pub text: String,
    pub number: bool,
    pub k: String,
}

pub struct TableView {
    pub key: &'static str,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<CellView>>,
}

pub fn table_views(t: &I18n, tables: &[Table]) -> Vec<TableView> {
    tables
        .iter()
        .map(|table| TableView {
            key: table.key,
            title: table.title.clone(),
            headers: table.columns.iter().map(|c| c.label.clone()).collect(),
            rows: table
                .rows
                .iter()
                .map(|row| {
                    table
                        .columns
                        .iter()
                        .zip(&row.cells)
                        .map(|(column, cell)| CellView {
                            text: cell.shown(t),
                            number: cell.is_number(),
                            k: format!("{}/{}/{}", table.key, row.key, column.key),
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/dashboard.html")]
pub struct DashboardPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub title: String,
    pub date: String,
    pub donated: String,
    pub target: String,
    pub percent: String,
    pub registered: String,
    pub checked_in: String,
    pub deferred: String,
    pub no_shows: String,
    pub progress: Progress,
    pub groups_chart: HBarChart,
    pub units_chart: HBarChart,
    /// How many bags count under a group only the donor declared, in words.
    pub declared_only_note: Option<String>,
    pub tables: Vec<TableView>,
}

/// "Of 5 bags, 2 count under a group only the donor declared …", when there
/// are bags at all.
pub fn declared_only_note(t: &I18n, counts: &DriveCounts) -> Option<String> {
    (counts.donated > 0).then(|| {
        t.ta(
            "org-declared-only-note",
            &[
                ("bags", t.number(i64::from(counts.bags_total()))),
                ("declared", t.number(i64::from(counts.bags_declared_only))),
            ],
        )
    })
}

fn charts(t: &I18n, counts: &DriveCounts) -> (HBarChart, HBarChart) {
    let groups = hbars(
        counts
            .by_blood_group
            .iter()
            .map(|l| {
                let group = t.t(&format!("org-group-{}", l.group.as_str().to_lowercase()));
                let label = if l.declared_only > 0 {
                    t.ta(
                        "org-group-declared-only-label",
                        &[
                            ("group", group),
                            ("count", t.number(i64::from(l.declared_only))),
                        ],
                    )
                } else {
                    group
                };
                (label, l.total(), t.number(i64::from(l.total())))
            })
            .collect(),
        1,
    );
    let units = hbars(
        counts
            .by_unit
            .iter()
            .map(|l| {
                let label = match &l.code {
                    Some(_) => l.name.clone(),
                    None => t.t("org-unit-none"),
                };
                let shown = format!(
                    "{} / {}",
                    t.number(i64::from(l.tally.donated)),
                    t.number(i64::from(l.tally.registered))
                );
                (label, l.tally.registered, shown)
            })
            .collect(),
        1,
    );
    (groups, units)
}

/// `GET /admin/drives/{slug}/dashboard`
pub async fn show(
    req: HttpRequest,
    reads: web::Data<ReadPool>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<DashboardPage, AppError> {
    let ctx = PageCtx::new(&req);
    let slug = slug.into_inner();
    let wanted = slug.clone();
    let (drive, counts) = with_read_conn(&reads, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        let counts = drive_counts(conn, &drive)?;
        Ok((drive, counts))
    })
    .await?;
    let t = ctx.t;
    let tables = count_tables(&t, &drive, &counts);
    let percent = tables[0]
        .cell("percent_of_target", "value")
        .map(|c| c.shown(&t))
        .unwrap_or_default();
    let (groups_chart, units_chart) = charts(&t, &counts);
    let n = |v: u32| t.number(i64::from(v));
    Ok(DashboardPage {
        slug,
        title: drive.title.clone(),
        date: t.long_date(drive.drive_date),
        donated: n(counts.donated),
        target: n(counts.target_bags),
        percent,
        registered: n(counts.registered),
        checked_in: n(counts.checked_in),
        deferred: n(counts.deferred),
        no_shows: n(counts.no_shows),
        progress: progress(counts.percent_of_target()),
        groups_chart,
        units_chart,
        declared_only_note: declared_only_note(&t, &counts),
        tables: table_views(&t, &tables),
        ctx,
    })
}

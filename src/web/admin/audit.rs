//! `/admin/audit`: the audit log, newest first, filtered by action, actor,
//! entity type and date range (days in the office's time zone, WITA), a page
//! at a time.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use crate::db::PgPool;
use crate::error::AppError;
use crate::store::audit_query::{self, AuditFilter, AuditLine};
use crate::web::access::Organizer;
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

/// Lines per page.
const PAGE_SIZE: i64 = 50;
/// Days are read in the Kanwil's time zone.
const OFFICE_TZ: chrono_tz::Tz = chrono_tz::Asia::Makassar;

/// The filter as typed (all text, so nothing a person types is a 400).
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub entity_type: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: String,
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub details: String,
    pub ip: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    query: AuditQuery,
    entity_types: Vec<String>,
    from_error: Option<String>,
    to_error: Option<String>,
    rows: Vec<AuditRow>,
    page: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

fn start_of_day(date: NaiveDate) -> Option<DateTime<Utc>> {
    OFFICE_TZ
        .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

fn parse_day(text: &str) -> Result<Option<NaiveDate>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.chars().take(100).collect())
}

impl AuditQuery {
    /// The page asked for (1 when the number is missing or absurd).
    fn page_number(&self) -> i64 {
        self.page
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=100_000).contains(p))
            .unwrap_or(1)
    }

    /// This filter on another page.
    fn link_to_page(&self, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("action", &self.action),
            ("actor", &self.actor),
            ("entity_type", &self.entity_type),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.trim().is_empty() {
                query.append_pair(key, value.trim());
            }
        }
        query.append_pair("page", &page.to_string());
        format!("/admin/audit?{}", query.finish())
    }
}

/// `GET /admin/audit`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    query: web::Query<AuditQuery>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let query = query.into_inner();
    let from = parse_day(&query.from);
    let to = parse_day(&query.to);
    let from_error = from.is_err().then(|| ctx.t.t("audit-date-invalid"));
    let to_error = to.is_err().then(|| ctx.t.t("audit-date-invalid"));
    let page = query.page_number();
    let filter = AuditFilter {
        action: non_empty(&query.action),
        actor: non_empty(&query.actor),
        entity_type: non_empty(&query.entity_type),
        from: from.ok().flatten().and_then(start_of_day),
        until: to
            .ok()
            .flatten()
            .and_then(|d| start_of_day(d + Duration::days(1))),
    };
    let valid = from_error.is_none() && to_error.is_none();
    let (mut lines, entity_types) = with_conn(&pool, move |conn| {
        let lines = if valid {
            audit_query::page(conn, &filter, (page - 1) * PAGE_SIZE, PAGE_SIZE + 1)?
        } else {
            Vec::new()
        };
        Ok((lines, audit_query::entity_types(conn)?))
    })
    .await?;
    let has_more = lines.len() as i64 > PAGE_SIZE;
    lines.truncate(PAGE_SIZE as usize);
    let rows = lines
        .into_iter()
        .map(|line| audit_row(&ctx, line))
        .collect();
    let page_view = AuditPage {
        prev_link: (page > 1).then(|| query.link_to_page(page - 1)),
        next_link: has_more.then(|| query.link_to_page(page + 1)),
        ctx,
        query,
        entity_types,
        from_error,
        to_error,
        rows,
        page,
    };
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    respond::html(status, &page_view)
}

/// One audit line as the table shows it: local time, who, what, on which record.
fn audit_row(ctx: &PageCtx, line: AuditLine) -> AuditRow {
    let r = line.record;
    let local = r.at.with_timezone(&OFFICE_TZ);
    AuditRow {
        at: format!(
            "{} {}",
            ctx.t.short_date(local.date_naive()),
            local.format("%H:%M:%S")
        ),
        actor: line.actor_username.unwrap_or(r.actor_kind),
        action: r.action,
        entity_type: r.entity_type,
        entity_id: r
            .entity_id
            .map(|id| id.simple().to_string()[..8].to_owned())
            .unwrap_or_default(),
        details: if r.details.as_object().is_some_and(|o| o.is_empty()) {
            String::new()
        } else {
            r.details.to_string()
        },
        ip: r.ip.unwrap_or_default(),
    }
}

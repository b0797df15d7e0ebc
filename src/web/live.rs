//! `/drives/{slug}/live`: the lobby board. Made for a TV in the hall
//! (1920×1080, read from five metres) and for a screenshot on the office's
//! WhatsApp status: bags against the target, who arrived and who gave today,
//! and the work units ranked by participation. Units and numbers only — no
//! name, NIP or code ever reaches this page. It reloads itself every 30
//! seconds with `<meta http-equiv="refresh">` (no script: the CSP forbids it,
//! and a meta refresh needs none). Two queries per load (`store::live_board`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::db::PgPool;
use crate::domain::live_board::LiveBoard;
use crate::domain::vocab::DriveStatus;
use crate::error::AppError;
use crate::i18n::{I18n, Lang};
use crate::web::public::zone_abbreviation;
use crate::web::{PageCtx, respond, with_conn};

/// How many units the board lists; the rest are counted in one line (a TV
/// shows about this many rows at a size readable from the back of the hall).
pub const UNITS_SHOWN: usize = 8;

/// The board's own stylesheet, versioned by its content like `style.css`.
pub fn stylesheet_href() -> &'static str {
    static HREF: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let hash = include_str!("../../static/live.css")
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        format!("/static/live.css?v={:08x}", hash >> 32)
    });
    HREF.as_str()
}

/// A unit's row on the board.
pub struct UnitRow {
    pub rank: usize,
    pub name: String,
    /// "45%" or "33,3%"; empty without a headcount.
    pub rate: String,
    /// Width of the participation bar out of 1000.
    pub bar: u32,
    pub registered: String,
    pub headcount: Option<String>,
}

#[derive(Template)]
#[template(path = "public/live.html")]
struct LivePage {
    ctx: PageCtx,
    title: String,
    date: String,
    venue: String,
    bags: String,
    target: String,
    percent: String,
    bar: u32,
    progress_label: String,
    arrived: String,
    donated: String,
    units: Vec<UnitRow>,
    more_units: usize,
    /// A shown unit has no headcount: the legend says what its "–" means.
    without_headcount: bool,
    updated: String,
    /// The meta refresh is on (the default); `?refresh=off` stops it, for
    /// whoever needs to read at their own pace (WCAG 2.2.1).
    auto_refresh: bool,
    /// This board in the other language, and with the refresh switched.
    other_lang_href: String,
    toggle_refresh_href: String,
}

impl LivePage {
    fn stylesheet(&self) -> &'static str {
        stylesheet_href()
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct LiveQuery {
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    refresh: Option<String>,
}

/// The board's address with its two switches.
fn board_href(slug: &str, lang: Lang, auto_refresh: bool) -> String {
    let mut href = format!("/drives/{slug}/live?lang={}", lang.code());
    if !auto_refresh {
        href.push_str("&refresh=off");
    }
    href
}

/// A percentage as people read it: no decimals when whole, the language's
/// decimal mark otherwise.
pub fn percent_text(t: &I18n, pct: f64) -> String {
    let text = if pct.fract() == 0.0 {
        format!("{pct:.0}%")
    } else {
        format!("{pct:.1}%")
    };
    match t.lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

fn unit_rows(t: &I18n, board: &LiveBoard) -> Vec<UnitRow> {
    board
        .units
        .iter()
        .take(UNITS_SHOWN)
        .enumerate()
        .map(|(i, unit)| UnitRow {
            rank: i + 1,
            name: unit.name.clone(),
            rate: unit
                .participation_pct
                .map(|p| percent_text(t, p))
                .unwrap_or_default(),
            bar: unit
                .participation_pct
                .map_or(0, |p| (p * 10.0).clamp(0.0, 1000.0).round() as u32),
            registered: t.number(i64::from(unit.registered)),
            headcount: unit.headcount.map(|h| t.number(i64::from(h))),
        })
        .collect()
}

/// `GET /drives/{slug}/live` (`?lang=id|en` for a screen that keeps no cookie).
pub async fn show(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<LiveQuery>,
) -> Result<HttpResponse, AppError> {
    let mut ctx = PageCtx::new(&req);
    if let Some(lang) = query.lang.as_deref().and_then(Lang::from_code) {
        ctx.t = I18n::new(lang);
    }
    let slug = slug.into_inner();
    let loaded = with_conn(&pool, move |conn| {
        Ok(crate::store::live_board::load(conn, &slug)?)
    })
    .await?;
    let Some((drive, board)) = loaded else {
        return Err(AppError::NotFound);
    };
    // Drafts are invisible to the public until an organizer opens them.
    if drive.status == DriveStatus::Draft {
        return Err(AppError::NotFound);
    }
    let auto_refresh = query.refresh.as_deref() != Some("off");
    let lang = ctx.t.lang;
    let other_lang = match lang {
        Lang::Id => Lang::En,
        Lang::En => Lang::Id,
    };
    let tz: chrono_tz::Tz = drive.time_zone.parse().unwrap_or(chrono_tz::Asia::Makassar);
    let t = ctx.t;
    let page = LivePage {
        title: drive.title,
        date: t.long_date(drive.drive_date),
        venue: drive.venue,
        bags: t.number(i64::from(board.bags)),
        target: t.number(i64::from(board.target_bags)),
        percent: percent_text(&t, board.percent_of_target),
        bar: board.bar_permille(),
        progress_label: t.ta(
            "live-progress-label",
            &[
                ("bags", t.number(i64::from(board.bags))),
                ("target", t.number(i64::from(board.target_bags))),
            ],
        ),
        arrived: t.number(i64::from(board.arrived)),
        donated: t.number(i64::from(board.donated)),
        units: unit_rows(&t, &board),
        without_headcount: board
            .units
            .iter()
            .take(UNITS_SHOWN)
            .any(|u| u.participation_pct.is_none()),
        more_units: board.units.len().saturating_sub(UNITS_SHOWN),
        updated: format!(
            "{} {}",
            t.time(&Utc::now().with_timezone(&tz)),
            zone_abbreviation(&drive.time_zone)
        ),
        auto_refresh,
        other_lang_href: board_href(&drive.slug, other_lang, auto_refresh),
        toggle_refresh_href: board_href(&drive.slug, lang, !auto_refresh),
        ctx,
    };
    respond::html(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_in_each_language() {
        let id = I18n::new(Lang::Id);
        let en = I18n::new(Lang::En);
        assert_eq!(percent_text(&id, 45.0), "45%");
        assert_eq!(percent_text(&id, 33.3), "33,3%");
        assert_eq!(percent_text(&en, 33.3), "33.3%");
        assert_eq!(percent_text(&en, 0.0), "0%");
    }
}

//! What every station shows above its work: the three stations as tabs (the
//! current one marked, each with how many wait there) and the day's counts.

use crate::domain::stations::Station;
use crate::store::drives::Drive;
use crate::store::stations::StationCounts;
use crate::web::PageCtx;

use super::station_path;

/// One station's tab.
pub struct StationTab {
    pub href: String,
    pub label: String,
    pub waiting: i64,
    pub current: bool,
}

/// The tabs and the counts.
pub struct StationBar {
    pub tabs: Vec<StationTab>,
    pub walk_in_href: String,
    pub roster_href: String,
    pub counts: StationCounts,
    pub target: i32,
    /// Bags against target, 0–100 for the meter.
    pub bags_pct: i64,
}

impl StationBar {
    pub fn new(ctx: &PageCtx, drive: &Drive, here: Station, counts: StationCounts) -> Self {
        let tabs = Station::ALL
            .iter()
            .map(|s| StationTab {
                href: station_path(&drive.slug, *s),
                label: ctx.t.t(label_key(*s)),
                waiting: match s {
                    Station::Reception => counts.expected,
                    Station::Screening => counts.waiting_screening,
                    Station::Donation => counts.waiting_donation,
                },
                current: *s == here,
            })
            .collect();
        let target = drive.target_bags.max(0);
        StationBar {
            tabs,
            walk_in_href: format!("/pmi/drives/{}/walk-in", drive.slug),
            roster_href: format!("/pmi/drives/{}/roster", drive.slug),
            bags_pct: if target > 0 {
                (counts.bags * 100 / i64::from(target)).min(100)
            } else {
                0
            },
            target,
            counts,
        }
    }
}

/// The station's name as its table card says it.
pub fn label_key(station: Station) -> &'static str {
    match station {
        Station::Reception => "station-reception",
        Station::Screening => "station-screening",
        Station::Donation => "station-donation",
    }
}

//! A station's queue as the page lists it.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::stations::{Station, minutes_waited};
use crate::domain::vocab::RegistrationSource;
use crate::store::drives::Drive;
use crate::store::stations::QueueEntry;
use crate::web::PageCtx;
use crate::web::pmi::{clock, code_display};

use super::station_path;

/// One person waiting, as listed.
pub struct QueueRow {
    pub id: Uuid,
    pub name: String,
    pub unit: String,
    pub code: String,
    /// "12 mnt" waited, or at reception the slot's time.
    pub waited: String,
    /// "Dipanggil oleh Maria" when a colleague called them.
    pub called: Option<String>,
    /// Called by the person looking (the one on the form).
    pub mine: bool,
    pub walk_in: bool,
    /// Opens this person at the station.
    pub href: String,
}

pub fn queue_rows(
    ctx: &PageCtx,
    drive: &Drive,
    station: Station,
    entries: &[QueueEntry],
    me: Uuid,
    now: DateTime<Utc>,
) -> Vec<QueueRow> {
    entries
        .iter()
        .map(|e| {
            let waited = if station == Station::Reception {
                clock(ctx, drive, &e.since)
            } else {
                ctx.t.t1(
                    "station-minutes",
                    "minutes",
                    minutes_waited(e.since, now).to_string(),
                )
            };
            let href = match station {
                Station::Reception => {
                    format!("{}?code={}", station_path(&drive.slug, station), e.code)
                }
                _ => format!("{}?id={}", station_path(&drive.slug, station), e.id),
            };
            QueueRow {
                id: e.id,
                name: e.full_name.clone(),
                unit: e.unit_name.clone().unwrap_or_default(),
                code: code_display(&e.code),
                waited,
                called: e
                    .called_by_other(me, now)
                    .then(|| {
                        e.called_by_name
                            .as_ref()
                            .map(|n| ctx.t.t1("station-called-by", "name", n.clone()))
                    })
                    .flatten(),
                mine: e.called_by == Some(me),
                walk_in: e.source == RegistrationSource::WalkIn.as_str(),
                href,
            }
        })
        .collect()
}

//! The day as stations, each a page for its table: reception
//! (`/pmi/drives/{slug}/checkin`, in `pmi::checkin`), screening and the bed
//! (here). Every station shows its own queue, oldest first with the minutes
//! waited, and the day's live counts; saving returns to the station with the
//! next person called.
//!
//! The parts: `bar` (the station tabs and counts every station shows),
//! `queue` (a station's queue as rows), `screening` and `donation` (the two
//! stations that call people from a queue).

mod bar;
mod desk;
mod donation;
mod queue;
mod screening;

pub use bar::StationBar;
pub use desk::{Named, QUEUE_SHOWN, named, of_drive};
pub use donation::{donation_save, donation_station};
pub use queue::{QueueRow, queue_rows};
pub use screening::{screening_save, screening_station};

use uuid::Uuid;

use crate::domain::stations::Station;

/// The station's own page.
pub fn station_path(slug: &str, station: Station) -> String {
    match station {
        Station::Reception => format!("/pmi/drives/{slug}/checkin"),
        other => format!("/pmi/drives/{slug}/stations/{}", other.as_str()),
    }
}

/// Back to the station after saving `done`: the page names who was saved.
pub fn after_save(slug: &str, station: Station, done: Uuid) -> String {
    format!("{}?done={done}", station_path(slug, station))
}

/// What the page says about the person just saved (`?done=`), or about a
/// person picked who does not wait here; and a link to their full card.
pub fn done_notice(
    ctx: &crate::web::PageCtx,
    not_here: Option<&desk::Named>,
    done: Option<&desk::Named>,
    station: Station,
) -> (Option<crate::web::respond::Notice>, Option<String>) {
    use crate::domain::vocab::RegistrationStatus as S;
    use crate::web::respond::Notice;
    if let Some(gone) = not_here {
        let text = ctx
            .t
            .t1("station-not-waiting-here", "name", gone.name.clone());
        return (Some(Notice::new("warn", text)), None);
    }
    let Some(done) = done else {
        return (None, None);
    };
    let key = match (done.status, done.accepted) {
        (S::Deferred, _) => "station-done-deferred",
        (S::Donated, _) => "station-done-donated",
        (S::CheckedIn, true) => "station-done-accepted",
        (S::CheckedIn, false) if station == Station::Reception => "station-done-checked-in",
        _ => "station-done-saved",
    };
    let text = ctx.t.t1(key, "name", done.name.clone());
    (
        Some(Notice::ok(text)),
        Some(format!("/pmi/registrations/{}", done.id)),
    )
}

//! Who is at the desk of a station that calls people (screening, the bed):
//! the person the coordinator picked, or the next one called for them, with
//! the queue and the counts around them.

use chrono::Utc;
use uuid::Uuid;

use crate::db::PgPool;
use crate::domain::stations::{Station, waiting_at};
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::store::day_of::{self, Screening};
use crate::store::drives::Drive;
use crate::store::registrations::Registration;
use crate::store::roster::{self, RosterRow};
use crate::store::slots::Slot;
use crate::store::stations::{self, QueueEntry, StationCounts};
use crate::web::with_conn;

/// How many of a queue a page lists.
pub const QUEUE_SHOWN: i64 = 50;
/// How far down the queue the page looks for someone to call (everyone
/// above may be with a colleague).
const CALLABLE: i64 = 200;

/// Whom the page should put at the desk.
#[derive(Debug, Clone, Copy)]
pub enum Pick {
    /// The next person: the one already called for me, else the oldest
    /// nobody has called.
    Next,
    /// A name picked from the queue: called for me, whoever called it before.
    Chosen(Uuid),
    /// The person whose form is being answered again (a mistake on it).
    Keep(Uuid),
}

/// The person at the desk.
pub struct AtDesk {
    pub row: RosterRow,
    /// Their screenings so far, latest first.
    pub screenings: Vec<Screening>,
}

/// Someone just saved, or someone picked who does not wait here.
pub struct Named {
    pub id: Uuid,
    pub name: String,
    pub status: RegistrationStatus,
    /// Whether their latest screening accepted them.
    pub accepted: bool,
}

pub struct Desk {
    pub drive: Drive,
    pub slots: Vec<Slot>,
    pub counts: StationCounts,
    pub queue: Vec<QueueEntry>,
    pub at_desk: Option<AtDesk>,
    /// The person picked, when they do not wait at this station.
    pub not_here: Option<Named>,
    /// The person just saved (`?done=`).
    pub done: Option<Named>,
}

/// The registration `id` of this drive, or not found.
pub fn of_drive(
    conn: &mut diesel::PgConnection,
    drive: &Drive,
    id: Uuid,
) -> Result<Registration, AppError> {
    let reg = Registration::find(conn, id)?;
    if reg.drive_id != drive.id {
        return Err(AppError::NotFound);
    }
    Ok(reg)
}

pub fn named(conn: &mut diesel::PgConnection, reg: &Registration) -> Result<Named, AppError> {
    let facts = day_of::facts_of(conn, reg)?;
    let row = roster::row(conn, reg.id)?;
    Ok(Named {
        id: reg.id,
        name: row.full_name,
        status: reg.status,
        accepted: facts.accepted_screening,
    })
}

pub async fn load(
    pool: &actix_web::web::Data<PgPool>,
    slug: String,
    station: Station,
    me: Uuid,
    pick: Pick,
    done: Option<Uuid>,
) -> Result<Desk, AppError> {
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let now = Utc::now();
        let mut not_here = None;
        let picked = match pick {
            Pick::Next => None,
            Pick::Chosen(id) | Pick::Keep(id) => {
                let reg = of_drive(conn, &drive, id)?;
                let facts = day_of::facts_of(conn, &reg)?;
                if waiting_at(facts) == Some(station) {
                    if matches!(pick, Pick::Chosen(_)) {
                        stations::call(conn, id, station, me)?;
                    }
                    Some(id)
                } else {
                    not_here = Some(named(conn, &reg)?);
                    None
                }
            }
        };
        // One read of the queue serves the call and the list on the page.
        let mut waiting = stations::queue(conn, drive.id, station, now, CALLABLE)?;
        let current = match picked {
            Some(id) => {
                if let Some(entry) = waiting.iter_mut().find(|e| e.id == id) {
                    entry.called_by = Some(me);
                    entry.called_at = Some(now);
                }
                Some(id)
            }
            None => stations::call_next(conn, &mut waiting, station, me, now)?,
        };
        waiting.truncate(QUEUE_SHOWN as usize);
        let at_desk = match current {
            Some(id) => Some(AtDesk {
                row: roster::row(conn, id)?,
                screenings: day_of::screenings_for(conn, id)?
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect(),
            }),
            None => None,
        };
        let done = match done {
            Some(id) => match of_drive(conn, &drive, id) {
                Ok(reg) => Some(named(conn, &reg)?),
                Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        Ok(Desk {
            slots: Slot::for_drive(conn, drive.id)?,
            counts: stations::counts(conn, drive.id)?,
            queue: waiting,
            drive,
            at_desk,
            not_here,
            done,
        })
    })
    .await
}

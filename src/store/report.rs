//! What the drive's report reads: the drive, its counts, PMI's figures and the
//! name of the regional office (the letterhead when the drive names none).

use diesel::prelude::*;

use crate::db::schema::work_units;
use crate::domain::counts::DriveCounts;
use crate::domain::vocab::UnitKind;
use crate::store::counts::drive_counts;
use crate::store::drives::Drive;
use crate::store::pmi_figures::{self, SavedFigures};

pub struct ReportData {
    pub drive: Drive,
    pub counts: DriveCounts,
    pub pmi: Option<SavedFigures>,
    /// The regional office's unit (kind `kanwil`), if the unit list has one.
    pub regional_office: Option<String>,
}

/// Everything the report of drive `slug` shows.
pub fn load(conn: &mut PgConnection, slug: &str) -> QueryResult<ReportData> {
    let drive = Drive::find_by_slug(conn, slug)?;
    let counts = drive_counts(conn, &drive)?;
    let pmi = pmi_figures::find(conn, drive.id)?;
    let regional_office = work_units::table
        .filter(work_units::kind.eq(UnitKind::Kanwil.as_str()))
        .order((work_units::name.asc(), work_units::code.asc()))
        .select(work_units::name)
        .first::<String>(conn)
        .optional()?;
    Ok(ReportData {
        drive,
        counts,
        pmi,
        regional_office,
    })
}

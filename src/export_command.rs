//! `blood-drive export counts|roster --drive SLUG --format csv|xlsx --out FILE`:
//! the same files as the dashboard's downloads, for scripts and for offices
//! without a browser at hand. A roster (the donor list) is personal data and
//! its export is audited, as on the web.

use anyhow::Context;
use clap::{Args, ValueEnum};
use diesel::PgConnection;

use blood_drive::export::count_tables;
use blood_drive::export::files::{counts_csv, table_csv};
use blood_drive::export::roster::{DonorXlsx, donor_table};
use blood_drive::export::workbook::counts_xlsx;
use blood_drive::i18n::{I18n, Lang};
use blood_drive::store::audit::{self, Actor, AuditAction, AuditEntry};
use blood_drive::store::counts::drive_counts;
use blood_drive::store::donor_list::donor_list;
use blood_drive::store::drives::Drive;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum What {
    /// Anonymous counts: summary, blood groups, units, slots, ...
    Counts,
    /// The full donor list (personal data; audited).
    Roster,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    what: What,
    /// The drive's slug, as in its address.
    #[arg(long)]
    drive: String,
    #[arg(long, value_enum)]
    format: FileFormat,
    /// Where to write the file.
    #[arg(long)]
    out: std::path::PathBuf,
    /// Language of labels and headers: id (default) or en.
    #[arg(long, default_value = "id")]
    lang: String,
}

pub fn run(conn: &mut PgConnection, args: ExportArgs) -> anyhow::Result<()> {
    let lang = Lang::from_code(&args.lang)
        .with_context(|| format!("unknown language {:?}: use id or en", args.lang))?;
    let t = I18n::new(lang);
    let drive = Drive::find_by_slug(conn, &args.drive)
        .with_context(|| format!("no drive with the slug {:?}", args.drive))?;
    let body = match args.what {
        What::Counts => {
            let counts = drive_counts(conn, &drive)?;
            let tables = count_tables(&t, &drive, &counts);
            match args.format {
                FileFormat::Csv => counts_csv(&tables)?,
                FileFormat::Xlsx => counts_xlsx(&t, &drive, &tables, chrono::Utc::now())?,
            }
        }
        What::Roster => {
            let rows = donor_list(conn, drive.id)?;
            audit::record(
                conn,
                &AuditEntry {
                    actor: Actor::System,
                    action: AuditAction::ExportDonors,
                    entity_type: "drive",
                    entity_id: Some(drive.id),
                    drive_id: Some(drive.id),
                    details: serde_json::json!({
                        "format": format!("{:?}", args.format).to_lowercase(),
                        "rows": rows.len(),
                        "via": "cli",
                    }),
                    ip: None,
                },
            )?;
            match args.format {
                FileFormat::Csv => table_csv(&donor_table(&t, &drive, &rows))?,
                FileFormat::Xlsx => {
                    let mut xlsx = DonorXlsx::new(&t, &drive)?;
                    xlsx.append(&rows)?;
                    xlsx.finish()?
                }
            }
        }
    };
    std::fs::write(&args.out, body).with_context(|| format!("writing {}", args.out.display()))?;
    println!("wrote {}", args.out.display());
    Ok(())
}

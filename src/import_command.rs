//! `blood-drive import-staff FILE [--unit CODE]`: imports a staff list (CSV or
//! XLSX: NIP, name, unit code, email, phone). Every row is checked first; any
//! error is printed as row, column and why, and nothing is written.

use std::collections::HashSet;
use std::io::Read;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::Args;
use diesel::PgConnection;

use blood_drive::i18n::{I18n, Lang};
use blood_drive::import::{MAX_FILE_BYTES, check_rows, read_table};
use blood_drive::store::audit::Actor;
use blood_drive::store::staff_directory;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The staff list: .csv (UTF-8) or .xlsx, at most 5 MB.
    file: std::path::PathBuf,
    /// The file lists the staff of this unit only (no unit column needed);
    /// only this unit's entries are replaced.
    #[arg(long)]
    unit: Option<String>,
    /// Language of the messages: id (default) or en.
    #[arg(long, default_value = "id")]
    lang: String,
}

pub fn run(conn: &mut PgConnection, args: ImportArgs) -> anyhow::Result<()> {
    let t = I18n::new(Lang::from_code(&args.lang).unwrap_or_default());
    let started = std::time::Instant::now();
    // One byte past the limit is enough to refuse the file: a huge one is not read whole.
    let mut bytes = Vec::new();
    std::fs::File::open(&args.file)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", args.file.display()))?;
    let table = read_table(&bytes)
        .map_err(|e| anyhow::anyhow!(t.message(e.message_key(), &e.message_args())))?;
    let units = staff_directory::unit_ids(conn)?;
    let known: HashSet<String> = units.keys().cloned().collect();
    let unit = args.unit.as_deref().map(str::to_uppercase);
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Makassar)
        .date_naive();
    match check_rows(&table, &known, unit.as_deref(), today) {
        Ok(rows) => {
            let written = staff_directory::replace(conn, &rows, unit.as_deref(), Actor::System)?;
            println!(
                "{}",
                t.ta(
                    "import-done",
                    &[
                        ("count", written.to_string()),
                        ("ms", started.elapsed().as_millis().to_string()),
                    ]
                )
            );
            Ok(())
        }
        Err(errors) => {
            for e in errors.iter().take(200) {
                eprintln!(
                    "{}",
                    t.ta(
                        "import-row-error",
                        &[
                            ("row", e.row.to_string()),
                            ("column", e.column.clone()),
                            ("message", t.message(e.key, &e.args)),
                        ]
                    )
                );
            }
            bail!(t.t1("import-refused", "count", errors.len()))
        }
    }
}

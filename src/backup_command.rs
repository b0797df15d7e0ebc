//! `blood-drive backup --out FILE` and `blood-drive restore FILE [--force]`:
//! PostgreSQL's own `pg_dump` and `pg_restore` (custom format, compressed),
//! pointed at the database the app uses — `DATABASE_URL`, or the embedded
//! cluster (through its socket when `serve` runs, else started for the
//! command). A restore refuses a database that already holds tables unless
//! `--force` is given, restores in one transaction, then checks the data
//! invariants as `blood-drive check` does.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use clap::Args;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use blood_drive::db::embedded::find_bindir;

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write (custom format: compressed, restorable with `blood-drive restore`).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `blood-drive backup` (or `pg_dump --format=custom`).
    pub file: PathBuf,
    /// Restore over a database that already holds data: everything in it is
    /// dropped first. Stop `serve` before doing this.
    #[arg(long)]
    pub force: bool,
}

/// `pg_dump` / `pg_restore` of the same PostgreSQL as the embedded cluster,
/// else the ones on PATH.
fn tool(name: &str) -> PathBuf {
    find_bindir()
        .map(|dir| dir.join(name))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

fn run(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let out = command
        .output()
        .with_context(|| format!("running {what} (is PostgreSQL's client installed?)"))?;
    if !out.status.success() {
        bail!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(conn: &mut PgConnection, sql: &str) -> anyhow::Result<i64> {
    Ok(diesel::sql_query(sql).get_result::<Count>(conn)?.n)
}

/// Tables of the database's own (the `public` schema).
fn tables(conn: &mut PgConnection) -> anyhow::Result<i64> {
    count(
        conn,
        "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'",
    )
}

pub fn backup(url: &str, args: &BackupArgs) -> anyhow::Result<()> {
    if args.out.exists() && !args.force {
        bail!(
            "{} exists; choose another file or add --force to replace it",
            args.out.display()
        );
    }
    let mut conn = PgConnection::establish(url).context("connecting to the database")?;
    let registrations = count(&mut conn, "SELECT count(*) AS n FROM registrations")
        .context("this database holds no blood-drive data (no registrations table)")?;
    drop(conn);
    let partial = partial_path(&args.out);
    run(
        Command::new(tool("pg_dump"))
            .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
            .arg(&partial)
            .arg("--dbname")
            .arg(url),
        "pg_dump",
    )?;
    // Written whole or not at all: a half-written file never has the name asked for.
    std::fs::rename(&partial, &args.out)
        .with_context(|| format!("moving the backup to {}", args.out.display()))?;
    let bytes = std::fs::metadata(&args.out)?.len();
    println!(
        "Backup written: {} ({} bytes, {registrations} registrations)",
        args.out.display(),
        bytes
    );
    Ok(())
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    out.with_file_name(name)
}

pub fn restore(url: &str, args: &RestoreArgs) -> anyhow::Result<()> {
    if !args.file.is_file() {
        bail!("{} is not a file", args.file.display());
    }
    // The file must be a dump pg_restore can read, before anything is dropped.
    run(
        Command::new(tool("pg_restore"))
            .arg("--list")
            .arg(&args.file),
        "reading the backup (pg_restore --list)",
    )?;
    let mut conn = PgConnection::establish(url).context("connecting to the database")?;
    let existing = tables(&mut conn)?;
    if existing > 0 {
        if !args.force {
            bail!(
                "the database is not empty ({existing} tables); restoring would mix two \
                 databases. Restore into an empty database, or add --force to drop \
                 everything in it first (stop `serve` before)"
            );
        }
        conn.batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
            .context("emptying the database")?;
    }
    drop(conn);
    run(
        Command::new(tool("pg_restore"))
            .args([
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
            ])
            .arg(url)
            .arg(&args.file),
        "pg_restore",
    )?;
    let mut conn = PgConnection::establish(url).context("connecting to the database")?;
    let registrations = count(&mut conn, "SELECT count(*) AS n FROM registrations")?;
    let breaches = blood_drive::store::invariants::check_all(&mut conn)?;
    if !breaches.is_empty() {
        for b in &breaches {
            println!("  - {}: {}", b.invariant, b.detail);
        }
        bail!(
            "restored, but {} data invariant(s) are broken",
            breaches.len()
        );
    }
    println!(
        "Restored {} ({registrations} registrations); all invariants hold.",
        args.file.display()
    );
    Ok(())
}

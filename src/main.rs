//! The `blood-drive` command: a thin CLI over the library.

mod backup_command;
mod export_command;
mod import_command;
mod user_command;

use anyhow::Context;
use chrono::Utc;
use clap::{Parser, Subcommand};

use blood_drive::db::embedded::{self, EmbeddedError, EmbeddedOptions, EmbeddedPostgres};
use blood_drive::db::{self, PgPooled};
use blood_drive::domain::codes::SecretToken;
use blood_drive::store::staff::{self, StaffUser};
use blood_drive::{Application, Settings, seed, telemetry};

#[derive(Parser)]
#[command(
    name = "blood-drive",
    version,
    about = "Runs a workplace blood donation drive"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve {
        /// Seed the demo drive when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Seed the demo drive, its work units and two staff accounts (safe to repeat).
    SeedDemo,
    /// Verify the data invariants; exits non-zero with a report when one is broken.
    Check,
    /// Manage staff accounts: add, reset-password, disable, enable.
    User {
        #[command(subcommand)]
        command: user_command::UserCommand,
    },
    /// Export a drive's counts or its donor list (roster) as CSV or XLSX.
    Export(export_command::ExportArgs),
    /// Import a staff list (CSV or XLSX: NIP, name, unit code, email, phone), all or nothing.
    ImportStaff(import_command::ImportArgs),
    /// Write the whole database to one file (pg_dump, custom format).
    Backup(backup_command::BackupArgs),
    /// Restore a backup into the database (empty, or with --force).
    Restore(backup_command::RestoreArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    telemetry::init("info");
    let result = match Settings::from_env() {
        Err(e) => Err(e.into()),
        Ok(settings) => match cli.command.unwrap_or(Command::Serve { demo: false }) {
            Command::Serve { demo } => serve(settings, demo),
            Command::Migrate => with_database(&settings, |conn| {
                let applied = db::run_migrations(conn)?;
                println!("{} migration(s) applied", applied.len());
                Ok(())
            }),
            Command::Check => with_database(&settings, |conn| {
                let breaches = blood_drive::store::invariants::check_all(conn)?;
                if breaches.is_empty() {
                    println!("All invariants hold.");
                    return Ok(());
                }
                println!("{} invariant breach(es):", breaches.len());
                for b in &breaches {
                    println!("  - {}: {}", b.invariant, b.detail);
                }
                anyhow::bail!("data invariants broken")
            }),
            Command::SeedDemo => with_database(&settings, |conn| {
                db::run_migrations(conn)?;
                print_seed_report(&seed::seed_demo(conn, Utc::now())?);
                Ok(())
            }),
            Command::User { command } => with_database(&settings, |conn| {
                db::run_migrations(conn)?;
                user_command::run(conn, command)
            }),
            Command::Export(args) => with_database(&settings, |conn| {
                db::run_migrations(conn)?;
                export_command::run(conn, args)
            }),
            Command::ImportStaff(args) => with_database(&settings, |conn| {
                db::run_migrations(conn)?;
                import_command::run(conn, args)
            }),
            Command::Backup(args) => {
                with_database_url(&settings, |url| backup_command::backup(url, &args))
            }
            Command::Restore(args) => {
                with_database_url(&settings, |url| backup_command::restore(url, &args))
            }
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn serve(settings: Settings, demo: bool) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let app = Application::build(settings).await?;
        let pool = app.pool().clone();
        let public_url = app.public_url().to_owned();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut conn = pool.get()?;
            if demo && seed::database_is_empty(&mut conn)? {
                print_seed_report(&seed::seed_demo(&mut conn, Utc::now())?);
            }
            print_setup_link_if_needed(&mut conn, &public_url)?;
            Ok(())
        })
        .await??;
        println!(
            "blood-drive is serving at {}  (Ctrl-C to stop)",
            app.public_url()
        );
        app.run_until_stopped().await?;
        Ok(())
    })
}

/// With no staff account yet, prints a one-time link to create the first organizer.
fn print_setup_link_if_needed(conn: &mut PgPooled, public_url: &str) -> anyhow::Result<()> {
    if StaffUser::count(conn)? > 0 {
        return Ok(());
    }
    let (plain, hash) = SecretToken::generate().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    staff::create_setup_token(conn, &hash, Utc::now())?;
    println!();
    println!("No staff account exists yet. Create the first organizer account here");
    println!("(the link works once, for 24 hours; restart to get a new one):");
    println!();
    println!("    {public_url}/setup/{plain}");
    println!();
    Ok(())
}

fn print_seed_report(report: &seed::SeedReport) {
    if report.drive_created {
        println!(
            "Demo drive created: /drives/{} with {} slots",
            report.drive_slug, report.slots_created
        );
    } else {
        println!(
            "Demo drive /drives/{} already exists; left as it is",
            report.drive_slug
        );
    }
    if !report.accounts.is_empty() {
        println!();
        println!("Staff accounts created. Passwords are shown this once; write them down:");
        for account in &report.accounts {
            println!(
                "    {:<10} role {:<10} password {}",
                account.username,
                account.role.as_str(),
                account.password
            );
        }
        println!();
    }
}

/// Runs `work` on the configured database: DATABASE_URL, the embedded cluster of a
/// running `serve`, or a cluster started just for this command.
fn with_database(
    settings: &Settings,
    work: impl FnOnce(&mut diesel::PgConnection) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use diesel::Connection;
    with_database_url(settings, |url| {
        let mut conn =
            diesel::PgConnection::establish(url).context("connecting to the database")?;
        work(&mut conn)
    })
}

/// Runs `work` with the URL of the configured database (see [`with_database`]),
/// for commands that hand it to PostgreSQL's own tools.
fn with_database_url(
    settings: &Settings,
    work: impl FnOnce(&str) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(url) = &settings.database_url {
        return work(url);
    }
    match EmbeddedPostgres::start(&settings.data_dir, &EmbeddedOptions::default()) {
        Ok(mut cluster) => {
            cluster.ensure_database(db::EMBEDDED_DATABASE)?;
            let result = work(&cluster.database_url(db::EMBEDDED_DATABASE));
            cluster.stop()?;
            result
        }
        Err(EmbeddedError::AlreadyRunning(_)) => {
            let url = embedded::running_cluster_url(&settings.data_dir, db::EMBEDDED_DATABASE)
                .context("blood-drive is running but its database socket is missing")?;
            work(&url)
        }
        Err(e) => Err(e.into()),
    }
}

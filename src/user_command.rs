//! `blood-drive user ...`: staff accounts from the command line, for the first
//! organizer on a server without a browser, or a locked-out team.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use chrono::Utc;
use clap::Subcommand;
use diesel::PgConnection;

use blood_drive::auth::{accounts, password};
use blood_drive::domain::vocab::Role;
use blood_drive::store::audit::Actor;
use blood_drive::store::staff::{NewStaffUser, StaffUser};
use blood_drive::store::staff_accounts::{self, AccountError, ChangedBy};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a staff account; prints a generated password unless one comes on stdin.
    Add {
        /// Username: lowercase letters, digits, `.`, `_`, `-`.
        name: String,
        #[arg(long, value_parser = ["organizer", "pmi"])]
        role: String,
        /// Full name shown in the app (defaults to the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (ends the account's sessions); prints a generated one
    /// unless one comes on stdin.
    ResetPassword {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable an account and end its sessions.
    Disable { name: String },
    /// Enable a disabled account.
    Enable { name: String },
}

const BY_CLI: ChangedBy<'static> = ChangedBy {
    actor: Actor::System,
    ip: None,
};

/// The password to set: from stdin, or generated (and then printed).
fn choose_password(from_stdin: bool, username: &str) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((password::generate_password()?, true));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Password (one line):");
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if let Some(problem) = password::check_new_password(&password, username) {
        bail!(
            "the password is not acceptable ({problem}; at least {} characters, not the username)",
            password::MIN_LENGTH
        );
    }
    Ok((password, false))
}

fn find(conn: &mut PgConnection, name: &str) -> anyhow::Result<StaffUser> {
    match StaffUser::find_by_username(conn, name) {
        Ok(user) => Ok(user),
        Err(diesel::result::Error::NotFound) => bail!("no staff account named {name:?}"),
        Err(e) => Err(e.into()),
    }
}

fn explain(e: AccountError) -> anyhow::Error {
    match e {
        AccountError::Database(e) => e.into(),
        other => anyhow::anyhow!("{other}"),
    }
}

pub fn run(conn: &mut PgConnection, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            name,
            role,
            display_name,
            password_stdin,
        } => {
            let username = accounts::normalize_username(&name).with_context(|| {
                format!("{name:?} is not a valid username (2-40 of a-z 0-9 . _ -)")
            })?;
            let display_name =
                accounts::normalize_display_name(display_name.as_deref().unwrap_or(&username))
                    .context("the display name must have 1-120 characters")?;
            let role: Role = role.parse()?;
            let (plain, generated) = choose_password(password_stdin, &username)?;
            let hash = password::hash_password(&plain)?;
            let user = staff_accounts::create(
                conn,
                &NewStaffUser {
                    username: &username,
                    display_name: &display_name,
                    role: role.as_str(),
                    password_hash: &hash,
                },
                BY_CLI,
            )
            .map_err(|e| match e {
                AccountError::UsernameTaken => {
                    anyhow::anyhow!("the username {username:?} is taken")
                }
                other => explain(other),
            })?;
            println!("Added {} ({}).", user.username, role.as_str());
            if generated {
                println!("Password (shown once): {plain}");
            }
        }
        UserCommand::ResetPassword {
            name,
            password_stdin,
        } => {
            let user = find(conn, &name)?;
            let (plain, generated) = choose_password(password_stdin, &user.username)?;
            let hash = password::hash_password(&plain)?;
            staff_accounts::set_password(conn, user.id, &hash, BY_CLI, Utc::now())
                .map_err(explain)?;
            println!(
                "New password set for {}; its sessions have ended.",
                user.username
            );
            if generated {
                println!("Password (shown once): {plain}");
            }
        }
        UserCommand::Disable { name } => {
            let user = find(conn, &name)?;
            staff_accounts::set_active(conn, user.id, false, BY_CLI, Utc::now())
                .map_err(explain)?;
            println!("Disabled {}; its sessions have ended.", user.username);
        }
        UserCommand::Enable { name } => {
            let user = find(conn, &name)?;
            staff_accounts::set_active(conn, user.id, true, BY_CLI, Utc::now()).map_err(explain)?;
            println!("Enabled {}.", user.username);
        }
    }
    Ok(())
}

//! Before the server starts: its binaries, the user it runs as, the lock on
//! the data folder, no stray server on it, and the cluster made by `initdb`.

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::address::SUPERUSER;
use super::error::{EmbeddedError, io_err};

/// The folder of `postgres` and `initdb`: `pg_config --bindir` when it has them,
/// otherwise the newest /usr/lib/postgresql/*/bin.
pub fn find_bindir() -> Option<PathBuf> {
    let has_server = |dir: &Path| dir.join("postgres").is_file() && dir.join("initdb").is_file();
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_server(&dir) {
            return Some(dir);
        }
    }
    let mut candidates: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version: u32 = entry.file_name().to_string_lossy().parse().ok()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    candidates.sort();
    candidates.pop().map(|(_, dir)| dir)
}

pub(super) fn is_root() -> bool {
    // SAFETY: getuid has no preconditions and cannot fail.
    #[allow(unsafe_code)]
    unsafe {
        libc::getuid() == 0
    }
}

/// uid and gid of the `postgres` system user, read from /etc/passwd.
pub(super) fn postgres_user() -> Result<(u32, u32), EmbeddedError> {
    let passwd = fs::read_to_string("/etc/passwd").map_err(io_err("reading /etc/passwd"))?;
    passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|f| f.len() > 3 && f[0] == "postgres")
        .and_then(|f| Some((f[2].parse().ok()?, f[3].parse().ok()?)))
        .ok_or(EmbeddedError::NoPostgresUser)
}

/// Every folder above `dir` must let the postgres user pass through.
pub(super) fn check_reachable(dir: &Path, uid: u32) -> Result<(), EmbeddedError> {
    for ancestor in dir.ancestors() {
        let meta =
            fs::metadata(ancestor).map_err(io_err(format!("reading {}", ancestor.display())))?;
        let mode = meta.permissions().mode();
        let passable = mode & 0o001 != 0 || (meta.uid() == uid && mode & 0o100 != 0);
        if !passable {
            return Err(EmbeddedError::NotReachableByPostgres(dir.to_path_buf()));
        }
    }
    Ok(())
}

pub(super) fn acquire_lock(data_dir: &Path) -> Result<File, EmbeddedError> {
    let path = data_dir.join("blood-drive.lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_err(format!("opening {}", path.display())))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => {
            Err(EmbeddedError::AlreadyRunning(data_dir.to_path_buf()))
        }
        Err(fs::TryLockError::Error(e)) => Err(io_err(format!("locking {}", path.display()))(e)),
    }
}

/// A postmaster.pid naming a live process means a server we did not start is running.
pub(super) fn refuse_stray_server(pgdata: &Path) -> Result<(), EmbeddedError> {
    let Ok(contents) = fs::read_to_string(pgdata.join("postmaster.pid")) else {
        return Ok(());
    };
    let Some(pid) = contents
        .lines()
        .next()
        .and_then(|l| l.trim().parse::<i32>().ok())
    else {
        return Ok(());
    };
    if pid > 0 && process_alive(pid) && process_is_postgres(pid) {
        return Err(EmbeddedError::StrayServer {
            pid,
            dir: pgdata.to_path_buf(),
        });
    }
    Ok(())
}

fn process_alive(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only checks that the process exists.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn process_is_postgres(pid: i32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "postgres")
}

pub(super) fn init_cluster(
    bindir: &Path,
    pgdata: &Path,
    run_as: Option<(u32, u32)>,
    data_dir: &Path,
) -> Result<(), EmbeddedError> {
    // A half-made folder from an interrupted initdb would make initdb refuse.
    if pgdata.exists() {
        fs::remove_dir_all(pgdata).map_err(io_err(format!("clearing {}", pgdata.display())))?;
    }
    fs::create_dir_all(pgdata).map_err(io_err(format!("creating {}", pgdata.display())))?;
    fs::set_permissions(pgdata, fs::Permissions::from_mode(0o700))
        .map_err(io_err("setting permissions on pgdata"))?;
    if let Some((uid, gid)) = run_as {
        std::os::unix::fs::chown(pgdata, Some(uid), Some(gid))
            .map_err(io_err("giving pgdata to the postgres user"))?;
    }
    let mut cmd = Command::new(bindir.join("initdb"));
    cmd.arg("--pgdata")
        .arg(pgdata)
        .args([
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
        ])
        .args(["--locale", "C", "--no-instructions"])
        .current_dir(data_dir)
        .stdin(Stdio::null());
    if let Some((uid, gid)) = run_as {
        cmd.uid(uid).gid(gid);
    }
    let out = cmd.output().map_err(io_err("running initdb"))?;
    if !out.status.success() {
        return Err(EmbeddedError::Command {
            what: "initdb".into(),
            detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(())
}

//! The server process: started in its own process group as the right user,
//! told to stop should the app die, and watched by a supervisor thread that
//! reports its exit; signals to it and the tail of its log.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;

use super::address::SOCKET_PORT;
use super::error::{EmbeddedError, io_err};

/// Options for the embedded cluster.
#[derive(Clone, Debug, Default)]
pub struct EmbeddedOptions {
    /// Turn off fsync and friends: for throwaway test clusters only.
    pub unsafe_fast: bool,
}

/// Starts the server and its supervisor thread: the server's pid, and a channel
/// that receives when the server has exited.
pub(super) fn spawn_server(
    bindir: &Path,
    pgdata: &Path,
    run_as: Option<(u32, u32)>,
    log_path: &Path,
    options: &EmbeddedOptions,
) -> Result<(i32, mpsc::Receiver<()>), EmbeddedError> {
    let mut cmd = server_command(bindir, pgdata, log_path, options)?;
    if let Some((uid, gid)) = run_as {
        cmd.uid(uid).gid(gid);
    }
    stop_with_parent(&mut cmd);
    spawn_supervised(cmd)
}

/// `postgres` on the socket in `pgdata` only, its output appended to the log,
/// in its own process group.
fn server_command(
    bindir: &Path,
    pgdata: &Path,
    log_path: &Path,
    options: &EmbeddedOptions,
) -> Result<Command, EmbeddedError> {
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_path)
        .map_err(io_err(format!("opening {}", log_path.display())))?;
    let mut cmd = Command::new(bindir.join("postgres"));
    cmd.arg("-D")
        .arg(pgdata)
        .arg("-k")
        .arg(pgdata)
        .args(["-p", &SOCKET_PORT.to_string()])
        .args(["-c", "listen_addresses="])
        .args(["-c", "max_connections=200"])
        .args(["-c", "shared_buffers=128MB"]);
    if options.unsafe_fast {
        cmd.args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off"]);
    }
    let log_err = log
        .try_clone()
        .map_err(io_err("duplicating the log handle"))?;
    cmd.current_dir(pgdata.parent().unwrap_or(pgdata))
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .process_group(0);
    Ok(cmd)
}

/// Arms the child's death signal: the server gets SIGINT (fast shutdown) when
/// the thread that spawned it ends.
fn stop_with_parent(cmd: &mut Command) {
    let parent = std::process::id() as i32;
    // SAFETY: runs in the forked child before exec and only calls async-signal-safe
    // functions (prctl, getppid). It runs after the uid change, which would clear it.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(move || {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGINT as libc::c_ulong) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if libc::getppid() != parent {
                // We were orphaned before the death signal was armed.
                return Err(std::io::Error::other("parent exited"));
            }
            Ok(())
        });
    }
}

/// Spawns `cmd` on a dedicated thread that then waits for it (the death signal
/// is tied to that thread); returns the pid and the channel of its exit.
fn spawn_supervised(mut cmd: Command) -> Result<(i32, mpsc::Receiver<()>), EmbeddedError> {
    let (pid_tx, pid_rx) = mpsc::channel();
    let (exit_tx, exit_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("embedded-postgres".into())
        .spawn(move || match cmd.spawn() {
            Ok(mut child) => {
                let _ = pid_tx.send(Ok(child.id() as i32));
                let _ = child.wait();
                let _ = exit_tx.send(());
            }
            Err(e) => {
                let _ = pid_tx.send(Err(e));
            }
        })
        .map_err(io_err("starting the supervisor thread"))?;
    let pid = pid_rx
        .recv()
        .map_err(|_| EmbeddedError::Command {
            what: "starting PostgreSQL".into(),
            detail: "the supervisor thread ended".into(),
        })?
        .map_err(io_err("starting postgres"))?;
    Ok((pid, exit_rx))
}

pub(super) fn send_signal(pid: i32, signal: libc::c_int) {
    // SAFETY: plain kill(2) on the server we spawned; failure (already gone) is harmless.
    #[allow(unsafe_code)]
    unsafe {
        libc::kill(pid, signal);
    }
}

pub(super) fn log_tail(path: &Path) -> String {
    let Ok(mut file) = File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(2000)));
    let mut tail = String::new();
    let _ = file.read_to_string(&mut tail);
    tail.lines()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("\n")
}

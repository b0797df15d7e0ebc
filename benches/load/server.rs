//! The real release binary as a child process: start, stop, its memory, and a
//! signed-in staff browser for it.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_blood-drive");
pub const PASSWORD: &str = "bench-load-harness-password-2026";

pub struct Server {
    pub child: Child,
    pub url: String,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-INT")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

pub fn start_server(database_url: &str) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let child = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .env("SECRET_KEY", "bench-secret-key-0123456789abcdef0123456789")
        // The whole load comes from one address: the limits on strangers stay
        // on (their counting is part of every anonymous post's cost) but high
        // enough never to refuse the generator.
        .envs(
            [
                "LIMIT_POSTS_PER_MINUTE",
                "LIMIT_POSTS_PER_HOUR",
                "LIMIT_REGISTRATIONS_PER_MINUTE",
                "LIMIT_REGISTRATIONS_PER_HOUR",
                "WAITLIST_CAP",
            ]
            .map(|name| (name, "1000000")),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start blood-drive");
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Server { child, url }
}

/// A line of /proc/PID/status in MB (`VmHWM`: peak resident, `VmRSS`: now).
pub fn memory_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))
                .and_then(|l| {
                    l.split_whitespace()
                        .nth(1)
                        .and_then(|kb| kb.parse::<f64>().ok())
                })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// `blood-drive user add NAME --role ROLE --password-stdin`, as an operator would.
pub fn add_staff_user(database_url: &str, name: &str, role: &str) {
    let mut child = Command::new(BIN)
        .args(["user", "add", name, "--role", role, "--password-stdin"])
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("blood-drive user add");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .expect("password");
    assert!(child.wait().expect("user add").success(), "user add {name}");
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

/// A browser (cookie jar) signed in as `name` through the login form.
pub async fn signed_in(base: &str, name: &str, connections: usize) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(connections)
        .build()
        .expect("client");
    let html = client
        .get(format!("{base}/login"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("login html");
    let csrf = extract_csrf(&html).expect("csrf_token on the login form");
    let res = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("username", name),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(res.status().as_u16(), 303, "login of {name}");
    client
}

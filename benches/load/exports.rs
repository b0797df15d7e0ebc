//! The organizer's donor list as CSV and XLSX: time to the last byte and the
//! app's memory while it is made, each in a fresh app process. The peak is the
//! process's VmHWM, reset just before the download (`5` to /proc/PID/clear_refs)
//! so that the login's password hash (argon2id: 19 MiB) does not count.

use std::time::Instant;

use tokio::runtime::Runtime;

use crate::server::{memory_mb, signed_in, start_server};

pub struct ExportRun {
    pub file: String,
    pub rows: usize,
    pub status: u16,
    pub seconds: f64,
    pub bytes: usize,
    /// Newlines in the body (a CSV has rows + 1: the header).
    pub lines: usize,
    pub idle_mb: f64,
    pub peak_mb: f64,
}

impl ExportRun {
    pub fn line(&self) -> String {
        format!(
            "{} of {} registrations: HTTP {}, {:.2} s, {:.1} MB file{}; app RSS {:.1} MB before, peak {:.1} MB (+{:.1} MB)",
            self.file,
            self.rows,
            self.status,
            self.seconds,
            self.bytes as f64 / 1_048_576.0,
            if self.file.ends_with(".csv") {
                format!(", {} lines", self.lines)
            } else {
                String::new()
            },
            self.idle_mb,
            self.peak_mb,
            self.peak_mb - self.idle_mb
        )
    }

    /// A CSV must hold every row (plus its header).
    pub fn complete(&self) -> bool {
        self.status == 200 && (!self.file.ends_with(".csv") || self.lines == self.rows + 1)
    }
}

/// Downloads `/admin/drives/{slug}/exports/{file}` as organizer `user` from a
/// fresh app process, reading the body chunk by chunk (nothing kept).
pub fn measure(
    rt: &Runtime,
    database_url: &str,
    user: &str,
    slug: &str,
    file: &str,
    rows: usize,
) -> ExportRun {
    let server = start_server(database_url);
    let pid = server.pid();
    rt.block_on(async {
        let client = signed_in(&server.url, user, 1).await;
        let _ = client.get(format!("{}/healthz", server.url)).send().await;
        std::fs::write(format!("/proc/{pid}/clear_refs"), "5").expect("reset VmHWM");
        let idle_mb = memory_mb(pid, "VmRSS");
        let started = Instant::now();
        let mut res = client
            .get(format!("{}/admin/drives/{slug}/exports/{file}", server.url))
            .send()
            .await
            .expect("export request");
        let status = res.status().as_u16();
        let (mut bytes, mut lines) = (0, 0);
        while let Ok(Some(chunk)) = res.chunk().await {
            bytes += chunk.len();
            lines += chunk.iter().filter(|b| **b == b'\n').count();
        }
        let seconds = started.elapsed().as_secs_f64();
        ExportRun {
            file: file.to_owned(),
            rows,
            status,
            seconds,
            bytes,
            lines,
            idle_mb,
            peak_mb: memory_mb(pid, "VmHWM"),
        }
    })
}

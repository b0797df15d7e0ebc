//! Where the cluster listens (a Unix socket in its data folder) and the URLs
//! and quoted names that reach it.

use std::path::Path;

/// Socket "port": only names the socket file, so it can never collide with a TCP server.
pub(super) const SOCKET_PORT: u16 = 5432;
pub(super) const SUPERUSER: &str = "postgres";

/// The URL of a database on a cluster whose socket lives in `socket_dir`.
pub fn socket_url(socket_dir: &Path, database: &str) -> String {
    format!(
        "postgres://{SUPERUSER}@/{database}?host={}&port={SOCKET_PORT}",
        percent_encode(&socket_dir.to_string_lossy())
    )
}

/// When `serve` already runs on `data_dir`, other commands can use its cluster.
pub fn running_cluster_url(data_dir: &Path, database: &str) -> Option<String> {
    let pgdata = data_dir.canonicalize().ok()?.join("pgdata");
    let socket = pgdata.join(format!(".s.PGSQL.{SOCKET_PORT}"));
    socket.exists().then(|| socket_url(&pgdata, database))
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Quotes an identifier we generated ourselves (database names); never user input.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(super) fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_urls_escape_odd_paths() {
        let url = socket_url(Path::new("/tmp/a b/pgdata"), "blood_drive");
        assert_eq!(
            url,
            "postgres://postgres@/blood_drive?host=/tmp/a%20b/pgdata&port=5432"
        );
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("we\"ird"), "\"we\"\"ird\"");
        assert_eq!(quote_literal("o'clock"), "'o''clock'");
    }
}

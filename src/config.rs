//! Settings, read from the environment only (see `.env.example` for every variable).

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the application needs to know about its surroundings.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where the HTTP server listens (`BIND_ADDR`, default 127.0.0.1:8080; port 0 picks a free port).
    pub bind_addr: SocketAddr,
    /// An external PostgreSQL (`DATABASE_URL`); `None` runs the embedded cluster.
    pub database_url: Option<String>,
    /// Local state: embedded cluster, generated secret key (`DATA_DIR`, default ./var).
    pub data_dir: PathBuf,
    /// Key for CSRF tokens and other signatures (`SECRET_KEY`); generated into DATA_DIR when unset.
    pub secret_key: Option<String>,
    /// Mark cookies `Secure` (`COOKIE_SECURE`, default false; true behind HTTPS).
    pub cookie_secure: bool,
    /// The address people reach the app at, used in printed links (`PUBLIC_URL`,
    /// default http://BIND_ADDR).
    pub public_url: Option<String>,
    /// Connections in the pool (`DATABASE_POOL_SIZE`, default 2 x cores, at least 4).
    pub pool_size: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl Settings {
    /// Reads the process environment (after loading `.env` when present).
    pub fn from_env() -> Result<Self, SettingsError> {
        let _ = dotenvy::dotenv();
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let non_empty = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let bind_addr = non_empty("BIND_ADDR")
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
            .parse()
            .map_err(|e| SettingsError::Invalid {
                name: "BIND_ADDR",
                reason: format!("{e} (expected host:port, e.g. 127.0.0.1:8080)"),
            })?;
        let cookie_secure = match non_empty("COOKIE_SECURE").as_deref() {
            None => false,
            Some(v) => parse_bool(v).ok_or_else(|| SettingsError::Invalid {
                name: "COOKIE_SECURE",
                reason: format!("{v:?} (expected true or false)"),
            })?,
        };
        let pool_size = match non_empty("DATABASE_POOL_SIZE") {
            None => default_pool_size(),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=512).contains(n))
                .ok_or_else(|| SettingsError::Invalid {
                    name: "DATABASE_POOL_SIZE",
                    reason: format!("{v:?} (expected a number from 1 to 512)"),
                })?,
        };
        Ok(Settings {
            bind_addr,
            database_url: non_empty("DATABASE_URL"),
            data_dir: PathBuf::from(non_empty("DATA_DIR").unwrap_or_else(|| "./var".to_owned())),
            secret_key: non_empty("SECRET_KEY"),
            cookie_secure,
            public_url: non_empty("PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned()),
            pool_size,
        })
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// More connections than about twice the cores made p99 explode without adding
/// throughput on a 2-core machine (DESIGN.md, "Performance").
fn default_pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as u32;
    (cores * 2).max(4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_suit_a_laptop() {
        let s = settings(&[]).expect("defaults");
        assert_eq!(s.bind_addr.to_string(), "127.0.0.1:8080");
        assert!(s.database_url.is_none());
        assert_eq!(s.data_dir, PathBuf::from("./var"));
        assert!(!s.cookie_secure);
        assert!(s.pool_size >= 4);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = settings(&[("BIND_ADDR", "nowhere")]).unwrap_err();
        assert!(err.to_string().starts_with("BIND_ADDR"));
        let err = settings(&[("COOKIE_SECURE", "maybe")]).unwrap_err();
        assert!(err.to_string().starts_with("COOKIE_SECURE"));
    }

    #[test]
    fn empty_database_url_means_embedded() {
        let s = settings(&[("DATABASE_URL", "  ")]).expect("settings");
        assert!(s.database_url.is_none());
    }
}

//! Settings, read from the environment only (see `.env.example` for every variable).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use crate::auth::session::IdleTimeouts;
use crate::auth::stranger_limits::StrangerLimits;

/// The shortest `SECRET_KEY` accepted: 32 bytes, as many as the HMAC's output.
pub const MIN_SECRET_KEY_BYTES: usize = 32;

/// How far behind a read replica may be, by default, before reads go to the primary.
pub const DEFAULT_READ_MAX_LAG: std::time::Duration = std::time::Duration::from_secs(5);

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
    /// A streaming read replica of `DATABASE_URL` (`DATABASE_READ_URL`): the
    /// roster, the dashboard, the report and the exports read from it while it
    /// answers and keeps up; `None` sends every read to the primary.
    pub database_read_url: Option<String>,
    /// How far behind the replica may be before reads go back to the primary
    /// (`DATABASE_READ_MAX_LAG_SECONDS`, default 5, from 0 to 86400).
    pub read_max_lag: std::time::Duration,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`,
    /// addresses or networks separated by commas; default none).
    pub trusted_proxies: TrustedProxies,
    /// Whether routes run behind their access rules: always `On`, except in the
    /// test that proves the handlers refuse by themselves. No variable sets it.
    pub route_guards: RouteGuards,
    /// How many anonymous requests one address may make (`LIMIT_*`) and how
    /// long a drive's waitlist may grow (`WAITLIST_CAP`); see the README.
    pub stranger_limits: StrangerLimits,
    /// How long a session survives without a request, per role: organizers 30
    /// minutes, PMI coordinators `PMI_IDLE_MINUTES` (default 240, a drive day's
    /// lulls; from 5 to 720).
    pub idle_timeouts: IdleTimeouts,
}

/// Whether each route runs behind its access rule. `Off` exists only so the
/// access-matrix test can prove that every staff handler also refuses the
/// wrong person by itself (the role extractors in `web::access`); nothing in
/// the environment or on the command line turns the rules off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RouteGuards {
    #[default]
    On,
    Off,
}

/// Settings handlers read at run time (shared with every request).
#[derive(Clone, Debug)]
pub struct RuntimeSettings {
    pub cookie_secure: bool,
    pub public_url: String,
    pub trusted_proxies: TrustedProxies,
    pub route_guards: RouteGuards,
    pub stranger_limits: StrangerLimits,
    pub idle_timeouts: IdleTimeouts,
}

/// Addresses and networks (`10.0.0.0/8`, `::1`) of trusted reverse proxies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `10.0.0.1, 192.168.0.0/16, ::1`; `None` names the bad entry.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (addr, prefix) = match entry.split_once('/') {
                Some((addr, prefix)) => (addr, Some(prefix)),
                None => (entry, None),
            };
            let ip: IpAddr = addr.parse().map_err(|_| entry.to_owned())?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let prefix = match prefix {
                None => max,
                Some(p) => p
                    .parse::<u8>()
                    .ok()
                    .filter(|p| *p <= max)
                    .ok_or_else(|| entry.to_owned())?,
            };
            nets.push((ip, prefix));
        }
        Ok(TrustedProxies(nets))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|(net, prefix)| match (canonical(*net), ip) {
                (IpAddr::V4(net), IpAddr::V4(ip)) => {
                    let mask = u32::MAX.checked_shl(32 - u32::from(*prefix)).unwrap_or(0);
                    u32::from(net) & mask == u32::from(ip) & mask
                }
                (IpAddr::V6(net), IpAddr::V6(ip)) => {
                    let mask = u128::MAX.checked_shl(128 - u32::from(*prefix)).unwrap_or(0);
                    u128::from(net) & mask == u128::from(ip) & mask
                }
                _ => false,
            })
    }

    /// The client of a request that reached us from `peer` with these
    /// `X-Forwarded-For` entries (in header order): the rightmost address
    /// that is not a trusted proxy. Entries are believed only while every hop
    /// after them is trusted; one that is not an IP address ends the walk at
    /// the last trusted hop.
    pub fn client_of(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let mut client = canonical(peer);
        if !self.contains(client) {
            return client;
        }
        for entry in forwarded_for.iter().rev() {
            match parse_hop(entry) {
                Some(ip) => {
                    client = ip;
                    if !self.contains(ip) {
                        return ip;
                    }
                }
                None => return client,
            }
        }
        client
    }
}

/// `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`.
fn parse_hop(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .map(canonical)
}

/// IPv4 addresses seen through an IPv6 socket (`::ffff:1.2.3.4`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
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
            Some(v) => number("DATABASE_POOL_SIZE", &v, 1..=512)?,
        };
        let read_max_lag = match non_empty("DATABASE_READ_MAX_LAG_SECONDS") {
            None => DEFAULT_READ_MAX_LAG,
            Some(v) => std::time::Duration::from_secs(u64::from(number(
                "DATABASE_READ_MAX_LAG_SECONDS",
                &v,
                0..=86_400,
            )?)),
        };
        let secret_key = non_empty("SECRET_KEY");
        if let Some(key) = &secret_key
            && key.trim().len() < MIN_SECRET_KEY_BYTES
        {
            return Err(SettingsError::Invalid {
                name: "SECRET_KEY",
                reason: format!(
                    "it is {} bytes long; use at least {MIN_SECRET_KEY_BYTES} random bytes \
                     (for example the output of `openssl rand -hex 32`), or leave it unset \
                     to have one generated into DATA_DIR",
                    key.trim().len()
                ),
            });
        }
        let trusted_proxies = TrustedProxies::parse(
            &non_empty("TRUSTED_PROXIES").unwrap_or_default(),
        )
        .map_err(|entry| SettingsError::Invalid {
            name: "TRUSTED_PROXIES",
            reason: format!(
                "{entry:?} is not an IP address or network (expected e.g. 10.0.0.1, 10.0.0.0/8, ::1)"
            ),
        })?;
        Ok(Settings {
            bind_addr,
            database_url: non_empty("DATABASE_URL"),
            data_dir: PathBuf::from(non_empty("DATA_DIR").unwrap_or_else(|| "./var".to_owned())),
            secret_key: secret_key.map(|k| k.trim().to_owned()),
            cookie_secure,
            public_url: non_empty("PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned()),
            pool_size,
            database_read_url: non_empty("DATABASE_READ_URL").map(|u| u.trim().to_owned()),
            read_max_lag,
            trusted_proxies,
            route_guards: RouteGuards::On,
            stranger_limits: stranger_limits(&non_empty)?,
            idle_timeouts: idle_timeouts(&non_empty)?,
        })
    }
}

/// `LIMIT_*` and `WAITLIST_CAP`: each a whole number, the default when unset.
fn stranger_limits(
    non_empty: &impl Fn(&str) -> Option<String>,
) -> Result<StrangerLimits, SettingsError> {
    let mut limits = StrangerLimits::default();
    for (name, value) in [
        ("LIMIT_POSTS_PER_MINUTE", &mut limits.posts_per_minute),
        ("LIMIT_POSTS_PER_HOUR", &mut limits.posts_per_hour),
        (
            "LIMIT_REGISTRATIONS_PER_MINUTE",
            &mut limits.registrations_per_minute,
        ),
        (
            "LIMIT_REGISTRATIONS_PER_HOUR",
            &mut limits.registrations_per_hour,
        ),
        ("LIMIT_RECOVERIES_PER_HOUR", &mut limits.recoveries_per_hour),
        (
            "LIMIT_RECOVERIES_PER_PERSON_PER_DAY",
            &mut limits.recoveries_per_person_per_day,
        ),
        ("WAITLIST_CAP", &mut limits.waitlist_per_drive),
    ] {
        if let Some(v) = non_empty(name) {
            *value = number(name, &v, 0..=1_000_000)?;
        }
    }
    Ok(limits)
}

/// `PMI_IDLE_MINUTES`: a coordinator's idle timeout, 5 minutes to 12 hours.
fn idle_timeouts(
    non_empty: &impl Fn(&str) -> Option<String>,
) -> Result<IdleTimeouts, SettingsError> {
    let mut idle = IdleTimeouts::default();
    if let Some(v) = non_empty("PMI_IDLE_MINUTES") {
        let minutes = number("PMI_IDLE_MINUTES", &v, 5..=720)?;
        idle.pmi = chrono::Duration::minutes(i64::from(minutes));
    }
    Ok(idle)
}

/// A whole number within `range`, or a message naming the variable.
fn number(
    name: &'static str,
    v: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Result<u32, SettingsError> {
    v.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| SettingsError::Invalid {
            name,
            reason: format!(
                "{v:?} (expected a whole number from {} to {})",
                range.start(),
                range.end()
            ),
        })
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// More connections than about twice the cores made p99 explode without adding
/// throughput on a 2-core machine (see BENCHMARKS.md).
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
        let err = settings(&[("PMI_IDLE_MINUTES", "1")]).unwrap_err();
        assert!(err.to_string().starts_with("PMI_IDLE_MINUTES"), "{err}");
        let ok = settings(&[("PMI_IDLE_MINUTES", "600")]).expect("10 hours");
        assert_eq!(ok.idle_timeouts.pmi, chrono::Duration::hours(10));
    }

    #[test]
    fn a_read_replica_is_optional_and_its_lag_is_bounded() {
        let s = settings(&[]).expect("defaults");
        assert!(s.database_read_url.is_none());
        assert_eq!(s.read_max_lag, std::time::Duration::from_secs(5));
        let s = settings(&[
            (
                "DATABASE_READ_URL",
                " postgres://reader@replica/blood_drive ",
            ),
            ("DATABASE_READ_MAX_LAG_SECONDS", "0"),
        ])
        .expect("replica");
        assert_eq!(
            s.database_read_url.as_deref(),
            Some("postgres://reader@replica/blood_drive")
        );
        assert_eq!(s.read_max_lag, std::time::Duration::ZERO);
        for bad in ["-1", "five", "86401", "1.5"] {
            let err = settings(&[("DATABASE_READ_MAX_LAG_SECONDS", bad)]).unwrap_err();
            assert!(
                err.to_string().starts_with("DATABASE_READ_MAX_LAG_SECONDS"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn a_short_secret_key_stops_the_start() {
        let err = settings(&[("SECRET_KEY", "too-short-0123456789")]).unwrap_err();
        assert!(err.to_string().starts_with("SECRET_KEY"), "{err}");
        assert!(err.to_string().contains("32"), "{err}");
        let ok = settings(&[("SECRET_KEY", &"k".repeat(32))]).expect("32 bytes");
        assert_eq!(ok.secret_key.as_deref(), Some("k".repeat(32).as_str()));
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let s = settings(&[("TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16,::1")]).expect("ok");
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        assert!(s.trusted_proxies.contains(ip("10.0.0.1")));
        assert!(!s.trusted_proxies.contains(ip("10.0.0.2")));
        assert!(s.trusted_proxies.contains(ip("192.168.44.5")));
        assert!(s.trusted_proxies.contains(ip("::1")));
        assert!(s.trusted_proxies.contains(ip("::ffff:10.0.0.1")));
        assert!(settings(&[]).expect("ok").trusted_proxies == TrustedProxies::default());
        for bad in ["10.0.0.300", "10.0.0.0/33", "proxy.local", "::1/129"] {
            let err = settings(&[("TRUSTED_PROXIES", bad)]).unwrap_err();
            assert!(
                err.to_string().starts_with("TRUSTED_PROXIES"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").expect("ok");
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        // Straight from the internet: the header is whatever the sender wrote.
        assert_eq!(
            proxies.client_of(ip("203.0.113.9"), &["1.1.1.1"]),
            ip("203.0.113.9")
        );
        // Through our proxy: the hop before it, not what the client claimed.
        assert_eq!(
            proxies.client_of(ip("10.0.0.5"), &["1.1.1.1", "198.51.100.7"]),
            ip("198.51.100.7")
        );
        // Through two of our proxies.
        assert_eq!(
            proxies.client_of(ip("10.0.0.5"), &["198.51.100.7", "10.0.0.6"]),
            ip("198.51.100.7")
        );
        // Garbage ends the walk at the last hop we trust.
        assert_eq!(
            proxies.client_of(ip("10.0.0.5"), &["198.51.100.7", "not-an-ip"]),
            ip("10.0.0.5")
        );
        assert_eq!(
            proxies.client_of(ip("10.0.0.5"), &["[2001:db8::1]:443"]),
            ip("2001:db8::1")
        );
        // No proxies configured: the header is never believed.
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_of(ip("127.0.0.1"), &["1.1.1.1"]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn empty_database_url_means_embedded() {
        let s = settings(&[("DATABASE_URL", "  ")]).expect("settings");
        assert!(s.database_url.is_none());
    }
}

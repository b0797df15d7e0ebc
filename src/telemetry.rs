//! Logging with tracing: RUST_LOG filters, output to stderr.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (as in tests) are ignored.
pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
}

/// What never reaches a log line in clear.
const REDACTED: &str = "[redacted]";

/// Query parameters whose values are secrets or personal data: a registration
/// code typed at check-in, a roster search (names, NIP/NIK), a page to return
/// to (which may carry either), any token.
const SECRET_PARAMS: [&str; 5] = ["code", "q", "next", "token", "csrf_token"];

/// A request's path and query as the log may show it: the secret link of a
/// donor (`/r/{token}`), a setup link, anything shaped like one of our tokens,
/// and the values of `SECRET_PARAMS` are replaced by `[redacted]`. Segments are
/// compared after percent-decoding, so `/%72/{token}` is caught too.
pub fn redact_target(path_and_query: &str) -> String {
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };
    let mut out = String::with_capacity(path_and_query.len());
    let mut after_secret_prefix = false;
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let decoded: String = form_urlencoded::parse(format!("s={segment}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let looks_like_token =
            decoded.len() == 32 && decoded.bytes().all(|b| b.is_ascii_hexdigit());
        if (after_secret_prefix && !segment.is_empty()) || looks_like_token {
            out.push_str(REDACTED);
            after_secret_prefix = false;
            continue;
        }
        out.push_str(segment);
        let lower = decoded.to_ascii_lowercase();
        after_secret_prefix = i == 1 && (lower == "r" || lower == "setup");
    }
    if let Some(query) = query {
        out.push('?');
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| {
                let key = pair.split_once('=').map_or(pair, |(k, _)| k);
                let decoded_key: String = form_urlencoded::parse(key.as_bytes())
                    .next()
                    .map(|(k, _)| k.to_ascii_lowercase())
                    .unwrap_or_default();
                if SECRET_PARAMS.contains(&decoded_key.as_str()) && pair.contains('=') {
                    format!("{key}={REDACTED}")
                } else {
                    pair.to_owned()
                }
            })
            .collect();
        out.push_str(&pairs.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact_target;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn donor_and_setup_links_lose_their_tokens() {
        for (path, want) in [
            (format!("/r/{TOKEN}"), "/r/[redacted]"),
            (format!("/r/{TOKEN}/cancel"), "/r/[redacted]/cancel"),
            (format!("/%72/{TOKEN}"), "/%72/[redacted]"),
            (
                "/r/not-a-token-but-still-secret".to_owned(),
                "/r/[redacted]",
            ),
            (format!("/setup/{TOKEN}"), "/setup/[redacted]"),
            (format!("/x/{TOKEN}"), "/x/[redacted]"),
        ] {
            assert_eq!(redact_target(&path), want, "{path}");
        }
    }

    #[test]
    fn codes_searches_and_return_paths_lose_their_values() {
        assert_eq!(
            redact_target("/pmi/drives/x/checkin?code=ABCD-1234&lang=id"),
            "/pmi/drives/x/checkin?code=[redacted]&lang=id"
        );
        assert_eq!(
            redact_target("/pmi/drives/x/roster?slot=a&q=Yohanes+Bria&Q=x&%71=y"),
            "/pmi/drives/x/roster?slot=a&q=[redacted]&Q=[redacted]&%71=[redacted]"
        );
        assert_eq!(
            redact_target("/login?next=%2Fr%2Fsecret"),
            "/login?next=[redacted]"
        );
    }

    #[test]
    fn ordinary_addresses_stay_readable() {
        for path in [
            "/",
            "/admin/users",
            "/pmi/registrations/6f1c2b1e-2f9a-4d55-9c43-1d2e3f4a5b6c",
            "/drives/hbi-77-2027/register?step=2",
        ] {
            assert_eq!(redact_target(path), path);
        }
    }
}

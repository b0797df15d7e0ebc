//! CSRF protection for every state-changing request outside the JSON API.
//!
//! Each browser gets a random cookie; forms carry `csrf_token`, an HMAC of that
//! cookie under the server's secret key. Every route's wrapper checks every POST
//! before its handler runs (`verify`), so a forgotten check in a handler cannot
//! open a hole. The token may also come in the `X-CSRF-Token` header; multipart
//! uploads (whose bodies we do not buffer here) must come from this site's own
//! pages, as `Origin` / `Sec-Fetch-Site` say.

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{HttpMessage, HttpRequest};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::sync::{Arc, OnceLock};

use crate::error::{AppError, ErrorKind, ErrorPageMarker};

/// Largest form body the check will read (registration forms are a few kB).
const MAX_FORM_BYTES: usize = 256 * 1024;

#[derive(Clone)]
pub struct CsrfConfig {
    key: Vec<u8>,
    secure: bool,
}

impl CsrfConfig {
    pub fn new(secret_key: &str, secure: bool) -> Self {
        CsrfConfig {
            key: secret_key.as_bytes().to_vec(),
            secure,
        }
    }

    /// `__Host-` keeps a sibling subdomain from planting its own cookie; browsers only
    /// accept that prefix on Secure cookies.
    pub fn cookie_name(&self) -> &'static str {
        if self.secure { "__Host-csrf" } else { "csrf" }
    }

    pub fn token_for(&self, cookie_value: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC accepts any key length");
        mac.update(b"csrf:");
        mac.update(cookie_value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn verify(&self, cookie_value: &str, token: &str) -> bool {
        let Ok(given) = hex::decode(token.trim()) else {
            return false;
        };
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC accepts any key length");
        mac.update(b"csrf:");
        mac.update(cookie_value.as_bytes());
        mac.verify_slice(&given).is_ok()
    }
}

/// The CSRF token of this request's forms. It is made the first time a page
/// shows it: a page without a form (the public drive page, the lobby board)
/// neither computes the HMAC nor hands out a cookie, and a browser that has no
/// cookie yet gets one with the first page that carries a form.
#[derive(Clone, Default)]
pub struct CsrfToken(Option<Arc<LazyToken>>);

struct LazyToken {
    config: Data<CsrfConfig>,
    /// The browser's cookie as this request carried it, when well-formed.
    existing: Option<String>,
    /// A cookie value made for this response, when the browser had none.
    minted: OnceLock<String>,
    token: OnceLock<String>,
}

impl CsrfToken {
    /// The token, making the browser's cookie first if it has none; `None`
    /// only when the system gives no randomness.
    pub fn value(&self) -> Option<&str> {
        let lazy = self.0.as_deref()?;
        if let Some(token) = lazy.token.get() {
            return Some(token);
        }
        let cookie = match &lazy.existing {
            Some(existing) => existing.as_str(),
            None => match lazy.minted.get() {
                Some(minted) => minted.as_str(),
                None => {
                    let fresh = new_cookie_value()?;
                    lazy.minted.get_or_init(|| fresh).as_str()
                }
            },
        };
        Some(lazy.token.get_or_init(|| lazy.config.token_for(cookie)))
    }

    /// The cookie this request carried, when it carried a well-formed one.
    fn carried(&self) -> Option<&str> {
        self.0.as_deref()?.existing.as_deref()
    }

    /// The cookie value made while answering, which the response must set.
    fn minted(&self) -> Option<&str> {
        self.0.as_deref()?.minted.get().map(String::as_str)
    }
}

/// Templates write `{{ ctx.csrf }}`; failing to make a token fails the page.
impl std::fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value() {
            Some(token) => f.write_str(token),
            None if self.0.is_none() => Ok(()),
            None => Err(std::fmt::Error),
        }
    }
}

impl std::fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfToken(..)")
    }
}

fn new_cookie_value() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(hex::encode(bytes))
}

fn is_exempt(path: &str) -> bool {
    // The JSON API authenticates with tokens or is public and JSON-only (a cross-site
    // form cannot send application/json without a CORS preflight, which we never allow).
    path.starts_with("/api/")
}

/// Reads the form field `csrf_token` out of an urlencoded body.
fn token_in_form(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(k, _)| k == "csrf_token")
        .map(|(_, v)| v.into_owned())
}

/// Every request: puts the (lazily made) token its forms carry into the
/// request (`CsrfToken`) and, when a page made a new cookie for a browser that
/// had none, sets it on the response. Whether a request must carry the token
/// is decided per route, by `verify`.
pub async fn csrf_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let Some(config) = req.app_data::<Data<CsrfConfig>>().cloned() else {
        return Err(AppError::Internal(anyhow::anyhow!("CSRF config missing")).into());
    };
    let existing = req
        .cookie(config.cookie_name())
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 64);
    let cookie_name = config.cookie_name();
    let secure = config.secure;
    let token = CsrfToken(Some(Arc::new(LazyToken {
        config,
        existing,
        minted: OnceLock::new(),
        token: OnceLock::new(),
    })));
    req.extensions_mut().insert(token.clone());
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(value) = token.minted() {
        let cookie = Cookie::build(cookie_name, value.to_owned())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut()
            .add_cookie(&cookie)
            .map_err(actix_web::Error::from)?;
    }
    Ok(res)
}

/// The check of every state-changing route outside the JSON API, run by the
/// route's wrapper (so a method no route serves is a 405, not a CSRF refusal).
/// Forms carry `csrf_token` (or the `X-CSRF-Token` header); multipart uploads,
/// whose bodies are not buffered here, must come from this site's own pages
/// (`Origin` or `Sec-Fetch-Site`), and never carry the token in the address.
pub async fn verify(
    mut req: ServiceRequest,
) -> Result<ServiceRequest, ServiceResponse<actix_web::body::BoxBody>> {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !unsafe_method || is_exempt(req.path()) {
        return Ok(req);
    }
    let config = req.app_data::<Data<CsrfConfig>>().cloned();
    // A browser that brought no cookie cannot hold a valid token: it is refused.
    let carried = req
        .extensions()
        .get::<CsrfToken>()
        .and_then(|t| t.carried().map(str::to_owned));
    let (Some(config), Some(carried)) = (config, carried) else {
        return Err(refuse(req, ErrorKind::Forbidden));
    };
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("multipart/form-data") {
        if from_this_site(req.request()) {
            return Ok(req);
        }
        tracing::info!(path = %crate::telemetry::redact_target(req.path()), "refused an upload from another site");
        return Err(refuse(req, ErrorKind::Forbidden));
    }
    let mut token = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if token.is_none() && content_type.starts_with("application/x-www-form-urlencoded") {
        let body = match req.extract::<Bytes>().await {
            Ok(body) if body.len() <= MAX_FORM_BYTES => body,
            _ => return Err(refuse(req, ErrorKind::PayloadTooLarge)),
        };
        token = token_in_form(&body);
        req.set_payload(bytes_payload(body));
    }
    let valid = token.is_some_and(|t| config.verify(&carried, &t));
    if !valid {
        tracing::info!(
            path = %crate::telemetry::redact_target(req.path()),
            "refused a request without a valid CSRF token"
        );
        return Err(refuse(req, ErrorKind::Forbidden));
    }
    Ok(req)
}

/// Whether a browser says this request comes from one of this site's own
/// pages: `Sec-Fetch-Site: same-origin`, else an `Origin` naming this host.
/// A request that says neither (not a browser, or a very old one) is not.
pub fn from_this_site(req: &HttpRequest) -> bool {
    if let Some(site) = req.headers().get("sec-fetch-site") {
        return site.as_bytes() == b"same-origin";
    }
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        Some(origin) => origin_is_here(req, origin),
        None => false,
    }
}

/// Whether a browser says this request was started by another site:
/// `Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin` of another
/// host. Typed addresses, bookmarks and programs say neither, and pass.
pub fn from_another_site(req: &HttpRequest) -> bool {
    if let Some(site) = req.headers().get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        Some(origin) => !origin_is_here(req, origin),
        None => false,
    }
}

fn origin_is_here(req: &HttpRequest, origin: &str) -> bool {
    let host = origin
        .split_once("://")
        .map_or("", |(_, rest)| rest)
        .trim_end_matches('/');
    let ours = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let public = req
        .app_data::<Data<crate::config::RuntimeSettings>>()
        .map(|s| s.public_url.trim_end_matches('/').to_owned())
        .unwrap_or_default();
    (!host.is_empty() && host.eq_ignore_ascii_case(ours))
        || (!public.is_empty() && origin.trim_end_matches('/').eq_ignore_ascii_case(&public))
}

/// A download that writes an audit line (a donor list, the roster) refuses
/// requests another site started: a page elsewhere cannot make a signed-in
/// organizer's browser fetch the list and fill the audit log.
#[derive(Clone, Copy, Debug)]
pub struct NotCrossSite;

impl actix_web::FromRequest for NotCrossSite {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(if from_another_site(req) {
            tracing::info!(
                path = %crate::telemetry::redact_target(req.path()),
                "refused a download started by another site"
            );
            Err(AppError::Forbidden)
        } else {
            Ok(NotCrossSite)
        })
    }
}

fn refuse(req: ServiceRequest, kind: ErrorKind) -> ServiceResponse<actix_web::body::BoxBody> {
    let mut response = actix_web::HttpResponse::build(kind.status()).finish();
    response.extensions_mut().insert(ErrorPageMarker(kind));
    response.extensions_mut().insert(CsrfFailure);
    req.into_response(response)
}

/// Marks a refusal by the CSRF check, so the error page can explain it.
#[derive(Clone, Copy, Debug)]
pub struct CsrfFailure;

fn bytes_payload(body: Bytes) -> actix_web::dev::Payload {
    actix_web::dev::Payload::from(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_cookie_and_key() {
        let config = CsrfConfig::new("secret", false);
        let token = config.token_for("cookie-a");
        assert!(config.verify("cookie-a", &token));
        assert!(!config.verify("cookie-b", &token));
        assert!(!CsrfConfig::new("other", false).verify("cookie-a", &token));
        assert!(!config.verify("cookie-a", "not hex"));
    }

    #[test]
    fn form_field_is_found() {
        assert_eq!(
            token_in_form(b"a=1&csrf_token=abc%20d").as_deref(),
            Some("abc d")
        );
        assert_eq!(token_in_form(b"a=1"), None);
    }
}

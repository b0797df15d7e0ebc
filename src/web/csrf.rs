//! CSRF protection for every state-changing request outside the JSON API.
//!
//! Each browser gets a random cookie; forms carry `csrf_token`, an HMAC of that
//! cookie under the server's secret key. One middleware checks every POST before
//! any handler runs, so a forgotten check in a handler cannot open a hole. The
//! token may also come in the `X-CSRF-Token` header, or in the query string for
//! multipart uploads (whose bodies we do not buffer here).

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

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

/// The token for the current browser, put into request extensions by the middleware.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

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

pub async fn csrf_middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let Some(config) = req.app_data::<Data<CsrfConfig>>().cloned() else {
        return Err(AppError::Internal(anyhow::anyhow!("CSRF config missing")).into());
    };
    let existing = req
        .cookie(config.cookie_name())
        .map(|c| c.value().to_owned());
    let (cookie_value, fresh) = match existing {
        Some(v) if v.len() == 64 => (v, false),
        _ => match new_cookie_value() {
            Some(v) => (v, true),
            None => return Err(AppError::Internal(anyhow::anyhow!("no randomness")).into()),
        },
    };
    req.extensions_mut()
        .insert(CsrfToken(config.token_for(&cookie_value)));

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !is_exempt(req.path()) {
        let mut token = req
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or_else(|| token_in_form(req.query_string().as_bytes()));
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if token.is_none() && is_form {
            let body = match req.extract::<Bytes>().await {
                Ok(body) if body.len() <= MAX_FORM_BYTES => body,
                _ => return Ok(refuse(req, ErrorKind::PayloadTooLarge)),
            };
            token = token_in_form(&body);
            req.set_payload(bytes_payload(body));
        }
        let valid = !fresh && token.is_some_and(|t| config.verify(&cookie_value, &t));
        if !valid {
            tracing::info!(
                path = req.path(),
                "refused a request without a valid CSRF token"
            );
            return Ok(refuse(req, ErrorKind::Forbidden));
        }
    }

    let mut res = next.call(req).await?.map_into_boxed_body();
    if fresh {
        let cookie = Cookie::build(config.cookie_name(), cookie_value)
            .path("/")
            .http_only(true)
            .secure(config.secure)
            .same_site(SameSite::Lax)
            .finish();
        res.response_mut()
            .add_cookie(&cookie)
            .map_err(actix_web::Error::from)?;
    }
    Ok(res)
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

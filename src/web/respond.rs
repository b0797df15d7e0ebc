//! How a handler answers: a rendered page with its status, a redirect after a
//! change, and the notice shown at the top of a page. One way for every page.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use askama::Template;

use crate::error::AppError;

/// A message at the top of a page, after a change or about a refusal.
pub struct Notice {
    /// `ok`, `bad`, `info` or `warn` (the `notice--*` classes).
    pub kind: &'static str,
    pub text: String,
}

impl Notice {
    pub fn new(kind: &'static str, text: String) -> Self {
        Notice { kind, text }
    }

    pub fn ok(text: String) -> Self {
        Notice::new("ok", text)
    }

    pub fn bad(text: String) -> Self {
        Notice::new("bad", text)
    }
}

/// Renders a page with a status (forms sent back with their mistakes are 4xx).
pub fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// 303 to `location` (a path of this site): the answer to a successful post.
pub fn see_other(location: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.into()))
        .finish()
}

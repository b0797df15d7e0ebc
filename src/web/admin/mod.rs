//! The organizers' area (`/admin/*`): staff accounts, API tokens, the audit log,
//! drive dashboards and exports.

pub mod api_tokens;
pub mod audit;
pub mod charts;
pub mod dashboard;
pub mod donors;
pub mod drive_form;
pub mod drives;
pub mod exports;
pub mod invitations;
pub mod slots;
pub mod staff_import;
pub mod units;
pub mod users;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::error::AppError;

/// A message at the top of an admin page after a change.
pub struct Notice {
    /// `ok`, `bad`, `info` or `warn` (the `notice--*` classes).
    pub kind: &'static str,
    pub text: String,
}

impl Notice {
    pub fn ok(text: String) -> Self {
        Notice { kind: "ok", text }
    }

    pub fn bad(text: String) -> Self {
        Notice { kind: "bad", text }
    }
}

/// Renders a page with a status (forms re-rendered with their errors are 4xx).
pub fn html(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

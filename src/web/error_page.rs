//! Friendly error pages in the person's language (JSON under /api), for errors
//! raised by handlers, refused by middleware, or produced by actix itself
//! (unknown route, malformed form, wrong method).

use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use askama::Template;

use crate::error::{ErrorKind, ErrorPageMarker};
use crate::web::PageCtx;
use crate::web::csrf::CsrfFailure;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    ctx: PageCtx,
    status: u16,
    title: String,
    message: String,
}

pub fn render_error<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let status = res.status();
    let marker = res
        .response()
        .extensions()
        .get::<ErrorPageMarker>()
        .copied();
    let csrf_failure = res.response().extensions().get::<CsrfFailure>().is_some();
    let has_content_type = res.headers().contains_key(header::CONTENT_TYPE);
    // Responses that already carry their own body (a form re-rendered with its
    // errors, a JSON error) are left alone.
    if marker.is_none() && has_content_type {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let kind = marker.map_or_else(|| ErrorKind::from_status(status), |m| m.0);
    let (req, original) = res.into_parts();
    let mut response = if req.path().starts_with("/api/") {
        // The API's one error shape (`ErrorBody`): a stable code and a message.
        let code = kind.api_code();
        let t = crate::i18n::I18n::new(crate::i18n::Lang::for_request(&req));
        let message = t.t(&crate::web::api::error::message_key(code));
        HttpResponse::build(status).json(serde_json::json!({
            "error": code,
            "message": message,
        }))
    } else {
        let ctx = PageCtx::new(&req);
        let key = if csrf_failure {
            "error-csrf"
        } else {
            kind.message_key()
        };
        let page = ErrorTemplate {
            title: ctx.t.t(&format!("{key}-title")),
            message: ctx.t.t(&format!("{key}-message")),
            status: status.as_u16(),
            ctx,
        };
        match page.render() {
            Ok(html) => HttpResponse::build(status)
                .content_type("text/html; charset=utf-8")
                .body(html),
            Err(e) => {
                tracing::error!(error = %e, "rendering the error page failed");
                HttpResponse::build(status)
                    .content_type("text/plain; charset=utf-8")
                    .body(status.to_string())
            }
        }
    };
    // Keep headers set earlier (security headers, cookies, Retry-After).
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let res = ServiceResponse::new(req, response.map_into_boxed_body());
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}

//! The OpenAPI document of the JSON API, generated from the handlers'
//! `#[utoipa::path]` attributes and the response types; served at
//! `GET /api/openapi.json`. A test holds it to the route table.

use actix_web::HttpResponse;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "blood-drive API",
        version = "1",
        description = "Open blood drives, their slots, the eligibility self-check and \
                       self-service registration. Messages follow Accept-Language \
                       (`id` by default, `en`)."
    ),
    paths(
        openapi_json,
        super::drives::list,
        super::drives::detail,
        super::drives::slots,
        super::eligibility::check,
        super::registrations::create,
    ),
    tags(
        (name = "drives", description = "Open drives and their slots"),
        (name = "eligibility", description = "The self-check, without registering"),
        (name = "registrations", description = "Self-service registration"),
        (name = "meta", description = "This document"),
    )
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}

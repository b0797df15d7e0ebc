//! The access guard: enforces the rule recorded in the route table for the
//! route a request matches, before any handler runs.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Data;

use crate::error::{ErrorKind, ErrorPageMarker};
use crate::web::routes::{Access, RouteTable};

pub async fn access_guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let access = match (req.app_data::<Data<RouteTable>>(), req.match_pattern()) {
        (Some(table), Some(pattern)) => table.access_for(req.method(), &pattern),
        // No matching route: the default service answers 404.
        _ => Some(Access::Public),
    };
    match access {
        Some(Access::Public) => Ok(next.call(req).await?.map_into_boxed_body()),
        // Deny by default: staff areas need a signed-in user of the right role.
        Some(_) | None => Ok(refuse(req, ErrorKind::Unauthorized)),
    }
}

fn refuse(req: ServiceRequest, kind: ErrorKind) -> ServiceResponse<actix_web::body::BoxBody> {
    let mut response = actix_web::HttpResponse::build(kind.status()).finish();
    response.extensions_mut().insert(ErrorPageMarker(kind));
    req.into_response(response)
}

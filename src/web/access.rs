//! The access guard: enforces the rule recorded in the route table for the
//! route a request matches, before any handler runs.
//!
//! A session cookie, when present, is looked up on every request (so public
//! pages can show who is signed in); the signed-in staff member goes into the
//! request extensions as `CurrentStaff`. Staff areas then need the right role;
//! `StaffOrToken` routes also accept `Authorization: Bearer <api token>`.
//! Anonymous visitors of a staff page are sent to `/login?next=...` (GET), get
//! 401 JSON under `/api/`, and 401 otherwise; the wrong role gets 403.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{HttpMessage, HttpResponse};
use chrono::Utc;

use crate::auth::session::{self, ApiClient, CurrentStaff};
use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::domain::vocab::Role;
use crate::error::{AppError, ErrorKind, ErrorPageMarker};
use crate::startup::RuntimeSettings;
use crate::store::api_tokens::ApiToken;
use crate::store::sessions::StaffSession;
use crate::web::auth::removal_cookie;
use crate::web::routes::{Access, RouteTable};
use crate::web::with_conn;

pub async fn access_guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let access = match (req.app_data::<Data<RouteTable>>(), req.match_pattern()) {
        (Some(table), Some(pattern)) => table.access_for(req.method(), &pattern),
        // No matching route: the default service answers 404.
        _ => Some(Access::Public),
    };
    let secure = req
        .app_data::<Data<RuntimeSettings>>()
        .is_some_and(|s| s.cookie_secure);
    let pool = req.app_data::<Data<PgPool>>().cloned();
    let cookie = req
        .cookie(session::cookie_name(secure))
        .map(|c| c.value().to_owned());

    let staff = match (&cookie, &pool) {
        (Some(token), Some(pool)) if SecretToken::looks_valid(token) => {
            match signed_in_staff(pool, token).await {
                Ok(staff) => staff,
                // Public pages still work while sessions cannot be read.
                Err(e) if access == Some(Access::Public) => {
                    tracing::warn!(error = %e, "session lookup failed");
                    None
                }
                Err(e) => return Err(e.into()),
            }
        }
        _ => None,
    };
    let stale_cookie = cookie.is_some() && staff.is_none();
    if let Some(staff) = &staff {
        req.extensions_mut().insert(staff.clone());
    }

    let verdict = match access {
        Some(Access::Public) => Verdict::Allow,
        Some(Access::Pmi) => staff_verdict(staff.as_ref(), &[Role::Pmi, Role::Organizer]),
        Some(Access::Organizer) => staff_verdict(staff.as_ref(), &[Role::Organizer]),
        Some(Access::StaffOrToken) => match &staff {
            Some(_) => Verdict::Allow,
            None => match (bearer_token(&req), &pool) {
                (Some(token), Some(pool)) => match api_client(pool, &token).await? {
                    Some(client) => {
                        req.extensions_mut().insert(client);
                        Verdict::Allow
                    }
                    None => Verdict::SignIn,
                },
                _ => Verdict::SignIn,
            },
        },
        // Deny by default: a route missing from the table is nobody's.
        None => Verdict::SignIn,
    };

    let mut response = match verdict {
        Verdict::Allow => next.call(req).await?.map_into_boxed_body(),
        Verdict::Forbidden => refuse(req, ErrorKind::Forbidden),
        Verdict::SignIn => sign_in_first(req),
    };
    if stale_cookie {
        response
            .response_mut()
            .add_cookie(&removal_cookie(secure))
            .map_err(actix_web::Error::from)?;
    }
    Ok(response)
}

enum Verdict {
    Allow,
    SignIn,
    Forbidden,
}

fn staff_verdict(staff: Option<&CurrentStaff>, roles: &[Role]) -> Verdict {
    match staff {
        None => Verdict::SignIn,
        Some(s) if roles.contains(&s.role) => Verdict::Allow,
        Some(_) => Verdict::Forbidden,
    }
}

async fn signed_in_staff(
    pool: &Data<PgPool>,
    token: &str,
) -> Result<Option<CurrentStaff>, AppError> {
    let hash = SecretToken::hash(token);
    with_conn(pool, move |conn| {
        Ok(
            StaffSession::find_live(conn, &hash, Utc::now())?.map(|(s, user)| CurrentStaff {
                id: user.id,
                session_id: s.id,
                username: user.username,
                display_name: user.display_name,
                role: user.role,
            }),
        )
    })
    .await
}

fn bearer_token(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && SecretToken::looks_valid(token))
        .then(|| token.to_owned())
}

async fn api_client(pool: &Data<PgPool>, token: &str) -> Result<Option<ApiClient>, AppError> {
    let hash = SecretToken::hash(token);
    with_conn(pool, move |conn| {
        Ok(ApiToken::find_live(conn, &hash, Utc::now())?.map(|t| ApiClient { token_id: t.id }))
    })
    .await
}

/// Pages send people to the login form and back; the API and form posts get 401.
fn sign_in_first(req: ServiceRequest) -> ServiceResponse<actix_web::body::BoxBody> {
    let is_page = matches!(*req.method(), Method::GET | Method::HEAD);
    if !is_page || req.path().starts_with("/api/") {
        return refuse(req, ErrorKind::Unauthorized);
    }
    let here = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_owned(), |pq| pq.as_str().to_owned());
    let mut location = String::from("/login?next=");
    location.extend(form_urlencoded::byte_serialize(here.as_bytes()));
    let response = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish();
    req.into_response(response)
}

fn refuse(req: ServiceRequest, kind: ErrorKind) -> ServiceResponse<actix_web::body::BoxBody> {
    let mut response = actix_web::HttpResponse::build(kind.status()).finish();
    response.extensions_mut().insert(ErrorPageMarker(kind));
    req.into_response(response)
}

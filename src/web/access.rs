//! Who may use a route, in two walls.
//!
//! `identify` runs on every request: a session cookie, when present, is looked
//! up (so public pages can show who is signed in) and the signed-in staff
//! member goes into the request extensions as `CurrentStaff`. `enforce` wraps
//! each route with that route's rule, after routing, so the rule applied is the
//! one of the handler that answers, however the path was spelled. And every
//! staff handler takes `Pmi` or `Organizer` as an argument, which refuses the
//! wrong person again should a route ever lose its rule. Staff areas need the
//! right role;
//! `StaffOrToken` routes also accept `Authorization: Bearer <api token>`.
//! Anonymous visitors of a staff page are sent to `/login?next=...` (GET), get
//! 401 JSON under `/api/`, and 401 otherwise; the wrong role gets 403.
//! Anonymous posts on public routes count against the limits on strangers
//! (`auth::stranger_limits`) before their handler runs.

use std::future::{Ready, ready};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use chrono::Utc;

use crate::auth::session::{self, ApiClient, CurrentStaff, IdleTimeouts};
use crate::auth::stranger_limits::{PostToCount, Scope};
use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::domain::vocab::Role;
use crate::error::{AppError, ErrorKind, ErrorPageMarker};
use crate::store::api_tokens::ApiToken;
use crate::store::sessions::StaffSession;
use crate::store::stranger_limits::{self, Charge};
use crate::web::auth::{client_ip, removal_cookie};
use crate::web::with_conn;

/// Who may use a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// Anyone (donor pages check their secret link themselves).
    Public,
    /// A PMI coordinator or an organizer, signed in.
    Pmi,
    /// An organizer, signed in.
    Organizer,
    /// A signed-in staff member, or an API token made by an organizer.
    StaffOrToken,
}

/// The session could not be read (the database is away): public pages still
/// work, staff routes answer 503.
#[derive(Clone, Copy, Debug)]
struct SessionUnknown;

/// Every request: who is signed in, for every page (the header shows it) and
/// for the rules of each route. Decides nothing about access.
pub async fn identify(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let secure = req
        .app_data::<Data<RuntimeSettings>>()
        .is_some_and(|s| s.cookie_secure);
    let idle = req
        .app_data::<Data<RuntimeSettings>>()
        .map(|s| s.idle_timeouts)
        .unwrap_or_default();
    let pool = req.app_data::<Data<PgPool>>().cloned();
    let cookie = req
        .cookie(session::cookie_name(secure))
        .map(|c| c.value().to_owned());
    let mut stale_cookie = cookie.is_some();
    if let (Some(token), Some(pool)) = (&cookie, &pool)
        && SecretToken::looks_valid(token)
    {
        match signed_in_staff(pool, token, idle).await {
            Ok(Some(staff)) => {
                req.extensions_mut().insert(staff);
                stale_cookie = false;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "session lookup failed");
                req.extensions_mut().insert(SessionUnknown);
                stale_cookie = false;
            }
        }
    }
    let mut response = next.call(req).await?.map_into_boxed_body();
    if stale_cookie {
        response
            .response_mut()
            .add_cookie(&removal_cookie(secure))
            .map_err(actix_web::Error::from)?;
    }
    Ok(response)
}

/// A route's rule: who may use it, and who counts an anonymous post on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub access: Access,
    /// The handler counts anonymous posts itself (`OwnPostCount`).
    pub counts_own_posts: bool,
}

/// The rule of one route, run after routing on the route that will answer
/// (see `routes::configure`), so no spelling of a path can reach a handler
/// under another route's rule.
pub async fn enforce(
    rule: Rule,
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let access = rule.access;
    if req
        .app_data::<Data<RuntimeSettings>>()
        .is_some_and(|s| s.route_guards == crate::config::RouteGuards::Off)
    {
        return checked_for_csrf(req, next).await;
    }
    // Refusals are answered here (not returned as errors), so the error-page
    // middleware renders them in the person's language.
    if access != Access::Public && req.extensions().get::<SessionUnknown>().is_some() {
        return Ok(req.error_response(AppError::Unavailable(
            "staff session could not be read".into(),
        )));
    }
    let staff = req.extensions().get::<CurrentStaff>().cloned();
    let verdict = match access {
        Access::Public => Verdict::Allow,
        Access::Pmi => staff_verdict(staff.as_ref(), &[Role::Pmi, Role::Organizer]),
        Access::Organizer => staff_verdict(staff.as_ref(), &[Role::Organizer]),
        Access::StaffOrToken => match &staff {
            Some(_) => Verdict::Allow,
            None => match (bearer_token(&req), req.app_data::<Data<PgPool>>().cloned()) {
                (Some(token), Some(pool)) => match api_client(&pool, &token).await {
                    Ok(Some(client)) => {
                        req.extensions_mut().insert(client);
                        Verdict::Allow
                    }
                    Ok(None) => Verdict::SignIn,
                    Err(e) => return Ok(req.error_response(e)),
                },
                _ => Verdict::SignIn,
            },
        },
    };
    let mut left_to_the_handler = None;
    if access == Access::Public
        && staff.is_none()
        && req.method() == Method::POST
        && let Some(post) = StrangerPost::of(&req)
    {
        if rule.counts_own_posts {
            req.extensions_mut().insert(post.clone());
            left_to_the_handler = Some(post);
        } else if let Err(refused) = post.count_alone().await {
            return Ok(req.error_response(refused));
        }
    }
    let response = match verdict {
        Verdict::Allow => checked_for_csrf(req, next).await?,
        Verdict::Forbidden => refuse(req, ErrorKind::Forbidden),
        Verdict::SignIn => sign_in_first(req),
    };
    // A post its handler never took up (a body refused unread, a CSRF
    // refusal) is counted all the same, after its answer.
    if let Some(post) = left_to_the_handler
        && !post.taken.load(Ordering::Acquire)
        && let Err(e) = post.count_alone().await
        && !matches!(e, AppError::Throttled { .. })
    {
        tracing::warn!(error = %e, "an anonymous post could not be counted");
    }
    Ok(response)
}

/// An anonymous post to count against the limits on strangers (per address,
/// in PostgreSQL; over a limit it is a 429 with `Retry-After`).
#[derive(Clone)]
struct StrangerPost {
    pool: Data<PgPool>,
    client: String,
    limits: Vec<crate::auth::stranger_limits::Limit>,
    /// Whether the handler counted it (`OwnPostCount::count`).
    taken: Arc<AtomicBool>,
}

impl StrangerPost {
    /// The post to count, unless no limit applies (or the app has no database).
    fn of(req: &ServiceRequest) -> Option<StrangerPost> {
        let settings = req.app_data::<Data<RuntimeSettings>>()?;
        let pool = req.app_data::<Data<PgPool>>()?.clone();
        let limits = settings.stranger_limits.for_scope(Scope::Post);
        if limits.is_empty() {
            return None;
        }
        Some(StrangerPost {
            pool,
            client: client_ip(req.request()).unwrap_or_default(),
            limits,
            taken: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Counts the post in a database trip of its own, before the handler runs.
    async fn count_alone(&self) -> Result<(), AppError> {
        let (client, limits) = (self.client.clone(), self.limits.clone());
        let charge = with_conn(&self.pool, move |conn| {
            Ok(stranger_limits::charge(
                conn,
                Scope::Post,
                &client,
                &limits,
                Utc::now(),
            )?)
        })
        .await?;
        refused_when_over(charge)
    }
}

fn refused_when_over(charge: Charge) -> Result<(), AppError> {
    match charge {
        Charge::Go => Ok(()),
        Charge::Wait(wait) => {
            tracing::info!("anonymous posts over the limit");
            Err(AppError::Throttled {
                retry_after_secs: wait.num_seconds(),
            })
        }
    }
}

/// The handler's side of `Routes::post_counting_itself`: an anonymous post,
/// handed over to be counted in the handler's own database trip
/// (`hand_over`). Staff posts, and posts no limit applies to, count nothing.
#[derive(Debug, Default)]
pub struct OwnPostCount {
    post: Option<(
        String,
        Vec<crate::auth::stranger_limits::Limit>,
        Arc<AtomicBool>,
    )>,
}

impl OwnPostCount {
    /// The post, for a use case that counts it together with its own count
    /// (`registration::submit`), which must count it on every path.
    pub fn hand_over(&self) -> Option<PostToCount> {
        let (client, limits, taken) = self.post.as_ref()?;
        taken.store(true, Ordering::Release);
        Some(PostToCount {
            client: client.clone(),
            limits: limits.clone(),
        })
    }
}

impl FromRequest for OwnPostCount {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let post = req
            .extensions()
            .get::<StrangerPost>()
            .map(|post| (post.client.clone(), post.limits.clone(), post.taken.clone()));
        ready(Ok(OwnPostCount { post }))
    }
}

/// State-changing requests carry the CSRF token (see `csrf::verify`).
async fn checked_for_csrf(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    match crate::web::csrf::verify(req).await {
        Ok(req) => next.call(req).await,
        Err(refused) => Ok(refused),
    }
}

/// A PMI coordinator or an organizer, signed in: the argument every handler
/// of a PMI route takes, so it refuses anyone else even without its rule.
#[derive(Clone, Debug)]
pub struct Pmi(pub CurrentStaff);

/// An organizer, signed in: the argument every handler of an organizer route takes.
#[derive(Clone, Debug)]
pub struct Organizer(pub CurrentStaff);

fn staff_with_role(req: &HttpRequest, roles: &[Role]) -> Result<CurrentStaff, AppError> {
    match req.extensions().get::<CurrentStaff>() {
        None => Err(AppError::Unauthorized),
        Some(staff) if roles.contains(&staff.role) => Ok(staff.clone()),
        Some(_) => Err(AppError::Forbidden),
    }
}

impl FromRequest for Pmi {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(staff_with_role(req, &[Role::Pmi, Role::Organizer]).map(Pmi))
    }
}

impl FromRequest for Organizer {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(staff_with_role(req, &[Role::Organizer]).map(Organizer))
    }
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
    idle: IdleTimeouts,
) -> Result<Option<CurrentStaff>, AppError> {
    let hash = SecretToken::hash(token);
    with_conn(pool, move |conn| {
        Ok(
            StaffSession::find_live(conn, &hash, Utc::now(), &idle)?.map(|(s, user)| {
                CurrentStaff {
                    id: user.id,
                    session_id: s.id,
                    username: user.username,
                    display_name: user.display_name,
                    role: user.role,
                }
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

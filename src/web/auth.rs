//! `/login` and `/logout`: staff sign in with a username and password and get a
//! session cookie holding a random token (stored hashed); failures are throttled
//! per username and per address in PostgreSQL, so the limit holds across
//! instances. Passwords are never logged, stored in the audit log, or echoed.

use std::future::{Ready, ready};
use std::sync::OnceLock;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::auth::password;
use crate::auth::session::{self, CurrentStaff};
use crate::auth::throttle;
use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::error::AppError;
use crate::store::login_attempts::{self, Gate};
use crate::store::sign_in::{self, Failure, NewSession};
use crate::store::staff::StaffUser;
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

/// Handlers of staff pages take `CurrentStaff` as an argument; the access guard
/// has already refused anyone without a session, so a miss here is a 401.
impl FromRequest for CurrentStaff {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<CurrentStaff>()
                .cloned()
                .ok_or(AppError::Unauthorized),
        )
    }
}

/// The address a request came from, the one used everywhere: login
/// throttling, audit lines, registrations, exports and the request log.
///
/// `X-Forwarded-For` is believed only from the proxies in `TRUSTED_PROXIES`
/// (none by default), and then only up to the rightmost address that is not
/// one of them: anyone else could write any address there and dodge the
/// per-address limits.
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let peer = req.peer_addr()?.ip();
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let client = match req.app_data::<web::Data<RuntimeSettings>>() {
        Some(settings) => settings.trusted_proxies.client_of(peer, &forwarded),
        None => peer,
    };
    Some(client.to_string())
}

/// Whether cookies are marked Secure (`COOKIE_SECURE`).
pub fn cookie_secure(req: &HttpRequest) -> bool {
    req.app_data::<web::Data<RuntimeSettings>>()
        .is_some_and(|s| s.cookie_secure)
}

fn session_cookie(secure: bool, value: String) -> Cookie<'static> {
    Cookie::build(session::cookie_name(secure), value)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::seconds(
            session::ABSOLUTE_TIMEOUT.num_seconds(),
        ))
        .finish()
}

/// A cookie that tells the browser to forget the session.
pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie(secure, String::new());
    cookie.make_removal();
    cookie
}

/// A hash no password matches, verified when the username is unknown so that
/// answering takes as long as for a real account.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let random = password::generate_password().unwrap_or_else(|_| "unused".repeat(4));
        password::hash_password(&random).unwrap_or_default()
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    pub next: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

/// What went wrong with a sign-in, as shown above the form.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginProblem {
    None,
    MissingFields { username: bool, password: bool },
    WrongCredentials,
    Throttled { minutes: i64 },
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageCtx,
    username: String,
    next: String,
    problem: LoginProblem,
}

impl LoginPage {
    fn username_missing(&self) -> bool {
        matches!(
            self.problem,
            LoginProblem::MissingFields { username: true, .. }
        )
    }

    fn password_missing(&self) -> bool {
        matches!(
            self.problem,
            LoginProblem::MissingFields { password: true, .. }
        )
    }

    fn wrong_credentials(&self) -> bool {
        self.problem == LoginProblem::WrongCredentials
    }

    fn throttled_minutes(&self) -> Option<i64> {
        match self.problem {
            LoginProblem::Throttled { minutes } => Some(minutes),
            _ => None,
        }
    }
}

/// `GET /login[?next=/path]`: the form (or straight on, when already signed in).
pub async fn login_form(
    req: HttpRequest,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let next = session::local_next(&query.next);
    if let Some(me) = req.extensions().get::<CurrentStaff>() {
        return Ok(respond::see_other(next.as_deref().unwrap_or(me.home())));
    }
    respond::html(
        StatusCode::OK,
        &LoginPage {
            ctx: PageCtx::new(&req),
            username: String::new(),
            next: next.unwrap_or_default(),
            problem: LoginProblem::None,
        },
    )
}

/// `POST /login`: checks the throttle, then the password; on success starts a
/// new session (ending the one this browser had) and goes to `next` or home.
pub async fn login_submit(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let LoginForm {
        username,
        password,
        next,
    } = form.into_inner();
    let mut page = LoginPage {
        ctx: PageCtx::new(&req),
        username: username.trim().chars().take(100).collect(),
        next: session::local_next(&next).unwrap_or_default(),
        problem: LoginProblem::None,
    };
    if page.username.is_empty() || password.is_empty() {
        page.problem = LoginProblem::MissingFields {
            username: page.username.is_empty(),
            password: password.is_empty(),
        };
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let attempt = Attempt {
        ip: client_ip(&req),
        key: login_attempts::username_key(&page.username),
        id: 0,
    };
    let attempt = match admit(&pool, attempt).await? {
        Ok(attempt) => attempt,
        Err(wait) => return throttled(page, wait),
    };
    match check_credentials(&pool, &page.username, password).await? {
        Ok(user) => start_session(&req, &pool, &user, attempt, &page.next).await,
        Err((why, account)) => {
            record_failure(&pool, why, account, attempt.ip).await?;
            page.problem = LoginProblem::WrongCredentials;
            respond::html(StatusCode::UNAUTHORIZED, &page)
        }
    }
}

/// One sign-in attempt as the throttle knows it.
struct Attempt {
    ip: Option<String>,
    key: Vec<u8>,
    /// The row written for it (0 until it is written).
    id: i64,
}

/// Writes the attempt down before the password is checked (parallel guesses
/// count), then waits out any slow-down; or says how long to wait.
async fn admit(
    pool: &web::Data<PgPool>,
    mut attempt: Attempt,
) -> Result<Result<Attempt, chrono::Duration>, AppError> {
    let (key, ip) = (attempt.key.clone(), attempt.ip.clone());
    let gate = with_conn(pool, move |conn| {
        Ok(login_attempts::begin_attempt(
            conn,
            &key,
            ip.as_deref(),
            Utc::now(),
        )?)
    })
    .await?;
    match gate {
        Gate::Go { id, slow_down } => {
            if !slow_down.is_zero() {
                tokio::time::sleep(slow_down).await;
            }
            attempt.id = id;
            Ok(Ok(attempt))
        }
        Gate::Wait(wait) => {
            tracing::info!(ip = attempt.ip.as_deref(), "login throttled");
            Ok(Err(wait))
        }
    }
}

/// The login page saying how long to wait, as a 429 with `Retry-After`.
fn throttled(mut page: LoginPage, wait: chrono::Duration) -> Result<HttpResponse, AppError> {
    page.problem = LoginProblem::Throttled {
        minutes: throttle::minutes_to_wait(wait),
    };
    let mut response = respond::html(StatusCode::TOO_MANY_REQUESTS, &page)?;
    response.headers_mut().insert(
        header::RETRY_AFTER,
        header::HeaderValue::from(wait.num_seconds().max(1)),
    );
    Ok(response)
}

/// A failed sign-in: why, and the account it named (if any).
type Refusal = (Failure, Option<(uuid::Uuid, String)>);

/// The active account whose password this is, or why not. The password is
/// verified even for unknown or disabled accounts, so timing does not tell
/// them apart.
async fn check_credentials(
    pool: &web::Data<PgPool>,
    username: &str,
    password: String,
) -> Result<Result<StaffUser, Refusal>, AppError> {
    let lookup_name = username.to_owned();
    let user = with_conn(pool, move |conn| {
        match StaffUser::find_by_username(conn, &lookup_name) {
            Ok(user) => Ok(Some(user)),
            Err(diesel::result::Error::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let stored = user
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
    let password_ok = password.len() <= password::MAX_LENGTH * 4
        && web::block(move || password::verify_password(&password, &stored)).await?;
    Ok(match user {
        Some(u) if password_ok && u.active => Ok(u),
        Some(u) => {
            let why = if u.active {
                Failure::WrongPassword
            } else {
                Failure::Disabled
            };
            Err((why, Some((u.id, u.username))))
        }
        None => Err((Failure::UnknownUser, None)),
    })
}

/// Logs and audits a failed sign-in.
async fn record_failure(
    pool: &web::Data<PgPool>,
    why: Failure,
    account: Option<(uuid::Uuid, String)>,
    ip: Option<String>,
) -> Result<(), AppError> {
    tracing::info!(
        reason = why.as_str(),
        username = account.as_ref().map(|(_, name)| name.as_str()),
        "staff sign-in failed"
    );
    with_conn(pool, move |conn| {
        let account = account.as_ref().map(|(id, name)| (*id, name.as_str()));
        Ok(sign_in::failed(conn, account, why, ip.as_deref())?)
    })
    .await
}

/// Opens the session (replacing the one the browser had), sets its cookie and
/// sends the person on to `next` or their home page.
async fn start_session(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    user: &StaffUser,
    attempt: Attempt,
    next: &str,
) -> Result<HttpResponse, AppError> {
    let secure = cookie_secure(req);
    let (plain, hash) =
        SecretToken::generate().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let previous = req
        .cookie(session::cookie_name(secure))
        .map(|c| SecretToken::hash(c.value()));
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let user_id = user.id;
    with_conn(pool, move |conn| {
        sign_in::succeeded(
            conn,
            &NewSession {
                user_id,
                attempt: attempt.id,
                username_hash: &attempt.key,
                token_hash: &hash,
                previous_token_hash: previous.as_deref(),
                ip: attempt.ip.as_deref(),
                user_agent: user_agent.as_deref(),
                now: Utc::now(),
            },
        )?;
        Ok(())
    })
    .await?;
    tracing::info!(username = %user.username, "staff signed in");
    let mut response = respond::see_other(if next.is_empty() {
        session::home_for(user.role)
    } else {
        next
    });
    response
        .add_cookie(&session_cookie(secure, plain))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}

/// `POST /logout`: ends the session on the server and forgets the cookie.
pub async fn logout(req: HttpRequest, pool: web::Data<PgPool>) -> Result<HttpResponse, AppError> {
    let secure = cookie_secure(&req);
    if let Some(cookie) = req.cookie(session::cookie_name(secure)) {
        let hash = SecretToken::hash(cookie.value());
        let ip = client_ip(&req);
        let ended = with_conn(&pool, move |conn| {
            Ok(sign_in::signed_out(conn, &hash, ip.as_deref(), Utc::now())?)
        })
        .await?;
        if let Some(user_id) = ended {
            tracing::info!(%user_id, "staff signed out");
        }
    }
    let mut response = respond::see_other("/login");
    response
        .add_cookie(&removal_cookie(secure))
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(response)
}

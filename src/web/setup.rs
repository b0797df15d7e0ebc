//! `/setup/{token}`: the one-time link `serve` prints while no staff account
//! exists, where the first organizer creates their account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use crate::auth::password;
use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::store::login_attempts::{self, Gate};
use crate::store::sign_in::{self, FirstOrganizer};
use crate::store::staff::{self, NewStaffUser, SetupOutcome};
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

/// The name setup attempts are counted under (no username can contain a NUL).
const SETUP_THROTTLE_KEY: &str = "\0setup";

#[derive(Debug, Default, Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
}

#[derive(Debug, Default)]
pub struct SetupErrors {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub password: Option<String>,
    pub password_confirm: Option<String>,
}

impl SetupErrors {
    fn any(&self) -> bool {
        self.username.is_some()
            || self.display_name.is_some()
            || self.password.is_some()
            || self.password_confirm.is_some()
    }
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    ctx: PageCtx,
    usable: bool,
    done: bool,
    username: String,
    display_name: String,
    errors: SetupErrors,
}

/// Validates the form; usernames are lowercase letters, digits, `.`, `_`, `-`.
fn validate(ctx: &PageCtx, form: &SetupForm) -> SetupErrors {
    let mut errors = SetupErrors::default();
    let username = form.username.trim().to_lowercase();
    let valid_username = (2..=40).contains(&username.len())
        && username.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if !valid_username {
        errors.username = Some(ctx.t.t("setup-username-invalid"));
    }
    let name_len = form.display_name.trim().chars().count();
    if name_len == 0 || name_len > 120 {
        errors.display_name = Some(ctx.t.t("setup-display-name-invalid"));
    }
    if let Some(key) = password::check_new_password(&form.password, &username) {
        errors.password = Some(ctx.t.t1(key, "min", password::MIN_LENGTH));
    } else if form.password != form.password_confirm {
        errors.password_confirm = Some(ctx.t.t("setup-password-mismatch"));
    }
    errors
}

pub async fn form(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let usable = SecretToken::looks_valid(&token) && {
        let hash = SecretToken::hash(&token);
        with_conn(&pool, move |conn| {
            Ok(staff::setup_token_usable(conn, &hash, Utc::now())?)
        })
        .await?
    };
    let page = SetupPage {
        ctx,
        usable,
        done: false,
        username: String::new(),
        display_name: String::new(),
        errors: SetupErrors::default(),
    };
    respond::html(
        if usable {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        },
        &page,
    )
}

pub async fn submit(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    token: web::Path<String>,
    form: web::Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let form = form.into_inner();
    let mut page = SetupPage {
        ctx,
        usable: false,
        done: false,
        username: form.username.trim().to_owned(),
        display_name: form.display_name.trim().to_owned(),
        errors: SetupErrors::default(),
    };
    if !SecretToken::looks_valid(&token) {
        return respond::html(StatusCode::NOT_FOUND, &page);
    }
    let ip = crate::web::auth::client_ip(&req);
    let hash = SecretToken::hash(&token);
    let (attempt, usable) = admit(&pool, hash.clone(), ip.clone()).await?;
    if !usable {
        return respond::html(StatusCode::NOT_FOUND, &page);
    }
    page.usable = true;
    page.errors = validate(&page.ctx, &form);
    if page.errors.any() {
        // Mistakes in the form are not guesses of the link.
        with_conn(&pool, move |conn| {
            Ok(login_attempts::attempt_withdrawn(conn, attempt)?)
        })
        .await?;
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let password_hash = web::block(move || password::hash_password(&form.password))
        .await?
        .map_err(|e| AppError::Internal(e.into()))?;
    let username = page.username.to_lowercase();
    let display_name = page.display_name.clone();
    let outcome = with_conn(&pool, move |conn| {
        Ok(sign_in::set_up_first_organizer(
            conn,
            &FirstOrganizer {
                token_hash: &hash,
                user: NewStaffUser {
                    username: &username,
                    display_name: &display_name,
                    role: Role::Organizer.as_str(),
                    password_hash: &password_hash,
                },
                attempt,
                throttle_key: &login_attempts::username_key(SETUP_THROTTLE_KEY),
                ip: ip.as_deref(),
                now: Utc::now(),
            },
        )?)
    })
    .await?;
    match outcome {
        SetupOutcome::Created(_) => {
            page.done = true;
            respond::html(StatusCode::OK, &page)
        }
        SetupOutcome::LinkUnusable => {
            page.usable = false;
            respond::html(StatusCode::NOT_FOUND, &page)
        }
    }
}

/// Anonymous posts are throttled like sign-ins (per address), and the link is
/// checked before anything is hashed: the attempt written down, and whether
/// the link can still be used.
async fn admit(
    pool: &web::Data<PgPool>,
    hash: Vec<u8>,
    ip: Option<String>,
) -> Result<(i64, bool), AppError> {
    with_conn(pool, move |conn| {
        let now = Utc::now();
        let key = login_attempts::username_key(SETUP_THROTTLE_KEY);
        match login_attempts::begin_attempt(conn, &key, ip.as_deref(), now)? {
            Gate::Wait(wait) => Err(AppError::Throttled {
                retry_after_secs: wait.num_seconds(),
            }),
            Gate::Go { id, .. } => Ok((id, staff::setup_token_usable(conn, &hash, now)?)),
        }
    })
    .await
}

//! `/drives/{slug}/recover` ("Lupa tautan?"): a donor who lost their personal
//! link proves who they are (NIP/NIK, birth date, the last four digits of the
//! phone given at registration) and gets a new link; the old one stops
//! working. The answer to a proof that does not match is the same whether or
//! not the person registered. Limited per address and per NIP/NIK.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::stranger_limits::Scope;
use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::domain::vocab::DriveStatus;
use crate::error::AppError;
use crate::store::drives::Drive;
use crate::store::recovery::{self, Proof};
use crate::store::stranger_limits::{self, Charge};
use crate::web::auth::client_ip;
use crate::web::form_errors::FormErrors;
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Default, Clone, Deserialize)]
pub struct RecoverForm {
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub phone_last4: String,
}

#[derive(Template)]
#[template(path = "public/recover.html")]
struct RecoverPage {
    ctx: PageCtx,
    slug: String,
    title: String,
    form: RecoverForm,
    errors: FormErrors,
    no_match: bool,
    new_link: Option<String>,
}

async fn drive(pool: &web::Data<PgPool>, slug: String) -> Result<Drive, AppError> {
    let drive = with_conn(pool, move |conn| Ok(Drive::find_by_slug(conn, &slug)?)).await?;
    if drive.status == DriveStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(drive)
}

fn page(ctx: PageCtx, drive: &Drive, form: RecoverForm) -> RecoverPage {
    RecoverPage {
        ctx,
        slug: drive.slug.clone(),
        title: drive.title.clone(),
        form,
        errors: FormErrors::default(),
        no_match: false,
        new_link: None,
    }
}

/// `GET /drives/{slug}/recover`
pub async fn form(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let drive = drive(&pool, slug.into_inner()).await?;
    let p = page(PageCtx::new(&req), &drive, RecoverForm::default());
    respond::html(StatusCode::OK, &p)
}

/// What was typed, checked: digits of the NIP/NIK, the birth date, four digits.
fn read(ctx: &PageCtx, form: &RecoverForm) -> Result<(String, NaiveDate, String), FormErrors> {
    let mut errors = FormErrors::default();
    let digits: String = form
        .id_number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if !(digits.len() == 16 || digits.len() == 18) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        errors.add("id_number", ctx.t.t("recover-error-id"));
    }
    let birth = NaiveDate::parse_from_str(form.birth_date.trim(), "%Y-%m-%d").ok();
    if birth.is_none() {
        errors.add("birth_date", ctx.t.t("recover-error-birth-date"));
    }
    let last4 = form.phone_last4.trim().to_owned();
    if last4.len() != 4 || !last4.bytes().all(|b| b.is_ascii_digit()) {
        errors.add("phone_last4", ctx.t.t("recover-error-phone"));
    }
    match birth {
        Some(birth) if errors.is_empty() => Ok((digits, birth, last4)),
        _ => Err(errors),
    }
}

/// `POST /drives/{slug}/recover`
pub async fn submit(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    slug: web::Path<String>,
    form: web::Form<RecoverForm>,
) -> Result<HttpResponse, AppError> {
    let drive = drive(&pool, slug.into_inner()).await?;
    let ctx = PageCtx::new(&req);
    let form = form.into_inner();
    let (digits, birth_date, last4) = match read(&ctx, &form) {
        Ok(proof) => proof,
        Err(errors) => {
            let mut p = page(ctx, &drive, form);
            p.errors = errors;
            return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let (plain, hash) =
        SecretToken::generate().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let ip = client_ip(&req);
    let limits = settings.stranger_limits.clone();
    let drive_id = drive.id;
    let found = with_conn(&pool, move |conn| {
        let person = hex::encode(Sha256::digest(digits.as_bytes()));
        let now = Utc::now();
        for (scope, client) in [
            (Scope::Recover, ip.clone().unwrap_or_default()),
            (Scope::RecoverPerson, person),
        ] {
            let rules = limits.for_scope(scope);
            if let Charge::Wait(wait) = stranger_limits::charge(conn, scope, &client, &rules, now)?
            {
                return Err(AppError::Throttled {
                    retry_after_secs: wait.num_seconds(),
                });
            }
        }
        let proof = Proof {
            id_digits: &digits,
            birth_date,
            phone_last4: &last4,
        };
        Ok(recovery::reissue_for_person(
            conn,
            drive_id,
            &proof,
            &hash,
            ip.as_deref(),
        )?)
    })
    .await?;
    let mut p = page(ctx, &drive, form);
    match found {
        Some(_) => {
            p.new_link = Some(format!(
                "{}/r/{plain}",
                settings.public_url.trim_end_matches('/')
            ));
            p.form = RecoverForm::default();
            respond::html(StatusCode::OK, &p)
        }
        None => {
            p.no_match = true;
            respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
    }
}

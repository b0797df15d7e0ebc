//! `/admin/api-tokens`: organizers make tokens for integrations that read counts
//! and rosters as JSON (`Authorization: Bearer <token>`). A token is shown once
//! and stored as a hash; revoking it stops it at once.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::error::AppError;
use crate::store::api_tokens::ApiToken;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

pub struct TokenRow {
    pub id: Uuid,
    pub name: String,
    pub created_by: String,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct NewTokenForm {
    #[serde(default)]
    pub name: String,
}

#[derive(Template)]
#[template(path = "admin/api_tokens.html")]
struct TokensPage {
    ctx: PageCtx,
    tokens: Vec<TokenRow>,
    name: String,
    name_error: Option<String>,
    notice: Option<Notice>,
    /// A token just made, shown this once.
    shown_token: Option<String>,
}

fn when(ctx: &PageCtx, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Asia::Makassar);
    format!(
        "{} {} WITA",
        ctx.t.short_date(local.date_naive()),
        ctx.t.time(&local)
    )
}

struct Answer {
    status: StatusCode,
    name: String,
    name_error: Option<String>,
    notice: Option<Notice>,
    shown_token: Option<String>,
}

async fn respond(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    answer: Answer,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(req);
    let listings = with_conn(pool, |conn| Ok(ApiToken::list(conn)?)).await?;
    let tokens = listings
        .into_iter()
        .map(|l| TokenRow {
            id: l.token.id,
            created: when(&ctx, l.token.created_at),
            last_used: l.token.last_used_at.map(|t| when(&ctx, t)),
            revoked: l.token.revoked_at.map(|t| when(&ctx, t)),
            name: l.token.name,
            created_by: l.created_by_username,
        })
        .collect();
    let page = TokensPage {
        ctx,
        tokens,
        name: answer.name,
        name_error: answer.name_error,
        notice: answer.notice,
        shown_token: answer.shown_token,
    };
    respond::html(answer.status, &page)
}

/// `GET /admin/api-tokens`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let answer = Answer {
        status: StatusCode::OK,
        name: String::new(),
        name_error: None,
        notice: None,
        shown_token: None,
    };
    respond(&req, &pool, answer).await
}

/// `POST /admin/api-tokens`: makes a token and shows it once.
pub async fn create(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    form: web::Form<NewTokenForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let name = form.name.trim().to_owned();
    if !(1..=120).contains(&name.chars().count()) {
        let answer = Answer {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            name: form.name.chars().take(200).collect(),
            name_error: Some(ctx.t.t("tokens-name-invalid")),
            notice: None,
            shown_token: None,
        };
        return respond(&req, &pool, answer).await;
    }
    let (plain, hash) =
        SecretToken::generate().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let ip = client_ip(&req);
    let by = me.id;
    let token_name = name.clone();
    with_conn(&pool, move |conn| {
        Ok(ApiToken::create(
            conn,
            &token_name,
            &hash,
            by,
            ip.as_deref(),
        )?)
    })
    .await?;
    let answer = Answer {
        status: StatusCode::OK,
        name: String::new(),
        name_error: None,
        notice: Some(Notice::ok(ctx.t.t1("tokens-made", "name", name))),
        shown_token: Some(plain),
    };
    respond(&req, &pool, answer).await
}

/// `POST /admin/api-tokens/{id}/revoke`
pub async fn revoke(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let id = id.into_inner();
    let ip = client_ip(&req);
    let by = me.id;
    let revoked = with_conn(&pool, move |conn| {
        Ok(ApiToken::revoke(conn, id, by, Utc::now(), ip.as_deref())?)
    })
    .await?;
    let notice = if revoked {
        Notice::ok(ctx.t.t("tokens-revoked"))
    } else {
        Notice::bad(ctx.t.t("tokens-not-revocable"))
    };
    let answer = Answer {
        status: if revoked {
            StatusCode::OK
        } else {
            StatusCode::CONFLICT
        },
        name: String::new(),
        name_error: None,
        notice: Some(notice),
        shown_token: None,
    };
    respond(&req, &pool, answer).await
}

//! `POST /pmi/registrations/{id}/new-link`: at the desk, a coordinator (or an
//! organizer) gives a donor who lost their link a new one, shown as a QR code
//! the donor scans with their own phone. The old link stops working; audited.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::error::AppError;
use crate::store::recovery;
use crate::web::access::Pmi;
use crate::web::auth::client_ip;
use crate::web::donor::qr_svg;
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

#[derive(Template)]
#[template(path = "pmi/new_link.html")]
struct NewLinkPage {
    ctx: PageCtx,
    id: Uuid,
    link: String,
    qr_svg: String,
}

/// `POST /pmi/registrations/{id}/new-link`
pub async fn issue(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    id: web::Path<String>,
    Pmi(me): Pmi,
) -> Result<HttpResponse, AppError> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let (plain, hash) =
        SecretToken::generate().map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    let ip = client_ip(&req);
    let found = with_conn(&pool, move |conn| {
        Ok(recovery::reissue_at_desk(
            conn,
            id,
            &hash,
            me.id,
            ip.as_deref(),
        )?)
    })
    .await?;
    if found.is_none() {
        return Err(AppError::NotFound);
    }
    let link = format!("{}/r/{plain}", settings.public_url.trim_end_matches('/'));
    let page = NewLinkPage {
        ctx: PageCtx::new(&req),
        id,
        qr_svg: qr_svg(&link),
        link,
    };
    respond::html(StatusCode::OK, &page)
}

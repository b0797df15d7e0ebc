//! `POST /pmi/registrations/{id}/status`: undo check-in, no-show, undo
//! no-show, undo deferral.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::actions::action_from_form;
use super::refusal::{refused_page, warn};
use super::view::{load, page, parse_id};
use crate::db::PgPool;
use crate::error::AppError;
use crate::store::day_of;
use crate::web::access::Pmi;
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Default, Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    pub action: String,
}

/// `POST /pmi/registrations/{id}/status`: undo check-in, no-show, undo no-show, undo deferral.
pub async fn change_status(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&id)?;
    let Some(action) = action_from_form(form.action.trim()) else {
        let loaded = load(&pool, id).await?;
        let p = page(PageCtx::new(&req), loaded);
        let text = p.ctx.t.t("pmi-action-unknown");
        return warn(p, StatusCode::UNPROCESSABLE_ENTITY, text);
    };
    let outcome = with_conn(&pool, move |conn| {
        Ok(day_of::apply(conn, id, action, me.id))
    })
    .await?;
    match outcome {
        Ok(_) => Ok(respond::see_other(format!(
            "/pmi/registrations/{id}?done={}",
            form.action.trim()
        ))),
        Err(e) => refused_page(&req, &pool, id, e).await,
    }
}

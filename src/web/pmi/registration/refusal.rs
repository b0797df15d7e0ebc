//! The answer when a change is refused: the page again, with why at the top
//! and a status code that says so.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::view::{RegistrationPage, load, page};
use crate::db::PgPool;
use crate::domain::day_of::TransitionError;
use crate::error::AppError;
use crate::store::day_of::DayOfError;
use crate::store::drives::Drive;
use crate::web::PageCtx;
use crate::web::pmi::{clock, status_key};
use crate::web::respond::{self, Notice};

/// The message for a refused change, and its status code.
pub fn refusal(ctx: &PageCtx, drive: &Drive, e: &DayOfError) -> (StatusCode, String) {
    match e {
        DayOfError::AlreadyCheckedIn { by, at } => (
            StatusCode::CONFLICT,
            ctx.t.ta(
                "pmi-already-checked-in",
                &[("name", by.clone()), ("time", clock(ctx, drive, at))],
            ),
        ),
        DayOfError::Refused(TransitionError::AlreadyDone(status)) => (
            StatusCode::CONFLICT,
            ctx.t
                .t1("pmi-already-done", "status", ctx.t.t(&status_key(*status))),
        ),
        DayOfError::Refused(TransitionError::NotAllowed { from }) => (
            StatusCode::CONFLICT,
            ctx.t
                .t1("pmi-not-allowed", "status", ctx.t.t(&status_key(*from))),
        ),
        DayOfError::Refused(TransitionError::NeedsAcceptedScreening) => {
            (StatusCode::CONFLICT, ctx.t.t("pmi-needs-screening"))
        }
        DayOfError::Refused(TransitionError::HasDonation) => {
            (StatusCode::CONFLICT, ctx.t.t("pmi-has-donation"))
        }
        DayOfError::BagTaken => (StatusCode::CONFLICT, ctx.t.t("pmi-bag-taken")),
        DayOfError::Stale => (StatusCode::CONFLICT, ctx.t.t("pmi-stale")),
        DayOfError::TooEarly => (StatusCode::CONFLICT, ctx.t.t("pmi-no-shows-too-early")),
        DayOfError::Database(_) => (StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

/// The page with `text` as a warning at the top, answered with `status`.
pub(super) fn warn(
    mut p: RegistrationPage,
    status: StatusCode,
    text: String,
) -> Result<HttpResponse, AppError> {
    p.notice = Some(Notice::new("bad", text));
    respond::html(status, &p)
}

/// The page as it stands, saying why the change was refused.
pub(super) fn refused_here(
    p: RegistrationPage,
    drive: &Drive,
    e: &DayOfError,
) -> Result<HttpResponse, AppError> {
    let (status, text) = refusal(&p.ctx, drive, e);
    warn(p, status, text)
}

/// The page loaded afresh after the store refused a change; a lost database
/// is an error, not a refusal.
pub(super) async fn refused_page(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    id: Uuid,
    e: DayOfError,
) -> Result<HttpResponse, AppError> {
    if let DayOfError::Database(e) = e {
        return Err(e.into());
    }
    let loaded = load(pool, id).await?;
    let drive = loaded.drive.clone();
    let p = page(PageCtx::new(req), loaded);
    refused_here(p, &drive, &e)
}

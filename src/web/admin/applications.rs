//! `/admin/drives/{slug}/applications`: the applications of people not on
//! the staff list, waiting for an organizer (drives that take them), with
//! approve and reject. Each decision is audited.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use uuid::Uuid;

use crate::db::PgPool;
use crate::error::AppError;
use crate::store::applications::{self, Decision};
use crate::store::drives::Drive;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

pub struct ApplicationRow {
    pub id: Uuid,
    pub code: String,
    pub applied_at: String,
    pub full_name: String,
    pub id_number: String,
    pub unit: String,
    pub phone: String,
    pub wanted: String,
}

#[derive(Template)]
#[template(path = "admin/applications.html")]
struct ApplicationsPage {
    ctx: PageCtx,
    slug: String,
    title: String,
    takes_applications: bool,
    notice: Option<Notice>,
    rows: Vec<ApplicationRow>,
}

#[derive(Debug, serde::Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// `GET /admin/drives/{slug}/applications`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<DoneQuery>,
    _: Organizer,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let wanted = slug.into_inner();
    let (drive, pending) = with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        let pending = applications::pending(conn, drive.id)?;
        Ok((drive, pending))
    })
    .await?;
    let tz = drive.tz();
    let rows = pending
        .into_iter()
        .map(|a| ApplicationRow {
            id: a.id,
            code: a.code,
            applied_at: format!(
                "{} {}",
                ctx.t
                    .short_date(a.applied_at.with_timezone(&tz).date_naive()),
                ctx.t.time(&a.applied_at.with_timezone(&tz))
            ),
            full_name: a.full_name,
            id_number: a.nip.or(a.nik).unwrap_or_default(),
            unit: a.unit_name.unwrap_or_default(),
            phone: a.phone.unwrap_or_default(),
            wanted: a
                .wanted_slot
                .map(|at| ctx.t.time(&at.with_timezone(&tz)))
                .unwrap_or_else(|| ctx.t.t("org-apps-waitlist")),
        })
        .collect();
    let notice = match query.done.as_str() {
        "booked" => Some(Notice::ok(ctx.t.t("org-apps-approved-booked"))),
        "waitlisted" => Some(Notice::ok(ctx.t.t("org-apps-approved-waitlisted"))),
        "rejected" => Some(Notice::ok(ctx.t.t("org-apps-rejected"))),
        _ => None,
    };
    respond::html(
        StatusCode::OK,
        &ApplicationsPage {
            ctx,
            slug: drive.slug.clone(),
            title: drive.title.clone(),
            takes_applications: drive.registration_mode
                == crate::domain::vocab::RegistrationMode::StaffListApproval,
            notice,
            rows,
        },
    )
}

/// `POST /admin/registrations/{id}/approve`
pub async fn approve(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    Organizer(me): Organizer,
) -> Result<HttpResponse, AppError> {
    decide(&req, &pool, &id, Decision::Approve, me.id).await
}

/// `POST /admin/registrations/{id}/reject`
pub async fn reject(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    Organizer(me): Organizer,
) -> Result<HttpResponse, AppError> {
    decide(&req, &pool, &id, Decision::Reject, me.id).await
}

/// Makes the decision and goes back to the list, saying what became of it.
async fn decide(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    id: &str,
    decision: Decision,
    by: Uuid,
) -> Result<HttpResponse, AppError> {
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    let ip = client_ip(req);
    let (status, drive_id) = with_conn(pool, move |conn| {
        Ok(applications::decide(conn, id, decision, by, ip.as_deref())?)
    })
    .await?;
    let drive = with_conn(pool, move |conn| Ok(Drive::find(conn, drive_id)?)).await?;
    Ok(respond::see_other(format!(
        "/admin/drives/{}/applications?done={}",
        drive.slug,
        status.as_str()
    )))
}

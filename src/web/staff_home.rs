//! The staff landing pages: `/admin` for organizers, `/pmi` for PMI coordinators.

use actix_web::{HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;

use crate::db::PgPool;
use crate::error::AppError;
use crate::store::drives::Drive;
use crate::store::staff_home;
use crate::web::access::{Organizer, Pmi};
use crate::web::{PageCtx, with_conn};

/// A drive in a staff list.
pub struct DriveLine {
    pub slug: String,
    pub title: String,
    pub date: String,
    pub status_key: String,
}

fn lines(ctx: &PageCtx, drives: &[Drive]) -> Vec<DriveLine> {
    drives
        .iter()
        .map(|d| DriveLine {
            slug: d.slug.clone(),
            title: d.title.clone(),
            date: ctx.t.long_date(d.drive_date),
            status_key: format!("home-drive-status-{}", d.status.as_str()),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/home.html")]
pub struct AdminHome {
    pub ctx: PageCtx,
    pub drives: Vec<DriveLine>,
}

/// `GET /admin`: the organizer's start page.
pub async fn admin_home(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    _: Organizer,
) -> Result<AdminHome, AppError> {
    let ctx = PageCtx::new(&req);
    let drives = with_conn(&pool, |conn| Ok(staff_home::all_drives(conn)?)).await?;
    Ok(AdminHome {
        drives: lines(&ctx, &drives),
        ctx,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pmi/home.html")]
pub struct PmiHome {
    pub ctx: PageCtx,
    pub drives: Vec<DriveLine>,
}

/// `GET /pmi`: the coordinator's start page with the open drives.
pub async fn pmi_home(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    _: Pmi,
) -> Result<PmiHome, AppError> {
    let ctx = PageCtx::new(&req);
    let drives = with_conn(&pool, |conn| Ok(Drive::list_public(conn)?)).await?;
    Ok(PmiHome {
        drives: lines(&ctx, &drives),
        ctx,
    })
}

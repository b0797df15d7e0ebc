//! `POST /admin/drives/{slug}/slots/{id}/close` and `/reopen`: a closed slot
//! takes no new bookings; reopening promotes from the waitlist.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use super::page::back_to_slots;
use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::drive_admin::{self, DriveAdminError};
use crate::store::drives::Drive;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::with_conn;

async fn open_or_close(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    me: CurrentStaff,
    path: web::Path<(String, Uuid)>,
    closed: bool,
) -> Result<HttpResponse, AppError> {
    let (slug, slot_id) = path.into_inner();
    let ip = client_ip(&req);
    let wanted = slug.clone();
    with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        match drive_admin::set_closed(
            conn,
            drive.id,
            slot_id,
            closed,
            Actor::Staff(me.id),
            ip.as_deref(),
        ) {
            Ok(_) => Ok(()),
            Err(DriveAdminError::UnknownSlot) => Err(AppError::NotFound),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    Ok(back_to_slots(&slug))
}

/// `POST /admin/drives/{slug}/slots/{id}/close`
pub async fn close(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, AppError> {
    open_or_close(req, pool, me, path, true).await
}

/// `POST /admin/drives/{slug}/slots/{id}/reopen`
pub async fn reopen(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, AppError> {
    open_or_close(req, pool, me, path, false).await
}

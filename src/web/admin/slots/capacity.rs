//! `POST /admin/drives/{slug}/slots/{id}/capacity`: a slot's seats, never
//! below its bookings; growth promotes the waitlist.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use super::page::{Answer, respond};
use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::error::AppError;
use crate::store::audit::Actor;
use crate::store::drive_admin::{self, DriveAdminError};
use crate::store::drives::Drive;
use crate::web::access::Organizer;
use crate::web::auth::client_ip;
use crate::web::respond::Notice;
use crate::web::{PageCtx, with_conn};

/// The most seats one slot may have.
const MAX_CAPACITY: i32 = 10_000;

#[derive(Debug, Default, Deserialize)]
pub struct CapacityForm {
    #[serde(default)]
    pub capacity: String,
}

/// `POST /admin/drives/{slug}/slots/{id}/capacity`
pub async fn set_capacity(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    Organizer(me): Organizer,
    path: web::Path<(String, Uuid)>,
    form: web::Form<CapacityForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let (slug, slot_id) = path.into_inner();
    let typed = form.capacity.trim().to_owned();
    let refuse = |message: String, status: StatusCode| Answer {
        status,
        capacity_error: Some((slot_id, typed.chars().take(12).collect(), message)),
        ..Answer::ok()
    };
    let Some(capacity) = typed
        .parse::<i32>()
        .ok()
        .filter(|c| (0..=MAX_CAPACITY).contains(c))
    else {
        let message = ctx.t.t("org-slots-error-capacity");
        let answer = refuse(message, StatusCode::UNPROCESSABLE_ENTITY);
        return respond(&req, &pool, slug, answer).await;
    };
    let answer = match store(&req, &pool, slug.clone(), slot_id, capacity, me).await? {
        Ok(promoted) => Answer {
            notice: Some(Notice::ok(ctx.t.t1(
                "org-slots-capacity-saved",
                "promoted",
                promoted,
            ))),
            ..Answer::ok()
        },
        Err(booked) => refuse(
            ctx.t.t1("org-slots-error-below-booked", "booked", booked),
            StatusCode::CONFLICT,
        ),
    };
    respond(&req, &pool, slug, answer).await
}

/// Sets the capacity: `Ok` with how many were promoted from the waitlist, or
/// `Err` with the bookings it may not go below.
async fn store(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    slug: String,
    slot_id: Uuid,
    capacity: i32,
    me: CurrentStaff,
) -> Result<Result<usize, i32>, AppError> {
    let ip = client_ip(req);
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        match drive_admin::set_capacity(
            conn,
            drive.id,
            slot_id,
            capacity,
            Actor::Staff(me.id),
            ip.as_deref(),
        ) {
            Ok((_, promoted)) => Ok(Ok(promoted)),
            Err(DriveAdminError::BelowBooked { booked }) => Ok(Err(booked)),
            Err(DriveAdminError::UnknownSlot) => Err(AppError::NotFound),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

//! `/admin/drives/{slug}/invitations`: per invited unit, the registration link
//! and a ready message to share on WhatsApp (a `wa.me` share link: the
//! organizer picks the unit's group in WhatsApp itself).

use actix_web::{HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;

use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::whatsapp::chat_link;
use crate::error::AppError;
use crate::store::drives::Drive;
use crate::store::staff_directory::counts_by_unit;
use crate::web::access::Organizer;
use crate::web::{PageCtx, with_conn};

pub struct Invitation {
    pub unit: String,
    pub code: String,
    pub listed: String,
    pub message: String,
    pub whatsapp: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/invitations.html")]
pub struct InvitationsPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub title: String,
    pub link: String,
    pub invitations: Vec<Invitation>,
}

/// `GET /admin/drives/{slug}/invitations`
pub async fn list(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    settings: web::Data<RuntimeSettings>,
    slug: web::Path<String>,
    _: Organizer,
) -> Result<InvitationsPage, AppError> {
    let ctx = PageCtx::new(&req);
    let wanted = slug.into_inner();
    let (drive, units, listed) = with_conn(&pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &wanted)?;
        let units = drive.units(conn)?;
        let listed = counts_by_unit(conn)?;
        Ok((drive, units, listed))
    })
    .await?;
    let link = format!(
        "{}/drives/{}/register",
        settings.public_url.trim_end_matches('/'),
        drive.slug
    );
    let date = ctx.t.long_date(drive.drive_date);
    let invitations = units
        .into_iter()
        .map(|u| {
            let message = ctx.t.ta(
                "org-invite-message",
                &[
                    ("unit", u.name.clone()),
                    ("title", drive.title.clone()),
                    ("date", date.clone()),
                    ("venue", drive.venue.clone()),
                    ("link", link.clone()),
                ],
            );
            let whatsapp = chat_link(None, &message);
            Invitation {
                listed: ctx.t.number(listed.get(&u.id).copied().unwrap_or(0)),
                unit: u.name,
                code: u.code,
                message,
                whatsapp,
            }
        })
        .collect();
    Ok(InvitationsPage {
        slug: drive.slug.clone(),
        title: drive.title.clone(),
        link,
        invitations,
        ctx,
    })
}

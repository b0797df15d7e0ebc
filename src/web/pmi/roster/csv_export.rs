//! `GET /pmi/drives/{slug}/roster.csv`: the roster, as searched and filtered,
//! for Excel (UTF-8 with BOM); every download is audited. The rows come from
//! the read replica while it keeps up; the audit line always goes to the
//! primary, in its own transaction.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::Connection;
use uuid::Uuid;

use super::groups::{Loaded, groups, load};
use super::query::RosterQuery;
use crate::auth::session::CurrentStaff;
use crate::db::PgPool;
use crate::db::replica::ReadPool;
use crate::domain::audit_action::AuditAction;
use crate::error::AppError;
use crate::export::files::csv_text;
use crate::store::audit::{self, Actor, AuditEntry};
use crate::store::roster::RosterFilter;
use crate::web::access::Pmi;
use crate::web::csrf::NotCrossSite;
use crate::web::pmi::clock;
use crate::web::{PageCtx, with_conn};

/// `GET /pmi/drives/{slug}/roster.csv`: the roster for Excel (UTF-8 with BOM), audited.
pub async fn csv(
    req: HttpRequest,
    Pmi(me): Pmi,
    _: NotCrossSite,
    pool: web::Data<PgPool>,
    reads: web::Data<ReadPool>,
    slug: web::Path<String>,
    query: web::Query<RosterQuery>,
) -> Result<HttpResponse, AppError> {
    let filter = query.filter();
    let loaded = load(&reads, slug.into_inner(), filter.clone()).await?;
    let ctx = PageCtx::new(&req);
    let body = roster_csv(&ctx, &loaded, &filter)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing the roster CSV: {e}")))?;
    let details = serde_json::json!({
        "format": "csv",
        "rows": loaded.rows.len(),
        // Whether the list was searched, never what for (a name, a NIP).
        "searched": !query.q.trim().is_empty(),
        "slot": filter.slot_id,
        "status": filter.status.map(|s| s.as_str()),
    });
    record_download(&req, &pool, me, loaded.drive.id, details).await?;
    let filename = format!("roster-{}.csv", loaded.drive.slug);
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// The audit line saying who took the roster out, and how much of it: on the
/// primary, in a transaction of its own, before any byte leaves.
async fn record_download(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    me: CurrentStaff,
    drive_id: Uuid,
    details: serde_json::Value,
) -> Result<(), AppError> {
    let ip = crate::web::auth::client_ip(req);
    with_conn(pool, move |conn| {
        conn.transaction(|conn| {
            audit::record(
                conn,
                &AuditEntry {
                    actor: Actor::Staff(me.id),
                    action: AuditAction::RosterExport,
                    entity_type: "drive",
                    entity_id: Some(drive_id),
                    drive_id: Some(drive_id),
                    details,
                    ip: ip.as_deref(),
                },
            )
        })?;
        Ok(())
    })
    .await
}

fn roster_csv(
    ctx: &PageCtx,
    loaded: &Loaded,
    filter: &RosterFilter,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record([
            ctx.t.t("pmi-col-slot"),
            ctx.t.t("pmi-col-code"),
            ctx.t.t("pmi-col-name"),
            ctx.t.t("pmi-col-id-number"),
            ctx.t.t("pmi-col-unit"),
            ctx.t.t("pmi-col-sex"),
            ctx.t.t("pmi-col-age"),
            ctx.t.t("pmi-col-blood"),
            ctx.t.t("pmi-col-status"),
            ctx.t.t("pmi-col-checked-in-at"),
        ])?;
        for group in groups(ctx, loaded, filter) {
            for l in &group.lines {
                let row = loaded.rows.iter().find(|r| r.id == l.id);
                let checked_in = row
                    .and_then(|r| r.checked_in_at)
                    .map(|at| clock(ctx, &loaded.drive, &at))
                    .unwrap_or_default();
                w.write_record([
                    csv_text(group.label.clone()),
                    csv_text(l.code.clone()),
                    csv_text(l.name.clone()),
                    // A leading apostrophe keeps Excel from turning 18 digits into 1.9E+17.
                    if l.id_number.is_empty() {
                        String::new()
                    } else {
                        format!("'{}", l.id_number)
                    },
                    csv_text(l.unit.clone()),
                    csv_text(ctx.t.t(l.sex_key)),
                    // A number, written as one.
                    l.age.to_string(),
                    csv_text(l.blood.clone()),
                    csv_text(ctx.t.t(&l.status_key)),
                    csv_text(checked_in),
                ])?;
            }
        }
        w.flush()?;
    }
    Ok(out)
}

//! Liveness and readiness for load balancers and supervisors.

use actix_web::{HttpResponse, web};
use diesel::RunQueryDsl;

use crate::db::PgPool;
use crate::web::with_conn;

/// `GET /healthz`: the process is up and serving.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}

/// `GET /readyz`: the database answers; 503 while it does not.
pub async fn readyz(pool: web::Data<PgPool>) -> HttpResponse {
    let ping = with_conn(&pool, |conn| {
        diesel::sql_query("SELECT 1").execute(conn)?;
        Ok(())
    })
    .await;
    match ping {
        Ok(()) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ready"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .insert_header(("Retry-After", "5"))
                .body("database unavailable")
        }
    }
}

//! The web layer: thin handlers that parse input, call store/domain inside
//! `web::block`, and render askama templates. Routes are wired in `routes`.

pub mod access;
pub mod admin;
pub mod api;
pub mod auth;
pub mod csrf;
pub mod donor;
pub mod donor_share;
pub mod donor_thanks;
pub mod eligibility;
pub mod error_page;
pub mod form_errors;
pub mod health;
pub mod ics;
pub mod live;

pub mod pmi;
pub mod public;
pub mod recover;
pub mod register;
pub mod request_log;
pub mod respond;
pub mod routes;
pub mod setup;
pub mod staff_home;

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};

use crate::auth::session::CurrentStaff;
use crate::db::replica::{ReadFrom, ReadPool};
use crate::db::{PgPool, PgPooled};
use crate::error::AppError;
use crate::i18n::{self, I18n, Lang};
use csrf::CsrfToken;
use routes::{Access, Routes};

/// What every page template needs: texts, the CSRF token, where we are.
pub struct PageCtx {
    pub t: I18n,
    /// Made on first use: a page without a form sets no cookie.
    pub csrf: CsrfToken,
    /// Path and query of this page, for the language switch to come back to.
    pub here: String,
    /// The signed-in staff member, for the header navigation.
    pub staff: Option<CurrentStaff>,
}

impl PageCtx {
    pub fn new(req: &HttpRequest) -> Self {
        let csrf = req
            .extensions()
            .get::<CsrfToken>()
            .cloned()
            .unwrap_or_default();
        let here = match req.uri().path_and_query() {
            Some(pq) => pq.as_str().to_owned(),
            None => "/".to_owned(),
        };
        PageCtx {
            t: I18n::new(Lang::for_request(req)),
            csrf,
            here,
            staff: req.extensions().get::<CurrentStaff>().cloned(),
        }
    }

    /// Link that switches to `code` and returns here.
    pub fn lang_link(&self, code: &str) -> String {
        let mut link = format!("/lang/{code}?next=");
        link.extend(form_urlencoded::byte_serialize(self.here.as_bytes()));
        link
    }

    pub fn lang_code(&self) -> &'static str {
        self.t.lang.code()
    }

    /// The stylesheet's address, versioned by its content so a new release
    /// is never served an old, cached stylesheet.
    pub fn style_href(&self) -> &'static str {
        static HREF: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let css = STATIC_FILES
                .iter()
                .find(|(name, _, _)| *name == "style.css")
                .map(|(_, _, body)| *body)
                .unwrap_or_default();
            // FNV-1a: stable across builds and Rust versions, enough to tell versions apart.
            let hash = css.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            format!("/static/style.css?v={:08x}", hash >> 32)
        });
        HREF.as_str()
    }
}

/// Runs blocking database work on the thread pool, with a connection taken inside.
pub async fn with_conn<T, F>(pool: &web::Data<PgPool>, work: F) -> Result<T, AppError>
where
    F: FnOnce(&mut PgPooled) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await?
}

/// Runs blocking reads on the thread pool with a read connection: the
/// replica's when it is up and caught up (`db::replica::ReadPool`), else the
/// primary's. Only for pages that show data and change none: anything they
/// must write (an audit line) goes through `with_conn` on its own.
///
/// A read the replica could not answer is asked once more of the primary: its
/// connection was lost (the replica died since the last look: reads leave it
/// until it answers again), a query was cancelled by recovery on the standby,
/// or the row is not there yet (made a moment ago, not replayed). So the
/// replica can make a page older by at most the lag allowed, never an error
/// the primary would not give.
pub async fn with_read_conn<T, F>(reads: &web::Data<ReadPool>, work: F) -> Result<T, AppError>
where
    F: Fn(&mut PgPooled) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let reads = reads.clone();
    web::block(move || {
        let mut read = reads.checkout()?;
        match work(&mut read.conn) {
            Err(e) if read.from == ReadFrom::Replica && ask_the_primary(&e) => {
                if matches!(e, AppError::Unavailable(_)) {
                    reads.replica_failed(&e.to_string());
                } else {
                    tracing::debug!(error = %e, "read again on the primary");
                }
                drop(read);
                let mut conn = reads.primary().get()?;
                work(&mut conn)
            }
            answer => answer,
        }
    })
    .await?
}

/// Whether the primary may answer what the replica could not.
fn ask_the_primary(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Unavailable(_) | AppError::Internal(_) | AppError::NotFound
    )
}

/// `GET /lang/{code}?next=/path`: remembers the language and goes back.
async fn switch_language(
    req: HttpRequest,
    code: web::Path<String>,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> HttpResponse {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let next = query
        .get("next")
        .and_then(|n| crate::auth::session::local_next(n))
        .unwrap_or_else(|| "/".to_owned());
    let secure = req
        .app_data::<web::Data<crate::config::RuntimeSettings>>()
        .is_some_and(|s| s.cookie_secure);
    let cookie = actix_web::cookie::Cookie::build(i18n::LANG_COOKIE, lang.code())
        .path("/")
        .max_age(actix_web::cookie::time::Duration::days(365))
        .same_site(actix_web::cookie::SameSite::Lax)
        .secure(secure)
        .http_only(true)
        .finish();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, next))
        .cookie(cookie)
        .finish()
}

/// Every route of the application, with who may use it (see `routes`).
pub fn declare_routes(r: &mut Routes) {
    r.get("/healthz", Access::Public, health::healthz)
        .get("/readyz", Access::Public, health::readyz)
        .get("/lang/{code}", Access::Public, switch_language)
        .get("/static/{name}", Access::Public, serve_static)
        .get("/", Access::Public, public::index)
        .get("/drives/{slug}", Access::Public, public::drive_page)
        .get("/drives/{slug}/live", Access::Public, live::show)
        .get("/drives/{slug}/register", Access::Public, register::form)
        .post("/drives/{slug}/register", Access::Public, register::submit)
        .get("/drives/{slug}/recover", Access::Public, recover::form)
        .post("/drives/{slug}/recover", Access::Public, recover::submit)
        .get("/eligibility", Access::Public, eligibility::form)
        .post("/eligibility", Access::Public, eligibility::check)
        .get("/r/{token}", Access::Public, donor::show)
        .get("/r/{token}/cancel", Access::Public, donor::confirm_cancel)
        .post("/r/{token}/cancel", Access::Public, donor::cancel)
        .post("/r/{token}/reschedule", Access::Public, donor::reschedule)
        .get("/r/{token}/calendar.ics", Access::Public, donor::calendar)
        .get(
            "/r/{token}/certificate",
            Access::Public,
            donor_thanks::certificate,
        )
        .get("/setup/{token}", Access::Public, setup::form)
        .post("/setup/{token}", Access::Public, setup::submit);

    // Staff accounts, sessions, landing pages, API tokens and the audit log.
    r.get("/login", Access::Public, auth::login_form)
        .post("/login", Access::Public, auth::login_submit)
        .post("/logout", Access::Public, auth::logout)
        .get("/pmi", Access::Pmi, staff_home::pmi_home)
        .get("/admin", Access::Organizer, staff_home::admin_home)
        .get("/admin/users", Access::Organizer, admin::users::list)
        .post("/admin/users", Access::Organizer, admin::users::create)
        .post(
            "/admin/users/{id}/role",
            Access::Organizer,
            admin::users::change_role,
        )
        .post(
            "/admin/users/{id}/disable",
            Access::Organizer,
            admin::users::disable,
        )
        .post(
            "/admin/users/{id}/enable",
            Access::Organizer,
            admin::users::enable,
        )
        .post(
            "/admin/users/{id}/reset-password",
            Access::Organizer,
            admin::users::reset_password,
        )
        .get(
            "/admin/api-tokens",
            Access::Organizer,
            admin::api_tokens::list,
        )
        .post(
            "/admin/api-tokens",
            Access::Organizer,
            admin::api_tokens::create,
        )
        .post(
            "/admin/api-tokens/{id}/revoke",
            Access::Organizer,
            admin::api_tokens::revoke,
        )
        .get("/admin/audit", Access::Organizer, admin::audit::list);

    // Organizers: drives, slots, dashboard and exports of counts and donor lists.
    r.get("/admin/drives", Access::Organizer, admin::drives::list)
        .post("/admin/drives", Access::Organizer, admin::drives::create)
        .get(
            "/admin/drives/{slug}",
            Access::Organizer,
            admin::drives::edit,
        )
        .post(
            "/admin/drives/{slug}",
            Access::Organizer,
            admin::drives::update,
        )
        .post(
            "/admin/drives/{slug}/units",
            Access::Organizer,
            admin::drives::set_units,
        )
        .get(
            "/admin/drives/{slug}/slots",
            Access::Organizer,
            admin::slots::list,
        )
        .post(
            "/admin/drives/{slug}/slots",
            Access::Organizer,
            admin::slots::generate,
        )
        .post(
            "/admin/drives/{slug}/slots/{id}/capacity",
            Access::Organizer,
            admin::slots::set_capacity,
        )
        .post(
            "/admin/drives/{slug}/slots/{id}/close",
            Access::Organizer,
            admin::slots::close,
        )
        .post(
            "/admin/drives/{slug}/slots/{id}/reopen",
            Access::Organizer,
            admin::slots::reopen,
        )
        .get(
            "/admin/units/import",
            Access::Organizer,
            admin::staff_import::form,
        )
        .post(
            "/admin/units/import",
            Access::Organizer,
            admin::staff_import::upload,
        )
        .get("/admin/units", Access::Organizer, admin::units::list)
        .post("/admin/units", Access::Organizer, admin::units::create)
        .get("/admin/units/{id}", Access::Organizer, admin::units::edit)
        .post("/admin/units/{id}", Access::Organizer, admin::units::update)
        .get(
            "/admin/drives/{slug}/not-registered",
            Access::Organizer,
            admin::not_registered::page,
        )
        .get(
            "/admin/drives/{slug}/not-registered.csv",
            Access::Organizer,
            admin::not_registered::csv,
        )
        .get(
            "/admin/drives/{slug}/reminders",
            Access::Organizer,
            admin::reminders::show,
        )
        .get(
            "/admin/drives/{slug}/applications",
            Access::Organizer,
            admin::applications::list,
        )
        .post(
            "/admin/registrations/{id}/approve",
            Access::Organizer,
            admin::applications::approve,
        )
        .post(
            "/admin/registrations/{id}/reject",
            Access::Organizer,
            admin::applications::reject,
        )
        .get(
            "/admin/drives/{slug}/invitations",
            Access::Organizer,
            admin::invitations::list,
        )
        .get(
            "/admin/drives/{slug}/donors",
            Access::Organizer,
            admin::donors::list,
        )
        .post(
            "/admin/donors/{id}/erase",
            Access::Organizer,
            admin::donors::erase,
        );
    r.get(
        "/admin/drives/{slug}/dashboard",
        Access::Organizer,
        admin::dashboard::show,
    )
    .get(
        "/admin/drives/{slug}/report",
        Access::Organizer,
        admin::report::show,
    )
    .post(
        "/admin/drives/{slug}/pmi-figures",
        Access::Organizer,
        admin::report::save_pmi_figures,
    )
    .get(
        "/admin/drives/{slug}/exports/counts.csv",
        Access::Organizer,
        admin::exports::counts_as_csv,
    )
    .get(
        "/admin/drives/{slug}/exports/counts.xlsx",
        Access::Organizer,
        admin::exports::counts_as_xlsx,
    )
    .get(
        "/admin/drives/{slug}/exports/donors.csv",
        Access::Organizer,
        admin::exports::donors_as_csv,
    )
    .get(
        "/admin/drives/{slug}/exports/donors.xlsx",
        Access::Organizer,
        admin::exports::donors_as_xlsx,
    );

    // JSON API v1 (src/web/api); its OpenAPI document lists these same routes.
    r.get("/api/openapi.json", Access::Public, api::openapi_json)
        .get("/api/v1/drives", Access::Public, api::drives::list)
        .get("/api/v1/drives/{slug}", Access::Public, api::drives::detail)
        .get(
            "/api/v1/drives/{slug}/slots",
            Access::Public,
            api::drives::slots,
        )
        .post(
            "/api/v1/eligibility",
            Access::Public,
            api::eligibility::check,
        )
        .post_counting_itself(
            "/api/v1/drives/{slug}/registrations",
            api::registrations::create,
        );

    // The day of the drive: PMI coordinators (and organizers).
    r.get("/pmi/drives/{slug}/roster", Access::Pmi, pmi::roster::show)
        .get(
            "/pmi/drives/{slug}/roster/print",
            Access::Pmi,
            pmi::roster::print,
        )
        .get(
            "/pmi/drives/{slug}/roster.csv",
            Access::Pmi,
            pmi::roster::csv,
        )
        .get(
            "/pmi/drives/{slug}/no-shows",
            Access::Pmi,
            pmi::roster::confirm_no_shows,
        )
        .post(
            "/pmi/drives/{slug}/no-shows",
            Access::Pmi,
            pmi::roster::mark_no_shows,
        )
        .get(
            "/pmi/drives/{slug}/checkin",
            Access::Pmi,
            pmi::checkin::form,
        )
        .post(
            "/pmi/drives/{slug}/checkin",
            Access::Pmi,
            pmi::checkin::submit,
        )
        .get(
            "/pmi/drives/{slug}/stations/screening",
            Access::Pmi,
            pmi::stations::screening_station,
        )
        .post(
            "/pmi/drives/{slug}/stations/screening/{id}",
            Access::Pmi,
            pmi::stations::screening_save,
        )
        .get(
            "/pmi/drives/{slug}/stations/donation",
            Access::Pmi,
            pmi::stations::donation_station,
        )
        .post(
            "/pmi/drives/{slug}/stations/donation/{id}",
            Access::Pmi,
            pmi::stations::donation_save,
        )
        .get(
            "/pmi/drives/{slug}/walk-in",
            Access::Pmi,
            pmi::walk_in::form,
        )
        .post(
            "/pmi/drives/{slug}/walk-in",
            Access::Pmi,
            pmi::walk_in::submit,
        )
        .get("/pmi/drives/{slug}/paper", Access::Pmi, pmi::paper::show)
        .post("/pmi/drives/{slug}/paper", Access::Pmi, pmi::paper::submit)
        .get(
            "/pmi/registrations/{id}",
            Access::Pmi,
            pmi::registration::show,
        )
        .post(
            "/pmi/registrations/{id}/new-link",
            Access::Pmi,
            pmi::new_link::issue,
        )
        .post(
            "/pmi/registrations/{id}/status",
            Access::Pmi,
            pmi::registration::change_status,
        )
        .post(
            "/pmi/registrations/{id}/screening",
            Access::Pmi,
            pmi::registration::screening,
        )
        .post(
            "/pmi/registrations/{id}/donation",
            Access::Pmi,
            pmi::registration::donation,
        );
}

/// The few static files, compiled into the binary so it runs from anywhere.
const STATIC_FILES: &[(&str, &str, &str)] = &[
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../../static/style.css"),
    ),
    // The lobby board's and the certificate's own sheet (`web::live`).
    (
        "live.css",
        "text/css; charset=utf-8",
        include_str!("../../static/live.css"),
    ),
];

async fn serve_static(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (_, content_type, body) = STATIC_FILES
        .iter()
        .find(|(file, _, _)| *file == name.as_str())
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, *content_type))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(*body))
}

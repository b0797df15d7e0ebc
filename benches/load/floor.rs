//! The floor: the least a handler on the same stack can do for the same two
//! requests — actix-web, diesel over an r2d2 pool of the app's default size,
//! askama, the same database — so each blood-drive scenario can be printed
//! as a ratio to what the stack itself allows, measured in the same run.
//!
//! It runs as a second process (this bench binary started again with
//! `BENCH_FLOOR_SERVER=<port>` and `BENCH_FLOOR_DATABASE=<url>`), so it is
//! measured exactly as the app is: over HTTP, by the same generator, with the
//! same two workers.
//!
//! - `GET /drives/{slug}`: one typed query (the drive joined to its slots;
//!   diesel keeps it prepared, as it does the app's), one template.
//! - `POST /book`: one transaction: insert the donor, take a seat with the
//!   same conditional update the app uses, insert the registration. No rules,
//!   no audit line, no limits, no CSRF: what the app adds on top is the point.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use sha2::{Digest, Sha256};
use uuid::Uuid;

type PgPool = Pool<ConnectionManager<PgConnection>>;

/// The app's default pool on a 2-core machine (`config::default_pool_size`).
const POOL_SIZE: u32 = 4;

#[derive(Template)]
#[template(
    ext = "html",
    source = "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>\
<body><main><h1>{{ title }}</h1><p>{{ date }} · {{ venue }} · {{ partner }}</p><ul>\
{% for (time, left) in slots %}<li>{{ time }}: {{ left }} kursi</li>{% endfor %}</ul></main></body></html>"
)]
struct DrivePage {
    title: String,
    date: String,
    venue: String,
    partner: String,
    slots: Vec<(String, i32)>,
}

async fn drive_page(pool: web::Data<PgPool>, slug: web::Path<String>) -> HttpResponse {
    use blood_drive::db::schema::{drives, slots};
    type Row = (String, NaiveDate, String, String, DateTime<Utc>, i32, i32);
    let rows = web::block(move || -> Result<Vec<Row>, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        drives::table
            .inner_join(slots::table)
            .filter(drives::slug.eq(slug.into_inner()))
            .order(slots::starts_at)
            .select((
                drives::title,
                drives::drive_date,
                drives::venue,
                drives::partner,
                slots::starts_at,
                slots::capacity,
                slots::booked,
            ))
            .load(&mut conn)
            .map_err(|e| e.to_string())
    })
    .await;
    let Ok(Ok(rows)) = rows else {
        return HttpResponse::InternalServerError().finish();
    };
    let Some(first) = rows.first() else {
        return HttpResponse::NotFound().finish();
    };
    let page = DrivePage {
        title: first.0.clone(),
        date: first.1.to_string(),
        venue: first.2.clone(),
        partner: first.3.clone(),
        slots: rows
            .iter()
            .map(|r| (r.4.format("%H:%M").to_string(), r.5 - r.6))
            .collect(),
    };
    match page.render() {
        Ok(html) => HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[derive(serde::Deserialize)]
struct Booking {
    nip: String,
    drive_id: Uuid,
    slot_id: Uuid,
}

fn book_tx(conn: &mut PgConnection, b: &Booking) -> QueryResult<bool> {
    use blood_drive::db::schema::{donors, registrations, slots};
    conn.transaction(|conn| {
        let donor: Uuid = diesel::insert_into(donors::table)
            .values((
                donors::nip.eq(&b.nip),
                donors::employee_type.eq("pns"),
                donors::full_name.eq("Peserta Uji"),
                donors::sex.eq("male"),
                donors::birth_date.eq(NaiveDate::from_ymd_opt(1985, 3, 12)),
                donors::phone.eq("6281234567890"),
                donors::weight_kg.eq(60.0),
            ))
            .returning(donors::id)
            .get_result(conn)?;
        let seated = diesel::update(
            slots::table
                .find(b.slot_id)
                .filter(slots::booked.lt(slots::capacity))
                .filter(slots::closed.eq(false)),
        )
        .set(slots::booked.eq(slots::booked + 1))
        .execute(conn)?;
        if seated != 1 {
            return Ok(false);
        }
        let code = blood_drive::domain::codes::ConfirmationCode::generate()
            .map_err(|e| diesel::result::Error::QueryBuilderError(e.to_string().into()))?;
        let token = Sha256::digest(Uuid::new_v4().as_bytes()).to_vec();
        diesel::insert_into(registrations::table)
            .values((
                registrations::drive_id.eq(b.drive_id),
                registrations::donor_id.eq(donor),
                registrations::slot_id.eq(b.slot_id),
                registrations::status.eq("booked"),
                registrations::prescreen_verdict.eq("eligible"),
                registrations::code.eq(code.as_str()),
                registrations::manage_token_hash.eq(token),
                registrations::source.eq("self"),
                registrations::sex.eq("male"),
                registrations::age_years.eq(41),
                registrations::first_time.eq(true),
            ))
            .execute(conn)?;
        Ok(true)
    })
}

async fn book(pool: web::Data<PgPool>, body: web::Json<Booking>) -> HttpResponse {
    let done = web::block(move || -> Result<bool, String> {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        book_tx(&mut conn, &body).map_err(|e| e.to_string())
    })
    .await;
    match done {
        Ok(Ok(true)) => HttpResponse::Created().finish(),
        Ok(Ok(false)) => HttpResponse::Conflict().finish(),
        _ => HttpResponse::InternalServerError().finish(),
    }
}

/// When this process was started as the floor server: serve until killed.
pub fn serve_if_asked() {
    let (Ok(port), Ok(url)) = (
        std::env::var("BENCH_FLOOR_SERVER"),
        std::env::var("BENCH_FLOOR_DATABASE"),
    ) else {
        return;
    };
    let pool = Pool::builder()
        .max_size(POOL_SIZE)
        .build(ConnectionManager::<PgConnection>::new(url))
        .expect("floor pool");
    let result = actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(pool.clone()))
                .route("/drives/{slug}", web::get().to(drive_page))
                .route("/book", web::post().to(book))
        })
        .bind(("127.0.0.1", port.parse::<u16>().expect("port")))?
        .run()
        .await
    });
    result.expect("floor server");
    std::process::exit(0);
}

/// The floor server, as a child process, killed when dropped.
pub struct Floor {
    child: Child,
    pub url: String,
}

impl Drop for Floor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(database_url: &str) -> Floor {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let child = Command::new(std::env::current_exe().expect("bench binary"))
        .env("BENCH_FLOOR_SERVER", port.to_string())
        .env("BENCH_FLOOR_DATABASE", database_url)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("floor server");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Floor {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}

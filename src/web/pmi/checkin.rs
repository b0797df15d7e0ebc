//! `/pmi/drives/{slug}/checkin`: the reception station. The code is typed,
//! scanned (a USB or Bluetooth scanner types the QR's whole address into the
//! field) or the donor's QR opens `?code=...` on a signed-in phone; the page
//! shows the donor card and the day-of questions; only the confirm button (a
//! POST) checks in, and it returns to the station, ready for the next code.
//! Beside it: who is expected from the slots about to start, and the counts.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use chrono::Utc;
use uuid::Uuid;

use super::registration::{DonorCard, refusal};
use super::stations::QUEUE_SHOWN;
use super::stations::queue_rows;
use super::stations::{Named, QueueRow, StationBar, after_save, done_notice, named, of_drive};
use crate::db::PgPool;
use crate::domain::codes::ConfirmationCode;
use crate::domain::day_of::{DayOfAction, transition};
use crate::domain::stations::Station;
use crate::error::AppError;
use crate::store::day_of::{self, DayOfAnswers};
use crate::store::drives::Drive;
use crate::store::roster::{self, RosterRow};
use crate::store::slots::Slot;
use crate::store::stations::{self, QueueEntry, StationCounts};
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::respond::{self, Notice};
use crate::web::{PageCtx, with_conn};

/// The day-of questions: form field and label key.
pub const QUESTIONS: [(&str, &str); 3] = [
    ("fever_last_7_days", "pmi-q-fever"),
    ("medication_last_3_days", "pmi-q-medication"),
    ("slept_under_4_hours", "pmi-q-sleep"),
];

#[derive(Debug, Default, Clone, Deserialize)]
pub struct CheckinForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub fever_last_7_days: String,
    #[serde(default)]
    pub medication_last_3_days: String,
    #[serde(default)]
    pub slept_under_4_hours: String,
    /// The person just checked in (after the save).
    #[serde(default)]
    pub done: String,
}

impl CheckinForm {
    pub fn answer(&self, field: &str) -> &str {
        match field {
            "fever_last_7_days" => self.fever_last_7_days.trim(),
            "medication_last_3_days" => self.medication_last_3_days.trim(),
            "slept_under_4_hours" => self.slept_under_4_hours.trim(),
            _ => "",
        }
    }
}

#[derive(Template)]
#[template(path = "pmi/checkin.html")]
pub struct CheckinPage {
    pub ctx: PageCtx,
    pub slug: String,
    pub drive_title: String,
    pub form: CheckinForm,
    pub errors: FormErrors,
    pub notice: Option<Notice>,
    pub card: Option<DonorCard>,
    pub can_check_in: bool,
    pub questions: Vec<(&'static str, String)>,
    pub bar: StationBar,
    pub queue: Vec<QueueRow>,
    pub done_href: Option<String>,
}

struct Found {
    drive: Drive,
    slots: Vec<Slot>,
    row: Option<RosterRow>,
    can_check_in: bool,
    counts: StationCounts,
    expected: Vec<QueueEntry>,
    done: Option<Named>,
    me: Uuid,
}

async fn find(
    pool: &web::Data<PgPool>,
    slug: String,
    code: Option<ConfirmationCode>,
    me: Uuid,
    done: Option<Uuid>,
) -> Result<Found, AppError> {
    with_conn(pool, move |conn| {
        let drive = Drive::find_by_slug(conn, &slug)?;
        let slots = Slot::for_drive(conn, drive.id)?;
        let done = match done {
            Some(id) => match of_drive(conn, &drive, id) {
                Ok(reg) => Some(named(conn, &reg)?),
                Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        let mut row = None;
        let mut can_check_in = false;
        if let Some(code) = code
            && let Some(id) = roster::find_by_code(conn, drive.id, code.as_str())?
        {
            let reg = crate::store::registrations::Registration::find(conn, id)?;
            let facts = day_of::facts_of(conn, &reg)?;
            can_check_in = transition(facts, DayOfAction::CheckIn).is_ok();
            row = Some(roster::row(conn, id)?);
        }
        Ok(Found {
            counts: stations::counts(conn, drive.id)?,
            expected: stations::queue(conn, drive.id, Station::Reception, Utc::now(), QUEUE_SHOWN)?,
            drive,
            slots,
            row,
            can_check_in,
            done,
            me,
        })
    })
    .await
}

fn page(ctx: PageCtx, found: &Found, form: CheckinForm) -> CheckinPage {
    let (notice, done_href) = done_notice(&ctx, None, found.done.as_ref(), Station::Reception);
    CheckinPage {
        bar: StationBar::new(&ctx, &found.drive, Station::Reception, found.counts.clone()),
        queue: queue_rows(
            &ctx,
            &found.drive,
            Station::Reception,
            &found.expected,
            found.me,
            Utc::now(),
        ),
        done_href,
        slug: found.drive.slug.clone(),
        drive_title: found.drive.title.clone(),
        card: found
            .row
            .as_ref()
            .map(|row| DonorCard::new(&ctx, &found.drive, &found.slots, row)),
        can_check_in: found.can_check_in,
        questions: QUESTIONS
            .iter()
            .map(|(field, key)| (*field, ctx.t.t(key)))
            .collect(),
        form,
        errors: FormErrors::default(),
        notice,
        ctx,
    }
}

/// Reads the code; `Err` holds the message for the code field.
fn parse_code(ctx: &PageCtx, raw: &str) -> Result<ConfirmationCode, String> {
    ConfirmationCode::parse_scanned(raw)
        .map_err(|e| ctx.t.message(e.message_key(), &e.message_args()))
}

/// `GET /pmi/drives/{slug}/checkin[?code=...]`: the code form, or the donor card.
pub async fn form(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    query: web::Query<CheckinForm>,
    Pmi(me): Pmi,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let form = CheckinForm {
        code: query.code.trim().to_owned(),
        ..Default::default()
    };
    let done = query.done.trim().parse::<Uuid>().ok();
    if form.code.is_empty() {
        let found = find(&pool, slug.into_inner(), None, me.id, done).await?;
        return respond::html(StatusCode::OK, &page(ctx, &found, form));
    }
    let code = parse_code(&ctx, &form.code);
    let found = find(
        &pool,
        slug.into_inner(),
        code.as_ref().ok().cloned(),
        me.id,
        None,
    )
    .await?;
    let mut p = page(ctx, &found, form);
    match code {
        Err(message) => {
            p.errors.add("code", message);
            respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
        Ok(code) => {
            if p.card.is_none() {
                let text = p.ctx.t.t1("pmi-code-unknown", "code", code.display());
                p.errors.add("code", text);
                return respond::html(StatusCode::NOT_FOUND, &p);
            }
            p.form.code = code.display();
            if !p.can_check_in {
                p.notice = Some(Notice::new("warn", not_possible_text(&p, &found)));
            }
            respond::html(StatusCode::OK, &p)
        }
    }
}

/// Why this card cannot be checked in (already in, waitlisted, cancelled...).
fn not_possible_text(p: &CheckinPage, found: &Found) -> String {
    let Some(row) = &found.row else {
        return String::new();
    };
    match row.status {
        crate::domain::vocab::RegistrationStatus::CheckedIn => {
            let at = row
                .checked_in_at
                .map(|at| super::clock(&p.ctx, &found.drive, &at))
                .unwrap_or_default();
            p.ctx.t.t1("pmi-already-checked-in-at", "time", at)
        }
        other => p.ctx.t.t1(
            "pmi-not-allowed",
            "status",
            p.ctx.t.t(&super::status_key(other)),
        ),
    }
}

/// `POST /pmi/drives/{slug}/checkin`: code and the day-of answers → checked in.
pub async fn submit(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    form: web::Form<CheckinForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageCtx::new(&req);
    let form = form.into_inner();
    let code = parse_code(&ctx, &form.code);
    let found = find(
        &pool,
        slug.into_inner(),
        code.as_ref().ok().cloned(),
        me.id,
        None,
    )
    .await?;
    let mut p = page(ctx, &found, form.clone());
    let code = match code {
        Ok(code) => code,
        Err(message) => {
            p.errors.add("code", message);
            return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
        }
    };
    let Some(row) = &found.row else {
        let text = p.ctx.t.t1("pmi-code-unknown", "code", code.display());
        p.errors.add("code", text);
        return respond::html(StatusCode::NOT_FOUND, &p);
    };
    p.form.code = code.display();
    let mut answers = [false; 3];
    for (i, (field, _)) in QUESTIONS.iter().enumerate() {
        match form.answer(field) {
            "yes" => answers[i] = true,
            "no" => answers[i] = false,
            _ => {
                let text = p.ctx.t.t("pmi-answer-required");
                p.errors.add(field, text);
            }
        }
    }
    if !p.errors.is_empty() {
        return respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p);
    }
    let day_of_answers = DayOfAnswers {
        fever_last_7_days: answers[0],
        medication_last_3_days: answers[1],
        slept_under_4_hours: answers[2],
    };
    let id = row.id;
    let outcome = with_conn(&pool, move |conn| {
        Ok(day_of::check_in(conn, id, me.id, day_of_answers))
    })
    .await?;
    match outcome {
        Ok(_) => Ok(respond::see_other(after_save(
            &found.drive.slug,
            Station::Reception,
            id,
        ))),
        Err(day_of::DayOfError::Database(e)) => Err(e.into()),
        Err(e) => {
            let (status, text) = refusal(&p.ctx, &found.drive, &e);
            p.notice = Some(Notice::new("bad", text));
            p.can_check_in = false;
            respond::html(status, &p)
        }
    }
}

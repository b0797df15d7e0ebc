//! `POST /drives/{slug}/register`: one step forward (or back), or the booking.
//! Steps 1 and 2 are checked again on every post, since earlier steps ride
//! along as hidden fields that can be tampered with.

use std::ops::ControlFlow;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::page::{DriveData, RegisterPage, VerdictView, load, page, reload};
use super::steps::Step;
use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::eligibility::{Verdict, VerdictKind};
use crate::domain::registration_input::{
    FieldError, RegistrationInput, parse_questionnaire, parse_registrant,
};
use crate::domain::vocab::RegistrationSource;
use crate::error::AppError;
use crate::registration::{self, Admission, SubmitError, SubmitOptions, Submitted, local_today};
use crate::store::audit::Actor;
use crate::store::drives::{Drive, InvitedUnit};
use crate::store::registrations::BookingError;
use crate::web::form_errors::FormErrors;
use crate::web::respond;
use crate::web::{PageCtx, with_conn};

#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(flatten)]
    pub input: RegistrationInput,
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub back: Option<String>,
}

/// What steps 1 and 2 let through to the booking.
struct Ready {
    ctx: PageCtx,
    input: RegistrationInput,
    verdict: Verdict,
    units: Vec<InvitedUnit>,
}

/// A page to show instead of going on, with its status code.
type Shown = (StatusCode, Box<RegisterPage>);

/// `POST /drives/{slug}/register`: one step forward (or back), or the booking.
pub async fn submit(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    slug: web::Path<String>,
    form: web::Form<RegisterForm>,
) -> Result<HttpResponse, AppError> {
    let mut data = load(&pool, slug.into_inner()).await?;
    let ctx = PageCtx::new(&req);
    let RegisterForm { input, step, back } = form.into_inner();
    let admission = {
        let (drive, input) = (data.drive.clone(), input.clone());
        with_conn(&pool, move |conn| {
            Ok(registration::admission(conn, &drive, &input)?)
        })
        .await?
    };
    let input = registration::as_listed(input, &admission);
    data.admission = Some(admission);
    let now = Utc::now();
    if !data.drive.registration_open_at(now) {
        return respond::html(StatusCode::CONFLICT, &page(ctx, &data, Step::Closed, input));
    }
    let step = Step::from_form(&step);
    if back.is_some() {
        return respond::html(StatusCode::OK, &page(ctx, &data, step.previous(), input));
    }
    let ready = match check_steps(ctx, &data, step, input, now) {
        ControlFlow::Continue(ready) => ready,
        ControlFlow::Break((status, p)) => return respond::html(status, &*p),
    };
    let outcome = book(&req, &pool, &data, &ready, now).await?;
    answer(&pool, &data, ready, outcome).await
}

/// Steps 1 and 2: the page of the next step, the same step with its
/// mistakes, the verdict that ends it, or on the last step the go-ahead.
fn check_steps(
    ctx: PageCtx,
    data: &DriveData,
    step: Step,
    mut input: RegistrationInput,
    now: DateTime<Utc>,
) -> ControlFlow<Shown, Ready> {
    let today = local_today(&data.drive, now);
    let unit_codes: Vec<String> = data.units.iter().map(|u| u.code.clone()).collect();
    // Step 1 is checked on every step: hidden fields can be tampered with.
    let registrant = match parse_registrant(&input, &unit_codes, today) {
        Ok(r) => r,
        Err(errors) => {
            return ControlFlow::Break(mistakes(ctx, data, Step::Identity, input, &errors));
        }
    };
    if data.admission == Some(Admission::NotListed) {
        let errors = [not_on_list(&data.drive, &input)];
        return ControlFlow::Break(mistakes(ctx, data, Step::Identity, input, &errors));
    }
    // Show what the identity number told us.
    input.birth_date = registrant.birth_date.format("%Y-%m-%d").to_string();
    input.sex = registrant.sex.as_str().to_owned();
    if step == Step::Identity {
        let next = page(ctx, data, Step::Health, input);
        return ControlFlow::Break((StatusCode::OK, Box::new(next)));
    }
    let (sex, birth_date) = (Some(registrant.sex), Some(registrant.birth_date));
    let answers = match parse_questionnaire(&input, sex, birth_date, today, true) {
        Ok(q) => q,
        Err(errors) => {
            return ControlFlow::Break(mistakes(ctx, data, Step::Health, input, &errors));
        }
    };
    let verdict = registration::verdict_for(&data.drive, &registrant, &answers);
    let (status, next) = if verdict.kind != VerdictKind::Eligible {
        (StatusCode::UNPROCESSABLE_ENTITY, Step::Ineligible)
    } else if step == Step::Health {
        (StatusCode::OK, Step::Slot)
    } else {
        let ready = Ready {
            ctx,
            input,
            verdict,
            units: data.units.iter().map(InvitedUnit::from).collect(),
        };
        return ControlFlow::Continue(ready);
    };
    let mut p = page(ctx, data, next, input);
    p.verdict = Some(VerdictView::new(&p.ctx, &verdict));
    ControlFlow::Break((status, Box::new(p)))
}

/// The NIP/NIK is not on the list of a drive that takes only listed staff:
/// said on the number's field, with whom to ask.
fn not_on_list(drive: &Drive, input: &RegistrationInput) -> FieldError {
    let field = if input.nip.trim().is_empty() {
        "nik"
    } else {
        "nip"
    };
    let contact = match (drive.contact_name.trim(), drive.contact_whatsapp.trim()) {
        ("", "") => String::new(),
        (name, "") => name.to_owned(),
        ("", number) => format!("+{number}"),
        (name, number) => format!("{name} (WhatsApp +{number})"),
    };
    FieldError {
        field,
        key: if contact.is_empty() {
            "reg-not-on-list"
        } else {
            "reg-not-on-list-contact"
        },
        args: vec![("contact", contact)],
    }
}

/// `step` again, with what is wrong next to each field.
fn mistakes(
    ctx: PageCtx,
    data: &DriveData,
    step: Step,
    input: RegistrationInput,
    errors: &[FieldError],
) -> Shown {
    let mut p = page(ctx, data, step, input);
    p.errors = FormErrors::from_domain(&p.ctx, errors);
    (StatusCode::UNPROCESSABLE_ENTITY, Box::new(p))
}

/// Step 3: the booking itself, through the use case the API shares.
async fn book(
    req: &HttpRequest,
    pool: &web::Data<PgPool>,
    data: &DriveData,
    ready: &Ready,
    now: DateTime<Utc>,
) -> Result<Result<Submitted, SubmitError>, AppError> {
    let ip = crate::web::auth::client_ip(req);
    let limits = req
        .app_data::<web::Data<RuntimeSettings>>()
        .map(|r| r.stranger_limits.clone())
        .unwrap_or_default();
    let drive = data.drive.clone();
    let units = ready.units.clone();
    let input = ready.input.clone();
    with_conn(pool, move |conn| {
        Ok(registration::submit(
            conn,
            &drive,
            &units,
            &input,
            SubmitOptions {
                now,
                require_answers: true,
                source: RegistrationSource::SelfService,
                actor: Actor::Donor,
                ip: ip.as_deref(),
                limits: &limits,
                // Counted by the route's guard already.
                post: None,
            },
        ))
    })
    .await
}

/// The donor's own page once booked, or the step that has to change.
async fn answer(
    pool: &web::Data<PgPool>,
    data: &DriveData,
    ready: Ready,
    outcome: Result<Submitted, SubmitError>,
) -> Result<HttpResponse, AppError> {
    let Ready {
        ctx,
        input,
        verdict,
        ..
    } = ready;
    match outcome {
        Ok(done) => Ok(respond::see_other(format!(
            "/r/{}?new=1",
            done.manage_token
        ))),
        Err(SubmitError::Closed) => {
            respond::html(StatusCode::CONFLICT, &page(ctx, data, Step::Closed, input))
        }
        Err(SubmitError::NotOnList) => {
            let errors = [not_on_list(&data.drive, &input)];
            let (status, p) = mistakes(ctx, data, Step::Identity, input, &errors);
            respond::html(status, &*p)
        }
        Err(SubmitError::Throttled(wait)) => Err(AppError::Throttled {
            retry_after_secs: wait.num_seconds(),
        }),
        Err(SubmitError::Invalid(errors)) => {
            let step = Step::first_with(&errors);
            // Seats may have changed since the page was drawn.
            let fresh = reload(pool, data).await?;
            let mut p = page(ctx, &fresh, step, input);
            p.errors = FormErrors::from_domain(&p.ctx, &errors);
            p.verdict = (step == Step::Slot).then(|| VerdictView::new(&p.ctx, &verdict));
            respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
        Err(SubmitError::NotEligible(verdict)) => {
            let mut p = page(ctx, data, Step::Ineligible, input);
            p.verdict = Some(VerdictView::new(&p.ctx, &verdict));
            respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
        }
        Err(SubmitError::Booking(BookingError::Duplicate)) => respond::html(
            StatusCode::CONFLICT,
            &page(ctx, data, Step::Duplicate, input),
        ),
        Err(SubmitError::Booking(
            e @ (BookingError::SlotFull
            | BookingError::SlotClosed
            | BookingError::UnknownSlot
            | BookingError::WaitlistFull),
        )) => slot_refused(pool, data, ctx, input, &verdict, &e).await,
        Err(SubmitError::Booking(e)) => Err(e.into()),
    }
}

/// The slot step again, with seats counted afresh, when the chosen slot
/// filled up, closed or was never the drive's.
async fn slot_refused(
    pool: &web::Data<PgPool>,
    data: &DriveData,
    ctx: PageCtx,
    input: RegistrationInput,
    verdict: &Verdict,
    e: &BookingError,
) -> Result<HttpResponse, AppError> {
    let fresh = reload(pool, data).await?;
    let mut p = page(ctx, &fresh, Step::Slot, input);
    let (message, status) = match e {
        BookingError::UnknownSlot => (
            p.ctx.t.message("input-slot-unknown", &[]),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        BookingError::WaitlistFull => (p.ctx.t.t("reg-waitlist-full"), StatusCode::CONFLICT),
        _ => (p.ctx.t.t("reg-slot-full"), StatusCode::CONFLICT),
    };
    p.errors.add("slot_id", message);
    p.input.slot_id.clear();
    p.verdict = Some(VerdictView::new(&p.ctx, verdict));
    respond::html(status, &p)
}

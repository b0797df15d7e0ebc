//! `POST /pmi/registrations/{id}/donation`: the bag, its volume, how the
//! donation went and any reaction.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::forms::DonationForm;
use super::refusal::{refused_here, refused_page};
use super::view::{Opened, RegistrationPage, open};
use crate::db::PgPool;
use crate::domain::day_of::{DayOfAction, DonationOutcome, Reaction, parse_bag_number, transition};
use crate::error::AppError;
use crate::store::day_of::{self, DayOfError, NewDonation};
use crate::web::PageCtx;
use crate::web::access::Pmi;
use crate::web::form_errors::FormErrors;
use crate::web::respond;
use crate::web::with_conn;

/// The longest donation note kept, in characters.
const MAX_NOTES_CHARS: usize = 2000;

/// `POST /pmi/registrations/{id}/donation`
pub async fn donation(
    req: HttpRequest,
    Pmi(me): Pmi,
    pool: web::Data<PgPool>,
    id: web::Path<String>,
    form: web::Form<DonationForm>,
) -> Result<HttpResponse, AppError> {
    let Opened {
        id,
        drive,
        facts,
        page: mut p,
    } = open(&req, &pool, &id).await?;
    let form = form.into_inner();
    if let Err(e) = transition(facts, DayOfAction::RecordDonation) {
        return refused_here(p, &drive, &DayOfError::Refused(e));
    }
    p.donation = form.clone();
    let new = match read_donation(&p.ctx, &form) {
        Ok(new) => new,
        Err(errors) => return with_errors(p, errors),
    };
    let result = with_conn(&pool, move |conn| {
        Ok(day_of::record_donation(conn, id, me.id, &new))
    })
    .await?;
    match result {
        Ok(_) => Ok(respond::see_other(format!(
            "/pmi/registrations/{id}?done=donated"
        ))),
        Err(DayOfError::BagTaken) => {
            let text = p.ctx.t.t("pmi-bag-taken");
            p.donation_errors.add("bag_number", text);
            respond::html(StatusCode::CONFLICT, &p)
        }
        Err(e) => refused_page(&req, &pool, id, e).await,
    }
}

/// The form again with its mistakes.
fn with_errors(mut p: RegistrationPage, errors: FormErrors) -> Result<HttpResponse, AppError> {
    p.donation_errors = errors;
    respond::html(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

/// The donation to record, or the errors to show next to each field.
pub fn read_donation(ctx: &PageCtx, form: &DonationForm) -> Result<NewDonation, FormErrors> {
    let mut errors = FormErrors::default();
    let bag = parse_bag_number(&form.bag_number);
    if bag.is_none() {
        errors.add("bag_number", ctx.t.t("pmi-bag-invalid"));
    }
    let volume = match form.volume_ml.trim() {
        "350" => Some(350),
        "450" => Some(450),
        _ => None,
    };
    if volume.is_none() {
        errors.add("volume_ml", ctx.t.t("pmi-volume-invalid"));
    }
    let outcome = DonationOutcome::parse(&form.outcome);
    if outcome.is_none() {
        errors.add("outcome", ctx.t.t("pmi-required"));
    }
    let reaction = Reaction::parse(&form.reaction);
    if reaction.is_none() {
        errors.add("reaction", ctx.t.t("pmi-required"));
    }
    let notes = form.notes.trim().to_owned();
    if notes.chars().count() > MAX_NOTES_CHARS {
        errors.add("notes", ctx.t.t("pmi-too-long"));
    }
    match (bag, volume, outcome, reaction) {
        (Some(bag_number), Some(volume_ml), Some(outcome), Some(reaction)) if errors.is_empty() => {
            Ok(NewDonation {
                bag_number,
                volume_ml,
                outcome,
                reaction,
                notes,
            })
        }
        _ => Err(errors),
    }
}

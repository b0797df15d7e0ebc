//! `POST /api/v1/drives/{slug}/registrations`: self-service registration
//! through the same use case as the form (`crate::registration::submit`).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::config::RuntimeSettings;
use crate::db::PgPool;
use crate::domain::registration_input::{FieldError, RegistrationInput};
use crate::domain::vocab::{DriveStatus, RegistrationSource};
use crate::error::AppError;
use crate::i18n::I18n;
use crate::registration::{self, SubmitError, SubmitOptions};
use crate::store::audit::Actor;
use crate::store::drives::Drive;
use crate::store::registrations::BookingError;
use crate::web::access::OwnPostCount;
use crate::web::with_conn;

use super::ApiError;
use super::bodies::{RegistrationFields, VerdictBody};

/// The request body: an object of registration fields. (Flattened, so that an
/// array is refused rather than read field by field in order.)
#[derive(Debug, Deserialize)]
pub struct RegistrationRequest {
    #[serde(flatten)]
    pub fields: RegistrationInput,
}

/// The seat a registration holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotRef {
    pub id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// A registration made.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationCreated {
    /// The confirmation code to show at check-in.
    #[schema(example = "7KQ2M9XD")]
    pub code: String,
    /// `booked` or `waitlisted`.
    #[schema(example = "booked")]
    pub status: &'static str,
    /// The seat; null on the waitlist.
    pub slot: Option<SlotRef>,
    /// The donor's secret page (view, reschedule, cancel). Shown only once.
    pub manage_url: String,
    pub verdict: VerdictBody,
}

/// A 422: fields wrong, or a rule covers the drive date.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum Unprocessable {
    Fields(super::FieldErrorsBody),
    NotEligible(super::NotEligibleBody),
}

/// Registers a person for the drive: checks the fields, evaluates the
/// self-check at the drive date, and books the seat (or the waitlist).
#[utoipa::path(
    post,
    path = "/api/v1/drives/{slug}/registrations",
    tag = "registrations",
    params(("slug" = String, Path, description = "The drive's slug")),
    request_body = RegistrationFields,
    responses(
        (status = 201, description = "Registered (booked or waitlisted)", body = RegistrationCreated,
            headers(("Location" = String, description = "The manage URL"))),
        (status = 400, description = "The body is not readable JSON", body = super::ErrorBody),
        (status = 404, description = "No such drive", body = super::ErrorBody),
        (status = 409, description = "`duplicate` (an active registration of this NIP/NIK exists), \
            `slot_full`, `slot_closed` or `registration_closed`", body = super::ErrorBody),
        (status = 415, description = "The body is not sent as application/json", body = super::ErrorBody),
        (status = 422, description = "`{errors: {field: message}}`, or `not_eligible` with the verdict",
            body = Unprocessable),
        (status = 429, description = "`too_many_requests`: too many posts or registrations from this \
            address; `Retry-After` says when to come back", body = super::ErrorBody),
    )
)]
pub async fn create(
    post: OwnPostCount,
    req: HttpRequest,
    t: I18n,
    pool: web::Data<PgPool>,
    runtime: web::Data<RuntimeSettings>,
    slug: web::Path<String>,
    body: web::Json<RegistrationRequest>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let input = body.into_inner().fields;
    let ip = crate::web::auth::client_ip(&req);
    let limits = runtime.stranger_limits.clone();
    // The post is counted in this one trip to the database: with the
    // registration, or alone where the submission stops before it.
    let post = post.hand_over();
    let outcome = with_conn(&pool, move |conn| {
        let found = Drive::find_by_slug_with_units(conn, &slug)
            .map_err(AppError::from)
            .and_then(|(drive, units)| match drive.status {
                DriveStatus::Draft => Err(AppError::NotFound),
                _ => Ok((drive, units)),
            });
        let (drive, units) = match (found, &post) {
            (Ok(found), _) => found,
            (Err(e), None) => return Err(e),
            (Err(e), Some(post)) => {
                return match registration::count_post_alone(conn, post, Utc::now()) {
                    Err(throttled @ SubmitError::Throttled(_)) => Ok(Err(throttled)),
                    _ => Err(e),
                };
            }
        };
        Ok(registration::submit(
            conn,
            &drive,
            &units,
            &input,
            SubmitOptions {
                now: Utc::now(),
                require_answers: false,
                source: RegistrationSource::SelfService,
                actor: Actor::Api,
                ip: ip.as_deref(),
                limits: &limits,
                post: post.as_ref(),
            },
        ))
    })
    .await
    .map_err(|e| ApiError::from_app(e, &t))?;

    let submitted = match outcome {
        Ok(submitted) => submitted,
        Err(SubmitError::Throttled(wait)) => return Ok(throttled(wait, &t)),
        Err(e) => return Err(refusal(e, &t)),
    };
    let manage_url = format!(
        "{}/r/{}",
        runtime.public_url.trim_end_matches('/'),
        submitted.manage_token
    );
    let body = RegistrationCreated {
        code: submitted.registration.code.clone(),
        status: submitted.registration.status.as_str(),
        slot: submitted.seat.map(|s| SlotRef {
            id: s.slot_id,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
        }),
        manage_url: manage_url.clone(),
        verdict: VerdictBody::new(&submitted.verdict, &t),
    };
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, manage_url))
        .json(body))
}

/// Too many registrations from this address: 429 with `Retry-After`, in the
/// API's one error shape.
fn throttled(wait: chrono::Duration, t: &I18n) -> HttpResponse {
    HttpResponse::TooManyRequests()
        .insert_header((header::RETRY_AFTER, wait.num_seconds().max(1)))
        .json(serde_json::json!({
            "error": "too_many_requests",
            "message": t.t("api-error-too-many-requests"),
        }))
}

/// Why a submission was refused, as the API says it.
fn refusal(e: SubmitError, t: &I18n) -> ApiError {
    match e {
        SubmitError::Closed => ApiError::refused(StatusCode::CONFLICT, "registration_closed", t),
        SubmitError::NotOnList => ApiError::refused(StatusCode::FORBIDDEN, "not_on_staff_list", t),
        SubmitError::Throttled(_) => {
            ApiError::refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", t)
        }
        SubmitError::Booking(BookingError::WaitlistFull) => {
            ApiError::refused(StatusCode::CONFLICT, "waitlist_full", t)
        }
        SubmitError::Invalid(errors) => ApiError::fields(&errors, t),
        SubmitError::NotEligible(verdict) => {
            ApiError::not_eligible(VerdictBody::new(&verdict, t), t)
        }
        SubmitError::Booking(BookingError::Duplicate) => {
            ApiError::refused(StatusCode::CONFLICT, "duplicate", t)
        }
        SubmitError::Booking(BookingError::SlotFull) => {
            ApiError::refused(StatusCode::CONFLICT, "slot_full", t)
        }
        SubmitError::Booking(BookingError::SlotClosed) => {
            ApiError::refused(StatusCode::CONFLICT, "slot_closed", t)
        }
        SubmitError::Booking(BookingError::UnknownSlot) => ApiError::fields(
            &[FieldError {
                field: "slot_id",
                key: "input-slot-unknown",
                args: Vec::new(),
            }],
            t,
        ),
        SubmitError::Booking(BookingError::Database(e)) => ApiError::from_app(e.into(), t),
        SubmitError::Booking(other) => {
            ApiError::from_app(crate::error::AppError::Internal(other.into()), t)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::PartialSchema;
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::Schema;

    #[test]
    fn the_documented_fields_are_the_fields_read() {
        let read = serde_json::to_value(RegistrationInput::default()).expect("json");
        let mut read: Vec<String> = read.as_object().expect("object").keys().cloned().collect();
        read.sort();
        let RefOr::T(Schema::Object(schema)) = RegistrationFields::schema() else {
            panic!("an object schema expected");
        };
        let mut documented: Vec<String> = schema.properties.keys().cloned().collect();
        documented.sort();
        assert_eq!(documented, read);
    }
}

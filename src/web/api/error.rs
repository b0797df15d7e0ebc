//! How the API says no: a JSON body with a stable `error` code for programs and
//! a `message` in the person's language, or `errors` by field. Internal causes
//! go to the log, never into the body.

use std::collections::BTreeMap;

use actix_web::error::JsonPayloadError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::registration_input::FieldError;
use crate::error::{AppError, ErrorKind};
use crate::i18n::{I18n, Lang};

use super::bodies::VerdictBody;

/// A refusal: what went wrong, for programs (`error`) and for people (`message`).
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable code: `not_found`, `bad_request`, `unsupported_media_type`,
    /// `payload_too_large`, `duplicate`, `slot_full`, `slot_closed`,
    /// `registration_closed`, `unavailable`, `internal`, ...
    #[schema(example = "slot_full")]
    pub error: &'static str,
    /// The same in the request's language (Accept-Language: `id` by default, or `en`).
    pub message: String,
}

/// Fields that are missing or wrong, each with a message in the request's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorsBody {
    #[schema(example = json!({"weight_kg": "Isi berat badan Anda dalam kilogram."}))]
    pub errors: BTreeMap<String, String>,
}

/// A rule of the drive covers its date: the verdict says which and until when.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotEligibleBody {
    /// Always `not_eligible`.
    #[schema(example = "not_eligible")]
    pub error: &'static str,
    pub message: String,
    pub verdict: VerdictBody,
}

/// Every `error` code with a message, for the catalogue test.
pub const ERROR_CODES: [&str; 17] = [
    "not_found",
    "method_not_allowed",
    "bad_request",
    "unsupported_media_type",
    "payload_too_large",
    "unauthorized",
    "forbidden",
    "conflict",
    "too_many_requests",
    "duplicate",
    "slot_full",
    "slot_closed",
    "registration_closed",
    "not_on_staff_list",
    "waitlist_full",
    "unavailable",
    "internal",
];

/// `Debug` (which the request log prints) names the refusal and the fields,
/// never the messages: they can quote what a person typed.
#[derive(thiserror::Error)]
pub enum ApiError {
    #[error("{status}: {code}")]
    Refused {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
    #[error("invalid fields")]
    Fields(FieldErrorsBody),
    #[error("not eligible")]
    NotEligible(Box<NotEligibleBody>),
}

impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Refused { status, code, .. } => write!(f, "{} {code}", status.as_u16()),
            ApiError::Fields(body) => {
                let fields: Vec<&str> = body.errors.keys().map(String::as_str).collect();
                write!(f, "422 invalid fields {fields:?}")
            }
            ApiError::NotEligible(body) => {
                write!(f, "422 not_eligible ({:?})", body.verdict.verdict)
            }
        }
    }
}

impl ApiError {
    /// A refusal with the message `api-error-<code>` in the language of `t`.
    pub fn refused(status: StatusCode, code: &'static str, t: &I18n) -> Self {
        ApiError::Refused {
            status,
            code,
            message: t.t(&message_key(code)),
        }
    }

    pub fn not_found(t: &I18n) -> Self {
        Self::refused(StatusCode::NOT_FOUND, "not_found", t)
    }

    /// 422 with one message per field (the first problem found for it).
    pub fn fields(errors: &[FieldError], t: &I18n) -> Self {
        let mut by_field = BTreeMap::new();
        for e in errors {
            by_field
                .entry(e.field.to_owned())
                .or_insert_with(|| t.message(e.key, &e.args));
        }
        ApiError::Fields(FieldErrorsBody { errors: by_field })
    }

    pub fn not_eligible(verdict: VerdictBody, t: &I18n) -> Self {
        ApiError::NotEligible(Box::new(NotEligibleBody {
            error: "not_eligible",
            message: t.t("api-error-not-eligible"),
            verdict,
        }))
    }

    /// An application error (database gone, row missing, ...) as the API says
    /// it; the cause is logged here and never shown.
    pub fn from_app(e: AppError, t: &I18n) -> Self {
        let kind = e.kind();
        match kind {
            ErrorKind::Internal => tracing::error!(error = %e, "API request failed"),
            ErrorKind::Unavailable => tracing::warn!(error = %e, "database unavailable"),
            _ => tracing::debug!(error = %e, "API request refused"),
        }
        let code = kind.api_code();
        Self::refused(kind.status(), code, t)
    }
}

pub fn message_key(code: &str) -> String {
    format!("api-error-{}", code.replace('_', "-"))
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Refused { status, .. } => *status,
            ApiError::Fields(_) | ApiError::NotEligible(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            ApiError::Refused { code, message, .. } => response.json(ErrorBody {
                error: code,
                message: message.clone(),
            }),
            ApiError::Fields(body) => response.json(body),
            ApiError::NotEligible(body) => response.json(body),
        }
    }
}

/// What actix's JSON extractor refuses, said as the API says it (installed with
/// `web::JsonConfig::error_handler`): a wrong Content-Type is 415, a body too
/// large 413, anything unreadable 400 with where reading stopped.
pub fn json_error(err: JsonPayloadError, req: &HttpRequest) -> actix_web::Error {
    let t = I18n::new(Lang::for_request(req));
    let api_error = match &err {
        JsonPayloadError::ContentType => ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            &t,
        ),
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::refused(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", &t)
        }
        JsonPayloadError::Deserialize(e) => ApiError::Refused {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: t.ta(
                "api-error-unreadable-json",
                &[
                    ("line", e.line().to_string()),
                    ("column", e.column().to_string()),
                ],
            ),
        },
        _ => ApiError::refused(StatusCode::BAD_REQUEST, "bad_request", &t),
    };
    tracing::debug!(error = %err, "API request body refused");
    api_error.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_a_message_in_both_languages() {
        for lang in Lang::ALL {
            let t = I18n::new(lang);
            for code in ERROR_CODES
                .iter()
                .map(|c| message_key(c))
                .chain(["api-error-not-eligible".into()])
            {
                assert!(t.has(&code), "{code} missing in {lang:?}");
            }
        }
    }

    #[test]
    fn field_errors_keep_the_first_problem_of_each_field() {
        let t = I18n::new(Lang::En);
        let errors = [
            FieldError {
                field: "weight_kg",
                key: "input-weight-missing",
                args: vec![],
            },
            FieldError {
                field: "weight_kg",
                key: "input-number-invalid",
                args: vec![],
            },
        ];
        let ApiError::Fields(body) = ApiError::fields(&errors, &t) else {
            panic!("field errors expected");
        };
        assert_eq!(body.errors.len(), 1);
        assert_eq!(body.errors["weight_kg"], "Enter your weight in kilograms.");
    }
}

//! The application's error type and how each error reaches a person.
//!
//! Where errors belong: `store` functions return `diesel::result::Error`; `web`
//! handlers return `AppError`, which picks the status code. The full cause goes to
//! the log; the person sees a friendly page in their language (rendered by
//! `web::error_page`), never internal text.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// What went wrong, as far as the person in front of the page is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    TooManyRequests,
    Unavailable,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorKind::Conflict => StatusCode::CONFLICT,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            405 => ErrorKind::MethodNotAllowed,
            409 => ErrorKind::Conflict,
            413 => ErrorKind::PayloadTooLarge,
            429 => ErrorKind::TooManyRequests,
            503 => ErrorKind::Unavailable,
            400..=499 => ErrorKind::BadRequest,
            _ => ErrorKind::Internal,
        }
    }

    /// The API's stable `error` code for this kind (its message is `api-error-<code>`).
    pub fn api_code(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::MethodNotAllowed => "method_not_allowed",
            ErrorKind::Conflict => "conflict",
            ErrorKind::PayloadTooLarge => "payload_too_large",
            ErrorKind::TooManyRequests => "too_many_requests",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Internal => "internal",
        }
    }

    /// Message-catalogue key prefix of the page explaining this error.
    pub fn message_key(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "error-bad-request",
            ErrorKind::Unauthorized => "error-unauthorized",
            ErrorKind::Forbidden => "error-forbidden",
            ErrorKind::NotFound => "error-not-found",
            ErrorKind::MethodNotAllowed => "error-method-not-allowed",
            ErrorKind::Conflict => "error-conflict",
            ErrorKind::PayloadTooLarge => "error-too-large",
            ErrorKind::TooManyRequests => "error-too-many",
            ErrorKind::Unavailable => "error-unavailable",
            ErrorKind::Internal => "error-internal",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// A known address asked with a method it does not serve; `allow` lists those it does.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(String),
    /// Too many attempts: try again after this many seconds.
    #[error("too many attempts")]
    Throttled { retry_after_secs: i64 },
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("template rendering failed: {0}")]
    Render(#[from] askama::Error),
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::NotFound => ErrorKind::NotFound,
            AppError::MethodNotAllowed { .. } => ErrorKind::MethodNotAllowed,
            AppError::BadRequest(_) => ErrorKind::BadRequest,
            AppError::Unauthorized => ErrorKind::Unauthorized,
            AppError::Forbidden => ErrorKind::Forbidden,
            AppError::Conflict(_) => ErrorKind::Conflict,
            AppError::Throttled { .. } => ErrorKind::TooManyRequests,
            AppError::Unavailable(_) => ErrorKind::Unavailable,
            AppError::Render(_) | AppError::Internal(_) => ErrorKind::Internal,
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => AppError::Unavailable(info.message().to_owned()),
            Error::DatabaseError(_, ref info) if is_connection_loss(info.message()) => {
                AppError::Unavailable(info.message().to_owned())
            }
            other => AppError::Internal(other.into()),
        }
    }
}

fn is_connection_loss(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "server closed the connection",
        "terminating connection",
        "no connection to the server",
        "connection refused",
        "could not connect",
        "the database system is",
        "broken pipe",
    ]
    .iter()
    .any(|needle| m.contains(needle))
}

// Every store error reaches a person the same way: its database part through
// the one diesel mapping above (a lost connection is 503, wherever it happens),
// the rest as the conflict or refusal it is. Handlers that have a better
// answer (a form with its message) match those cases before using `?`.

impl From<crate::store::registrations::BookingError> for AppError {
    fn from(e: crate::store::registrations::BookingError) -> Self {
        use crate::store::registrations::BookingError as E;
        match e {
            E::Database(e) => e.into(),
            E::UnknownSlot => AppError::NotFound,
            E::CodeTaken => AppError::Internal(anyhow::anyhow!("{e}")),
            E::Duplicate | E::SlotFull | E::SlotClosed | E::WaitlistFull | E::NotChangeable(_) => {
                AppError::Conflict(e.to_string())
            }
        }
    }
}

impl From<crate::store::applications::DecideError> for AppError {
    fn from(e: crate::store::applications::DecideError) -> Self {
        use crate::store::applications::DecideError as E;
        match e {
            E::Database(e) => e.into(),
            E::NotFound => AppError::NotFound,
            E::NotPending(_) => AppError::Conflict(e.to_string()),
        }
    }
}

impl From<crate::store::drive_admin::DriveAdminError> for AppError {
    fn from(e: crate::store::drive_admin::DriveAdminError) -> Self {
        use crate::store::drive_admin::DriveAdminError as E;
        match e {
            E::Database(e) => e.into(),
            E::Booking(e) => e.into(),
            E::UnknownSlot => AppError::NotFound,
            E::SlugTaken | E::Overlap { .. } | E::BelowBooked { .. } => {
                AppError::Conflict(e.to_string())
            }
        }
    }
}

impl From<crate::store::day_of::DayOfError> for AppError {
    fn from(e: crate::store::day_of::DayOfError) -> Self {
        use crate::store::day_of::DayOfError as E;
        match e {
            E::Database(e) => e.into(),
            E::AlreadyCheckedIn { .. } | E::Refused(_) | E::BagTaken | E::Stale | E::TooEarly => {
                AppError::Conflict(e.to_string())
            }
        }
    }
}

impl From<crate::store::unit_admin::UnitAdminError> for AppError {
    fn from(e: crate::store::unit_admin::UnitAdminError) -> Self {
        use crate::store::unit_admin::UnitAdminError as E;
        match e {
            E::Database(e) => e.into(),
            E::CodeTaken => AppError::Conflict(e.to_string()),
            E::ParentLoop | E::UnknownParent => AppError::BadRequest(e.to_string()),
        }
    }
}

impl From<crate::store::staff_accounts::AccountError> for AppError {
    fn from(e: crate::store::staff_accounts::AccountError) -> Self {
        use crate::store::staff_accounts::AccountError as E;
        match e {
            E::Database(e) => e.into(),
            E::NotFound => AppError::NotFound,
            E::UsernameTaken | E::LastOrganizer => AppError::Conflict(e.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// Marks an error response so the error-page middleware renders it in the person's language.
#[derive(Clone, Copy, Debug)]
pub struct ErrorPageMarker(pub ErrorKind);

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.kind().status()
    }

    fn error_response(&self) -> HttpResponse {
        match self.kind() {
            ErrorKind::Internal => tracing::error!(error = %self, "request failed"),
            ErrorKind::Unavailable => tracing::warn!(error = %self, "database unavailable"),
            _ => tracing::debug!(error = %self, "request refused"),
        }
        let mut response = HttpResponse::build(self.status_code());
        if let AppError::MethodNotAllowed { allow } = self {
            response.insert_header((actix_web::http::header::ALLOW, allow.as_str()));
        }
        if let AppError::Throttled { retry_after_secs } = self {
            response.insert_header((
                actix_web::http::header::RETRY_AFTER,
                (*retry_after_secs).max(1),
            ));
        }
        let mut response = response.finish();
        response
            .extensions_mut()
            .insert(ErrorPageMarker(self.kind()));
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_rows_are_404_and_lost_connections_503() {
        assert_eq!(
            AppError::from(diesel::result::Error::NotFound).kind(),
            ErrorKind::NotFound
        );
        let pool_timeout = AppError::Unavailable("timed out".into());
        assert_eq!(pool_timeout.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(is_connection_loss(
            "server closed the connection unexpectedly"
        ));
        assert!(!is_connection_loss(
            "duplicate key value violates unique constraint"
        ));
    }

    /// A lost connection inside any store error is a 503, by construction.
    #[test]
    fn every_store_error_carrying_a_lost_connection_is_503() {
        use crate::store::{day_of, drive_admin, registrations, staff_accounts, unit_admin};
        use diesel::result::{DatabaseErrorKind, Error};
        let lost = || {
            Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection,
                Box::new("server closed the connection unexpectedly".to_owned()),
            )
        };
        let errors: Vec<AppError> = vec![
            registrations::BookingError::Database(lost()).into(),
            drive_admin::DriveAdminError::Database(lost()).into(),
            drive_admin::DriveAdminError::Booking(registrations::BookingError::Database(lost()))
                .into(),
            day_of::DayOfError::Database(lost()).into(),
            unit_admin::UnitAdminError::Database(lost()).into(),
            staff_accounts::AccountError::Database(lost()).into(),
        ];
        for e in errors {
            assert_eq!(e.kind(), ErrorKind::Unavailable, "{e}");
        }
        // What libpq says when the server vanished between two queries.
        let unsent: AppError = Error::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand,
            Box::new("no connection to the server".to_owned()),
        )
        .into();
        assert_eq!(unsent.kind(), ErrorKind::Unavailable);
        let full: AppError = registrations::BookingError::SlotFull.into();
        assert_eq!(full.kind(), ErrorKind::Conflict);
    }

    #[test]
    fn statuses_map_back_to_kinds() {
        for kind in [
            ErrorKind::BadRequest,
            ErrorKind::NotFound,
            ErrorKind::MethodNotAllowed,
            ErrorKind::Unavailable,
            ErrorKind::Internal,
        ] {
            assert_eq!(ErrorKind::from_status(kind.status()), kind);
        }
    }
}

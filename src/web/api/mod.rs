//! The JSON API v1: open drives and their slots, the eligibility self-check and
//! self-service registration, on the same domain and store code as the pages,
//! and its OpenAPI document (generated from these handlers by `utoipa`).
//!
//! Every answer is JSON, errors included: handlers return `ApiError`, and
//! `json_error` turns what actix's JSON extractor refuses into the same shape.

pub mod bodies;
pub mod drives;
pub mod eligibility;
pub mod error;
pub mod openapi;
pub mod registrations;

pub use error::{ApiError, ErrorBody, FieldErrorsBody, NotEligibleBody, json_error};
pub use openapi::{ApiDoc, openapi_json};

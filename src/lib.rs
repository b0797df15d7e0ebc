//! blood-drive: runs a workplace blood donation drive, from the first sign-up to
//! the last bag counted.
//!
//! Layers, one direction of knowledge: `web` → `registration`, `export`,
//! `import` → `store` → `auth` → `domain`; beside them `db`, `i18n`, `config`,
//! `error`, `telemetry`. The map, with what each layer may import, is
//! `docs/ARCHITECTURE.md`.

pub mod auth;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod export;
pub mod i18n;
pub mod import;
pub mod registration;
pub mod seed;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;

pub use config::Settings;
pub use startup::Application;

//! The one integration-test binary: every test gets its own database cloned from
//! a migrated template and the real application on port 0.

mod drive_fixture;
mod helpers;

mod api;
mod concurrency;
mod constraints;
mod embedded;
mod foundation;
mod fuzz;
mod migrations;

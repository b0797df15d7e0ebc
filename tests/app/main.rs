//! The one integration-test binary: every test gets its own database cloned from
//! a migrated template and the real application on port 0.

mod helpers;

mod constraints;
mod eligibility;
mod embedded;
mod foundation;
mod migrations;
mod registration;

// Staff accounts, sessions and the security baseline.
mod access_matrix;
mod admin_pages;
mod auth;
mod logs;

// The day of the drive (PMI coordinators).
mod pmi;

//! The one integration-test binary: every test gets its own database cloned from
//! a migrated template and the real application on port 0.

mod expect;
mod fixtures;
mod helpers;

mod api;
mod backup;
mod concurrency;
mod constraints;
mod database_outage;
mod eligibility;
mod embedded;
mod foundation;
mod fuzz;
mod invariants;
mod migrations;
mod multi_instance;
mod prepared;
mod registration;
mod replica;

// Staff accounts, sessions and the security baseline.
mod access_matrix;
mod admin_pages;
mod auth;
mod logs;
mod security;
mod staff_register;
mod stranger_limits;

// Organizers: counts, dashboard, exports.
mod blood_group;
mod counts;
mod drives_admin;
mod erasure;
mod export_formulas;
mod exports_xlsx;
mod reach;
mod report;
mod staff_import;
mod stylesheet;
// The day of the drive (PMI coordinators).
mod live;
mod paper;
mod pmi;
mod stations;
mod thanks;

// In a real browser (headless Chromium): journeys, accessibility, languages.
mod browser;

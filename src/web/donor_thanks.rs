//! The donor's thanks on their own page (`/r/{token}`, the partial
//! `public/donor_thanks.html`) and their certificate (`/r/{token}/certificate`,
//! *Piagam Penghargaan*, one A4 landscape page).
//!
//! After a donation: thanks, the group PMI tested, Hb and blood pressure as
//! measured, the first day they may give again, and their donations across
//! drives. After a deferral: why, in plain words, and from when (or to ask
//! PMI). The secret link is the only key: everything is read from the
//! registration it finds; an erased donor sees nothing of this.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::PgPool;
use crate::domain::codes::SecretToken;
use crate::domain::rule_set::RuleSet;
use crate::domain::thanks::{Deferral, next_whole_blood_donation};
use crate::domain::vocab::RegistrationStatus;
use crate::error::AppError;
use crate::i18n::{I18n, Lang};
use crate::store::day_of::Screening;
use crate::store::donors::Donor;
use crate::store::drives::Drive;
use crate::store::registrations::Registration;
use crate::store::thanks::{self, PastDonation};
use crate::web::{PageCtx, respond, with_conn};

/// One drive where the person gave blood, as the page lists it.
pub struct PastLine {
    pub title: String,
    pub date: String,
    pub bags: String,
}

/// A deferral, told in plain words.
pub struct DeferredView {
    pub explanation: String,
    /// "You may try again from …", or "ask PMI" when PMI set no date.
    pub when: String,
}

/// What the partial shows; `None` on the page when there is nothing to thank
/// for yet (or the donor's data was erased).
pub struct Thanks {
    pub heading: String,
    pub donated: bool,
    /// A donation stopped before the bag was full.
    pub incomplete: bool,
    pub group: Option<String>,
    pub hb: Option<String>,
    pub blood_pressure: Option<String>,
    pub next_date: Option<String>,
    pub interval_days: u32,
    pub history: Vec<PastLine>,
    pub total_bags: String,
    pub deferred: Option<DeferredView>,
}

/// Everything the thanks and the certificate read, in one connection.
struct Facts {
    screening: Option<Screening>,
    donations: Vec<PastDonation>,
}

fn read_facts(
    conn: &mut crate::db::PgPooled,
    registration: &Registration,
    donor: &Donor,
) -> Result<Facts, AppError> {
    Ok(Facts {
        screening: thanks::latest_screening(conn, registration.id)?,
        donations: thanks::donations_of(conn, donor.id)?,
    })
}

/// A decimal as the language writes it ("13,5" / "13.5").
fn decimal(t: &I18n, value: f64) -> String {
    let text = format!("{value:.1}");
    match t.lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

fn first_name(donor: &Donor) -> Option<&str> {
    donor.full_name.split_whitespace().next()
}

/// The thanks for the page of `registration`, when it ended in a donation or
/// a deferral and the donor's data is still there.
pub async fn for_page(
    pool: &web::Data<PgPool>,
    t: &I18n,
    registration: &Registration,
    donor: &Donor,
    drive: &Drive,
) -> Result<Option<Thanks>, AppError> {
    let donated = registration.status == RegistrationStatus::Donated;
    let deferred = registration.status == RegistrationStatus::Deferred;
    if donor.erased_at.is_some() || !(donated || deferred) {
        return Ok(None);
    }
    let (reg, who) = (registration.clone(), donor.clone());
    let facts = with_conn(pool, move |conn| read_facts(conn, &reg, &who)).await?;
    Ok(Some(build(t, registration, donor, drive, &facts)))
}

fn build(
    t: &I18n,
    registration: &Registration,
    donor: &Donor,
    drive: &Drive,
    facts: &Facts,
) -> Thanks {
    let rules = RuleSet::with_overrides(&drive.eligibility_overrides).unwrap_or_default();
    let donated = registration.status == RegistrationStatus::Donated;
    let screening = facts.screening.as_ref();
    let this_drive = facts.donations.iter().find(|d| d.drive_id == drive.id);
    let total: u32 = facts.donations.iter().map(|d| d.bags).sum();
    let deferred = (registration.status == RegistrationStatus::Deferred).then(|| {
        let deferral = Deferral::of(
            screening.and_then(|s| s.deferral_reason.as_deref()),
            screening.and_then(|s| s.deferred_until),
        );
        DeferredView {
            explanation: t.t(deferral.explanation_key()),
            when: match deferral.until {
                Some(date) => t.t1("thanks-deferred-until", "date", t.long_date(date)),
                None => t.t("thanks-deferred-ask"),
            },
        }
    });
    Thanks {
        heading: match first_name(donor) {
            Some(name) if donated => t.t1("thanks-heading", "name", name),
            _ => t.t("thanks-heading-plain"),
        },
        donated,
        incomplete: donated && this_drive.is_some_and(|d| d.bags == 0),
        group: screening
            .and_then(Screening::tested_group)
            .map(|g| g.to_string()),
        hb: screening.map(|s| t.t1("thanks-hb-value", "value", decimal(t, s.hb_g_dl))),
        blood_pressure: screening.map(|s| {
            t.ta(
                "thanks-bp-value",
                &[
                    ("systolic", s.systolic.to_string()),
                    ("diastolic", s.diastolic.to_string()),
                ],
            )
        }),
        next_date: donated
            .then(|| next_whole_blood_donation(&rules, drive.drive_date))
            .flatten()
            .map(|d| t.long_date(d)),
        interval_days: rules.whole_blood_interval_days,
        history: facts
            .donations
            .iter()
            .map(|d| PastLine {
                title: d.drive_title.clone(),
                date: t.long_date(d.drive_date),
                bags: t.t1("thanks-history-bags", "count", d.bags),
            })
            .collect(),
        total_bags: t.t1("thanks-history-total", "count", total),
        deferred,
    }
}

#[derive(Template)]
#[template(path = "public/certificate.html")]
struct CertificatePage {
    ctx: PageCtx,
    token: String,
    name: String,
    unit: Option<String>,
    drive_title: String,
    on: String,
    partner: String,
    bags: Option<String>,
}

impl CertificatePage {
    fn stylesheet(&self) -> &'static str {
        crate::web::live::stylesheet_href()
    }
}

/// `GET /r/{token}/certificate`: the *Piagam Penghargaan* of a donor who gave
/// blood at this registration's drive; 404 for anyone else, as an unknown link.
pub async fn certificate(
    req: HttpRequest,
    pool: web::Data<PgPool>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    if !SecretToken::looks_valid(&token) {
        return Err(AppError::NotFound);
    }
    let hash = SecretToken::hash(&token);
    let (registration, donor, drive, unit, facts) = with_conn(&pool, move |conn| {
        let registration = Registration::find_by_token_hash(conn, &hash)?;
        let donor = Donor::find(conn, registration.donor_id)?;
        let drive = Drive::find(conn, registration.drive_id)?;
        let unit = thanks::unit_name(conn, registration.work_unit_id)?;
        let facts = read_facts(conn, &registration, &donor)?;
        Ok((registration, donor, drive, unit, facts))
    })
    .await?;
    let name = donor.full_name.trim().to_owned();
    if registration.status != RegistrationStatus::Donated
        || donor.erased_at.is_some()
        || name.is_empty()
    {
        return Err(AppError::NotFound);
    }
    let ctx = PageCtx::new(&req);
    let t = ctx.t;
    let total: u32 = facts.donations.iter().map(|d| d.bags).sum();
    let page = CertificatePage {
        token: token.into_inner(),
        name,
        unit,
        on: t.ta(
            "cert-on",
            &[
                ("date", t.long_date(drive.drive_date)),
                ("venue", drive.venue.clone()),
            ],
        ),
        drive_title: drive.title,
        partner: drive.partner,
        bags: (total > 0).then(|| t.t1("cert-bags", "count", total)),
        ctx,
    };
    respond::html(StatusCode::OK, &page)
}

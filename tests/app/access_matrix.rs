//! Every route of the route table, walked as every kind of visitor: the status
//! codes allowed for each are written here, per route. A route in the table but
//! not in this matrix fails the test: whoever adds a route adds its row.

use std::collections::BTreeSet;

use blood_drive::domain::codes::SecretToken;
use blood_drive::domain::vocab::Role;
use blood_drive::web::routes::RouteTable;

use crate::helpers::{TestApp, new_client, seed_demo, spawn_app};

/// Allowed status codes per visitor. `anon` also covers a donor holding the
/// secret link of another person (no staff rights); `token` is a request with a
/// valid API token and no session.
struct Expect {
    anon: &'static [u16],
    pmi: &'static [u16],
    organizer: &'static [u16],
    token: &'static [u16],
}

const fn all(codes: &'static [u16]) -> Expect {
    Expect {
        anon: codes,
        pmi: codes,
        organizer: codes,
        token: codes,
    }
}

/// A staff page for organizers: others are sent to sign in, PMI is refused.
const ORGANIZER_PAGE: Expect = Expect {
    anon: &[303],
    pmi: &[403],
    organizer: &[200],
    token: &[303],
};

/// An organizer's form post; `ok` is what the organizer gets for the test's input.
const fn organizer_post(ok: &'static [u16]) -> Expect {
    Expect {
        anon: &[401],
        pmi: &[403],
        organizer: ok,
        token: &[401],
    }
}

/// A PMI page: coordinators and organizers see it, others are sent to sign in.
const PMI_PAGE: Expect = Expect {
    anon: &[303],
    pmi: &[200],
    organizer: &[200],
    token: &[303],
};

/// A coordinator's form post; `ok` is what PMI and organizers get for an empty form.
const fn pmi_post(ok: &'static [u16]) -> Expect {
    Expect {
        anon: &[401],
        pmi: ok,
        organizer: ok,
        token: &[401],
    }
}

fn matrix() -> Vec<(&'static str, &'static str, Expect)> {
    vec![
        ("GET", "/healthz", all(&[200])),
        ("GET", "/readyz", all(&[200])),
        ("GET", "/lang/{code}", all(&[303])),
        ("GET", "/static/{name}", all(&[200])),
        ("GET", "/", all(&[200])),
        ("GET", "/drives/{slug}", all(&[200])),
        ("GET", "/drives/{slug}/register", all(&[200])),
        // An empty form: the identity step names what is missing.
        ("POST", "/drives/{slug}/register", all(&[422])),
        ("GET", "/eligibility", all(&[200])),
        // The JSON API is public; the matrix posts forms, which it refuses as 415.
        ("GET", "/api/openapi.json", all(&[200])),
        ("GET", "/api/v1/drives", all(&[200])),
        ("GET", "/api/v1/drives/{slug}", all(&[200])),
        ("GET", "/api/v1/drives/{slug}/slots", all(&[200])),
        ("POST", "/api/v1/eligibility", all(&[415])),
        ("POST", "/api/v1/drives/{slug}/registrations", all(&[415])),
        ("POST", "/eligibility", all(&[422])),
        // A link nobody was given: the donor pages do not exist for it.
        ("GET", "/r/{token}", all(&[404])),
        ("GET", "/r/{token}/cancel", all(&[404])),
        ("POST", "/r/{token}/cancel", all(&[404])),
        ("POST", "/r/{token}/reschedule", all(&[404])),
        ("GET", "/r/{token}/calendar.ics", all(&[404])),
        // Staff exist, so a setup link never works again; the empty form is named.
        ("GET", "/setup/{token}", all(&[404])),
        ("POST", "/setup/{token}", all(&[422])),
        (
            "GET",
            "/login",
            Expect {
                anon: &[200],
                pmi: &[303],
                organizer: &[303],
                token: &[200],
            },
        ),
        // An empty form: both fields are named as missing.
        ("POST", "/login", all(&[422])),
        ("POST", "/logout", all(&[303])),
        (
            "GET",
            "/pmi",
            Expect {
                anon: &[303],
                pmi: &[200],
                organizer: &[200],
                token: &[303],
            },
        ),
        ("GET", "/admin", ORGANIZER_PAGE),
        ("GET", "/admin/users", ORGANIZER_PAGE),
        ("POST", "/admin/users", organizer_post(&[422])),
        ("POST", "/admin/users/{id}/role", organizer_post(&[422])),
        ("POST", "/admin/users/{id}/disable", organizer_post(&[200])),
        ("POST", "/admin/users/{id}/enable", organizer_post(&[200])),
        (
            "POST",
            "/admin/users/{id}/reset-password",
            organizer_post(&[200]),
        ),
        ("GET", "/admin/api-tokens", ORGANIZER_PAGE),
        ("POST", "/admin/api-tokens", organizer_post(&[422])),
        (
            "POST",
            "/admin/api-tokens/{id}/revoke",
            organizer_post(&[200]),
        ),
        ("GET", "/admin/audit", ORGANIZER_PAGE),
        // Organizers: drives and slots. Empty forms are named field by field (422);
        // an empty unit selection invites no unit; a slot's empty capacity is refused.
        ("GET", "/admin/drives", ORGANIZER_PAGE),
        ("POST", "/admin/drives", organizer_post(&[422])),
        ("GET", "/admin/drives/{slug}", ORGANIZER_PAGE),
        ("POST", "/admin/drives/{slug}", organizer_post(&[422])),
        ("POST", "/admin/drives/{slug}/units", organizer_post(&[303])),
        ("GET", "/admin/drives/{slug}/slots", ORGANIZER_PAGE),
        ("POST", "/admin/drives/{slug}/slots", organizer_post(&[422])),
        (
            "POST",
            "/admin/drives/{slug}/slots/{id}/capacity",
            organizer_post(&[422]),
        ),
        (
            "POST",
            "/admin/drives/{slug}/slots/{id}/close",
            organizer_post(&[303]),
        ),
        (
            "POST",
            "/admin/drives/{slug}/slots/{id}/reopen",
            organizer_post(&[303]),
        ),
        ("GET", "/admin/units/import", ORGANIZER_PAGE),
        // Not a multipart upload: refused before anything is read.
        ("POST", "/admin/units/import", organizer_post(&[400])),
        ("GET", "/admin/units", ORGANIZER_PAGE),
        ("POST", "/admin/units", organizer_post(&[422])),
        ("GET", "/admin/units/{id}", ORGANIZER_PAGE),
        ("POST", "/admin/units/{id}", organizer_post(&[422])),
        ("GET", "/admin/drives/{slug}/invitations", ORGANIZER_PAGE),
        ("GET", "/admin/drives/{slug}/donors", ORGANIZER_PAGE),
        // Not confirmed and no drive to return to: refused, nothing erased.
        ("POST", "/admin/donors/{id}/erase", organizer_post(&[400])),
        // Organizers: dashboard and exports (files are pages too: 200 for organizers).
        ("GET", "/admin/drives/{slug}/dashboard", ORGANIZER_PAGE),
        ("GET", "/admin/drives/{slug}/report", ORGANIZER_PAGE),
        (
            "GET",
            "/admin/drives/{slug}/exports/counts.csv",
            ORGANIZER_PAGE,
        ),
        (
            "GET",
            "/admin/drives/{slug}/exports/counts.xlsx",
            ORGANIZER_PAGE,
        ),
        (
            "GET",
            "/admin/drives/{slug}/exports/donors.csv",
            ORGANIZER_PAGE,
        ),
        (
            "GET",
            "/admin/drives/{slug}/exports/donors.xlsx",
            ORGANIZER_PAGE,
        ),
        // The day of the drive. Empty posts: nothing confirmed (422), or the
        // fixture's registration is only booked, so no screening or donation (409).
        ("GET", "/pmi/drives/{slug}/roster", PMI_PAGE),
        ("GET", "/pmi/drives/{slug}/roster/print", PMI_PAGE),
        ("GET", "/pmi/drives/{slug}/roster.csv", PMI_PAGE),
        ("GET", "/pmi/drives/{slug}/no-shows", PMI_PAGE),
        ("POST", "/pmi/drives/{slug}/no-shows", pmi_post(&[422])),
        ("GET", "/pmi/drives/{slug}/checkin", PMI_PAGE),
        ("POST", "/pmi/drives/{slug}/checkin", pmi_post(&[422])),
        ("GET", "/pmi/drives/{slug}/walk-in", PMI_PAGE),
        ("POST", "/pmi/drives/{slug}/walk-in", pmi_post(&[422])),
        ("GET", "/pmi/registrations/{id}", PMI_PAGE),
        ("POST", "/pmi/registrations/{id}/status", pmi_post(&[422])),
        (
            "POST",
            "/pmi/registrations/{id}/screening",
            pmi_post(&[409]),
        ),
        ("POST", "/pmi/registrations/{id}/donation", pmi_post(&[409])),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Visitor {
    Anonymous,
    DonorOfAnotherPerson,
    Pmi,
    Organizer,
    ApiToken,
}

struct Fixture {
    slug: String,
    target_user: uuid::Uuid,
    spare_token: uuid::Uuid,
    slot: uuid::Uuid,
    unit: uuid::Uuid,
    registration: uuid::Uuid,
    bearer: String,
    pmi: (String, String),
    organizer: (String, String),
}

fn fill(pattern: &str, fixture: &Fixture) -> String {
    let id = if pattern.starts_with("/admin/api-tokens/") {
        fixture.spare_token.to_string()
    } else if pattern.contains("/slots/{id}") {
        fixture.slot.to_string()
    } else if pattern.starts_with("/admin/units/") {
        fixture.unit.to_string()
    } else if pattern.starts_with("/pmi/registrations/") {
        fixture.registration.to_string()
    } else {
        fixture.target_user.to_string()
    };
    let (plain, _) = SecretToken::generate().expect("token");
    pattern
        .replace("{slug}", &fixture.slug)
        .replace("{code}", "en")
        .replace("{name}", "style.css")
        .replace("{token}", &plain)
        .replace("{id}", &id)
}

async fn browser_for(app: &TestApp, visitor: Visitor, fixture: &Fixture) -> TestApp {
    match visitor {
        Visitor::Anonymous | Visitor::ApiToken => app.with_client(new_client()),
        Visitor::DonorOfAnotherPerson => {
            let browser = app.with_client(new_client());
            let (plain, _) = SecretToken::generate().expect("token");
            browser.get(&format!("/r/{plain}")).await;
            browser
        }
        Visitor::Pmi => app.login(&fixture.pmi.0, &fixture.pmi.1).await,
        Visitor::Organizer => app.login(&fixture.organizer.0, &fixture.organizer.1).await,
    }
}

#[tokio::test]
async fn every_route_answers_every_kind_of_visitor_as_the_matrix_says() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let pmi = app.create_staff("matrix-pmi", Role::Pmi);
    let organizer = app.create_staff("matrix-organizer", Role::Organizer);
    let target = app.create_staff("matrix-target", Role::Pmi);
    let (bearer, bearer_hash) = SecretToken::generate().expect("token");
    let (_, spare_hash) = SecretToken::generate().expect("token");
    let (_, spare_token) = {
        use blood_drive::store::api_tokens::ApiToken;
        let mut conn = app.conn();
        let live =
            ApiToken::create(&mut conn, "matrix", &bearer_hash, organizer.id, None).expect("token");
        let spare =
            ApiToken::create(&mut conn, "spare", &spare_hash, organizer.id, None).expect("token");
        (live.id, spare.id)
    };
    let unit = {
        use blood_drive::store::units::WorkUnit;
        WorkUnit::list(&mut app.conn()).expect("units")[0].id
    };
    let slot = crate::registration::slot_ids(&app)[0];
    crate::registration::register(
        &app,
        &slug,
        &crate::registration::valid_fields(&crate::registration::nip(901), &slot.to_string()),
    )
    .await;
    let registration = {
        use blood_drive::db::schema::registrations;
        use diesel::prelude::*;
        registrations::table
            .select(registrations::id)
            .first::<uuid::Uuid>(&mut app.conn())
            .expect("the fixture's registration")
    };
    let fixture = Fixture {
        unit,
        slot,
        slug,
        registration,
        target_user: target.id,
        spare_token,
        bearer,
        pmi: (pmi.username.clone(), pmi.password.clone()),
        organizer: (organizer.username.clone(), organizer.password.clone()),
    };

    let table = RouteTable::collect();
    let rows = matrix();
    let in_table: BTreeSet<(String, &str)> = table
        .routes
        .iter()
        .map(|r| (r.method.to_string(), r.pattern))
        .collect();
    let in_matrix: BTreeSet<(String, &str)> =
        rows.iter().map(|(m, p, _)| ((*m).to_owned(), *p)).collect();
    let missing: Vec<_> = in_table.difference(&in_matrix).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the access matrix: {missing:?}"
    );
    let stale: Vec<_> = in_matrix.difference(&in_table).collect();
    assert!(
        stale.is_empty(),
        "matrix rows for routes that no longer exist: {stale:?}"
    );

    let mut failures = Vec::new();
    for visitor in [
        Visitor::Anonymous,
        Visitor::DonorOfAnotherPerson,
        Visitor::Pmi,
        Visitor::Organizer,
        Visitor::ApiToken,
    ] {
        let mut browser = browser_for(&app, visitor, &fixture).await;
        for (method, pattern, expect) in &rows {
            let allowed = match visitor {
                Visitor::Anonymous | Visitor::DonorOfAnotherPerson => expect.anon,
                Visitor::Pmi => expect.pmi,
                Visitor::Organizer => expect.organizer,
                Visitor::ApiToken => expect.token,
            };
            let path = fill(pattern, &fixture);
            let mut request = match *method {
                "GET" => browser.client.get(browser.url(&path)),
                "POST" => {
                    let csrf = browser.any_csrf_token().await;
                    browser
                        .client
                        .post(browser.url(&path))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(format!("csrf_token={csrf}"))
                }
                other => panic!("the matrix does not know method {other}"),
            };
            if visitor == Visitor::ApiToken {
                request = request.bearer_auth(&fixture.bearer);
            }
            let res = request.send().await.expect("request");
            let status = res.status().as_u16();
            if !allowed.contains(&status) {
                failures.push(format!(
                    "{visitor:?} {method} {pattern}: got {status}, allowed {allowed:?}"
                ));
            }
            let cache = res
                .headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            if *pattern != "/static/{name}" && cache != "no-store" {
                failures.push(format!(
                    "{visitor:?} {method} {pattern}: Cache-Control {cache:?}"
                ));
            }
            if status == 303 && matches!(visitor, Visitor::Anonymous | Visitor::ApiToken) {
                let location = res
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                if pattern.starts_with("/admin") || pattern.starts_with("/pmi") {
                    let mut expected = String::from("/login?next=");
                    expected.extend(form_urlencoded::byte_serialize(path.as_bytes()));
                    if location != expected {
                        failures.push(format!("{visitor:?} {method} {pattern}: to {location}"));
                    }
                }
            }
            // Signing out ends the staff session: sign in again for the next routes.
            if *pattern == "/logout" && matches!(visitor, Visitor::Pmi | Visitor::Organizer) {
                browser = browser_for(&app, visitor, &fixture).await;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access matrix:\n{}",
        failures.join("\n")
    );
}

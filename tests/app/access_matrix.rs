//! Every route of the route table, walked as every kind of visitor: the status
//! codes allowed for each are written here, per route. A route in the table but
//! not in this matrix fails the test: whoever adds a route adds its row.

use std::collections::BTreeSet;

use blood_drive::domain::codes::SecretToken;
use blood_drive::domain::vocab::Role;
use blood_drive::web::routes::{Access, RouteTable};

use crate::expect::{assert_status, assert_status_for};
use crate::helpers::{TestApp, extract_csrf, new_client, seed_demo, spawn_app, spawn_app_with};

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
        ("GET", "/drives/{slug}/live", all(&[200])),
        ("GET", "/drives/{slug}/register", all(&[200])),
        // An empty form: the identity step names what is missing.
        ("POST", "/drives/{slug}/register", all(&[422])),
        ("GET", "/drives/{slug}/recover", all(&[200])),
        ("POST", "/drives/{slug}/recover", all(&[422])),
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
        ("GET", "/r/{token}/certificate", all(&[404])),
        // Staff exist, so a setup link never works again: checked before the form.
        ("GET", "/setup/{token}", all(&[404])),
        ("POST", "/setup/{token}", all(&[404])),
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
        ("GET", "/admin/drives/{slug}/applications", ORGANIZER_PAGE),
        ("GET", "/admin/drives/{slug}/not-registered", ORGANIZER_PAGE),
        ("GET", "/admin/drives/{slug}/reminders", ORGANIZER_PAGE),
        (
            "GET",
            "/admin/drives/{slug}/not-registered.csv",
            ORGANIZER_PAGE,
        ),
        // The fixture's registration is booked, not pending: a conflict.
        (
            "POST",
            "/admin/registrations/{id}/approve",
            organizer_post(&[409]),
        ),
        (
            "POST",
            "/admin/registrations/{id}/reject",
            organizer_post(&[409]),
        ),
        ("GET", "/admin/drives/{slug}/donors", ORGANIZER_PAGE),
        // Not confirmed and no drive to return to: refused, nothing erased.
        ("POST", "/admin/donors/{id}/erase", organizer_post(&[400])),
        // Organizers: dashboard and exports (files are pages too: 200 for organizers).
        ("GET", "/admin/drives/{slug}/dashboard", ORGANIZER_PAGE),
        ("GET", "/admin/drives/{slug}/report", ORGANIZER_PAGE),
        // An empty form: PMI's total is missing (422), nothing stored.
        (
            "POST",
            "/admin/drives/{slug}/pmi-figures",
            organizer_post(&[422]),
        ),
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
        ("GET", "/pmi/drives/{slug}/stations/screening", PMI_PAGE),
        (
            "POST",
            "/pmi/drives/{slug}/stations/screening/{id}",
            pmi_post(&[409]),
        ),
        ("GET", "/pmi/drives/{slug}/stations/donation", PMI_PAGE),
        (
            "POST",
            "/pmi/drives/{slug}/stations/donation/{id}",
            pmi_post(&[409]),
        ),
        ("GET", "/pmi/drives/{slug}/walk-in", PMI_PAGE),
        ("POST", "/pmi/drives/{slug}/walk-in", pmi_post(&[422])),
        // Without a slot the picker shows; an empty sheet has no slot (422).
        ("GET", "/pmi/drives/{slug}/paper", PMI_PAGE),
        ("POST", "/pmi/drives/{slug}/paper", pmi_post(&[422])),
        ("GET", "/pmi/registrations/{id}", PMI_PAGE),
        ("POST", "/pmi/registrations/{id}/status", pmi_post(&[422])),
        ("POST", "/pmi/registrations/{id}/new-link", pmi_post(&[200])),
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
    } else if pattern.starts_with("/pmi/registrations/")
        || pattern.starts_with("/admin/registrations/")
        || pattern.starts_with("/pmi/drives/{slug}/stations/")
    {
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

/// Accounts, a token, a registration and the ids the routes need.
async fn build_fixture(app: &TestApp) -> Fixture {
    let slug = seed_demo(app);
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
    let slot = crate::fixtures::slot_ids(app)[0];
    crate::fixtures::register(
        app,
        &slug,
        &crate::fixtures::valid_fields(&crate::fixtures::nip(901), &slot.to_string()),
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
    Fixture {
        unit,
        slot,
        slug,
        registration,
        target_user: target.id,
        spare_token,
        bearer,
        pmi: (pmi.username.clone(), pmi.password.clone()),
        organizer: (organizer.username.clone(), organizer.password.clone()),
    }
}

#[tokio::test]
async fn every_route_answers_every_kind_of_visitor_as_the_matrix_says() {
    let app = spawn_app().await;
    let fixture = build_fixture(&app).await;
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

/// One way of writing a path, as sent on the wire.
struct Spelling {
    name: &'static str,
    path: String,
    /// Whether the router still reaches the same handler (then the answer
    /// must be exactly the matrix's); otherwise it may also be 404.
    same_route: bool,
}

/// `%XX` of the byte at `index` (upper or lower case hex).
fn encode_at(path: &str, index: usize, upper: bool) -> String {
    let byte = path.as_bytes()[index];
    let hex = if upper {
        format!("%{byte:02X}")
    } else {
        format!("%{byte:02x}")
    };
    format!("{}{hex}{}", &path[..index], &path[index + 1..])
}

fn spellings(path: &str) -> Vec<Spelling> {
    let letters: Vec<usize> = path
        .char_indices()
        .filter(|(_, c)| c.is_ascii_alphabetic())
        .map(|(i, _)| i)
        .collect();
    let mut out = vec![Spelling {
        name: "plain",
        path: path.to_owned(),
        same_route: true,
    }];
    if let (Some(&first), Some(&last)) = (letters.first(), letters.last()) {
        out.push(Spelling {
            name: "first letter %xx",
            path: encode_at(path, first, false),
            same_route: true,
        });
        out.push(Spelling {
            name: "last letter %XX",
            path: encode_at(path, last, true),
            same_route: true,
        });
        let all = letters
            .iter()
            .rev()
            .fold(path.to_owned(), |p, &i| encode_at(&p, i, i % 2 == 0));
        out.push(Spelling {
            name: "every letter %XX/%xx",
            path: all,
            same_route: true,
        });
    }
    let second_slash = path[1..].find('/').map(|i| i + 1);
    if let Some(i) = second_slash {
        out.push(Spelling {
            name: "%2F",
            path: format!("{}%2F{}", &path[..i], &path[i + 1..]),
            same_route: false,
        });
        out.push(Spelling {
            name: "doubled slash",
            path: format!("{}//{}", &path[..i], &path[i + 1..]),
            same_route: false,
        });
    }
    for (name, spelled) in [
        ("leading double slash", format!("/{path}")),
        ("trailing slash", format!("{path}/")),
        ("dot segment", format!("/.{path}")),
        ("dot-dot segment", format!("/x/..{path}")),
        ("encoded dot-dot", format!("/x/%2e%2e{path}")),
    ] {
        out.push(Spelling {
            name,
            path: spelled,
            same_route: false,
        });
    }
    out
}

/// What came back for one raw request.
struct RawAnswer {
    status: u16,
    location: String,
    body_len: usize,
}

/// A visitor speaking HTTP/1.1 by hand, so the path reaches the server byte
/// for byte (a client library would resolve dot segments first).
struct RawVisitor {
    addr: String,
    cookies: String,
    bearer: Option<String>,
    csrf: String,
}

impl RawVisitor {
    async fn send(&self, method: &str, path: &str) -> RawAnswer {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let body = if method == "POST" {
            format!("csrf_token={}", self.csrf)
        } else {
            String::new()
        };
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAccept-Encoding: identity\r\n",
            self.addr
        );
        if !self.cookies.is_empty() {
            head.push_str(&format!("Cookie: {}\r\n", self.cookies));
        }
        if let Some(token) = &self.bearer {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        if method == "POST" {
            head.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        let mut stream = tokio::net::TcpStream::connect(&self.addr)
            .await
            .expect("connect");
        stream
            .write_all(format!("{head}{body}").as_bytes())
            .await
            .expect("write");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.expect("read");
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line for {method} {path}: {head:?}"));
        let location = head
            .lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case("location"))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_default();
        RawAnswer {
            status,
            location,
            body_len: body.len(),
        }
    }
}

/// Signs in (or not) with a client that keeps no cookies, and collects the
/// cookies a browser would send.
async fn raw_visitor(app: &TestApp, visitor: Visitor, fixture: &Fixture) -> RawVisitor {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let set_cookies = |res: &reqwest::Response| -> Vec<String> {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter(|pair| pair.split_once('=').is_some_and(|(_, v)| !v.is_empty()))
            .map(str::to_owned)
            .collect()
    };
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .expect("login page");
    let mut cookies = set_cookies(&page);
    let csrf = extract_csrf(&page.text().await.expect("html")).expect("csrf token");
    let account = match visitor {
        Visitor::Pmi => Some(&fixture.pmi),
        Visitor::Organizer => Some(&fixture.organizer),
        _ => None,
    };
    if let Some((username, password)) = account {
        let res = client
            .post(app.url("/login"))
            .header("cookie", cookies.join("; "))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("username", username.as_str()),
                ("password", password.as_str()),
            ])
            .send()
            .await
            .expect("login");
        assert_status_for(&res, 303, format_args!("{visitor:?} signs in"));
        cookies.extend(set_cookies(&res));
    }
    if visitor == Visitor::DonorOfAnotherPerson {
        let (plain, _) = SecretToken::generate().expect("token");
        let res = client
            .get(app.url(&format!("/r/{plain}")))
            .header("cookie", cookies.join("; "))
            .send()
            .await
            .expect("donor page");
        cookies.extend(set_cookies(&res));
    }
    RawVisitor {
        addr: app.address.trim_start_matches("http://").to_owned(),
        cookies: cookies.join("; "),
        bearer: (visitor == Visitor::ApiToken).then(|| fixture.bearer.clone()),
        csrf,
    }
}

/// Whether `visitor` holds the rights of a route with rule `access`.
fn entitled(visitor: Visitor, access: Access) -> bool {
    match access {
        Access::Public => true,
        Access::Pmi => matches!(visitor, Visitor::Pmi | Visitor::Organizer),
        Access::Organizer => visitor == Visitor::Organizer,
        Access::StaffOrToken => visitor != Visitor::Anonymous,
    }
}

/// Walks every route × visitor × spelling (and `HEAD` for every `GET`);
/// returns what broke the rules.
async fn walk_spellings(app: &TestApp, fixture: &Fixture, exact: bool) -> Vec<String> {
    let table = RouteTable::collect();
    let rows = matrix();
    let mut failures = Vec::new();
    let mut sent = 0;
    for visitor in [
        Visitor::Anonymous,
        Visitor::DonorOfAnotherPerson,
        Visitor::Pmi,
        Visitor::Organizer,
        Visitor::ApiToken,
    ] {
        let raw = raw_visitor(app, visitor, fixture).await;
        for (method, pattern, expect) in &rows {
            // Signing out would end the visitor's session for the rest.
            if *pattern == "/logout" {
                continue;
            }
            let access = table
                .routes
                .iter()
                .find(|r| r.pattern == *pattern && r.method.as_str() == *method)
                .map(|r| r.access)
                .expect("route in table");
            let allowed = match visitor {
                Visitor::Anonymous | Visitor::DonorOfAnotherPerson => expect.anon,
                Visitor::Pmi => expect.pmi,
                Visitor::Organizer => expect.organizer,
                Visitor::ApiToken => expect.token,
            };
            let path = fill(pattern, fixture);
            let mut tries: Vec<(&str, Spelling)> =
                spellings(&path).into_iter().map(|s| (*method, s)).collect();
            if *method == "GET" {
                tries.push((
                    "HEAD",
                    Spelling {
                        name: "HEAD",
                        path: path.clone(),
                        same_route: true,
                    },
                ));
            }
            for (method, spelling) in tries {
                let answer = raw.send(method, &spelling.path).await;
                sent += 1;
                let status = answer.status;
                let what = format!(
                    "{visitor:?} {method} {} ({}, {pattern})",
                    spelling.path, spelling.name
                );
                if status >= 500 {
                    failures.push(format!("{what}: {status}"));
                    continue;
                }
                if !entitled(visitor, access) {
                    let ran = (200..300).contains(&status)
                        || ((300..400).contains(&status) && !answer.location.starts_with("/login"));
                    if ran {
                        failures.push(format!(
                            "{what}: {status} {} — the handler ran for someone without the right",
                            answer.location
                        ));
                    }
                    if !exact && !matches!(status, 401 | 403 | 404 | 405) {
                        failures.push(format!("{what}: {status}, expected a refusal"));
                    }
                }
                // The same post again: "already done" is the handler answering too.
                let repeated = method == "POST" && spelling.name != "plain" && status == 409;
                // Guessing setup links from one address this often is throttled, as it should be.
                let repeated = repeated || (*pattern == "/setup/{token}" && status == 429);
                if exact && spelling.same_route && !allowed.contains(&status) && !repeated {
                    failures.push(format!("{what}: got {status}, allowed {allowed:?}"));
                }
                if exact && !spelling.same_route && !allowed.contains(&status) && status != 404 {
                    failures.push(format!("{what}: got {status}, allowed {allowed:?} or 404"));
                }
                if method == "HEAD" && answer.body_len != 0 {
                    failures.push(format!("{what}: a HEAD answer with a body"));
                }
            }
        }
    }
    assert!(sent > 1000, "only {sent} requests were sent");
    failures
}

#[tokio::test]
async fn staff_routes_stay_closed_however_the_path_is_spelled() {
    let app = spawn_app().await;
    let fixture = build_fixture(&app).await;
    let failures = walk_spellings(&app, &fixture, true).await;
    assert!(
        failures.is_empty(),
        "{} spellings broke the matrix:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The second wall: with every route's rule switched off, the role each
/// staff handler takes as an argument still refuses everyone without it.
#[tokio::test]
async fn staff_handlers_refuse_the_wrong_person_even_without_their_rules() {
    let app = spawn_app_with(|s| s.route_guards = blood_drive::config::RouteGuards::Off).await;
    let fixture = build_fixture(&app).await;
    let failures = walk_spellings(&app, &fixture, false).await;
    assert!(
        failures.is_empty(),
        "{} requests reached a staff handler without the right:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn a_known_path_with_another_method_is_405_with_allow() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);
    let client = reqwest::Client::new();
    for (method, path, allow) in [
        (reqwest::Method::DELETE, "/".to_owned(), "GET, HEAD"),
        (reqwest::Method::PUT, "/login".to_owned(), "GET, HEAD, POST"),
        (
            reqwest::Method::DELETE,
            format!("/drives/{slug}/register"),
            "GET, HEAD, POST",
        ),
        (
            reqwest::Method::PATCH,
            "/api/v1/drives".to_owned(),
            "GET, HEAD",
        ),
    ] {
        let res = client
            .request(method.clone(), app.url(&path))
            .send()
            .await
            .expect("request");
        assert_status_for(&res, 405, format_args!("{method} {path}"));
        assert_eq!(
            res.headers().get("allow").and_then(|v| v.to_str().ok()),
            Some(allow),
            "{method} {path}"
        );
        if path.starts_with("/api/") {
            let body: serde_json::Value = res.json().await.expect("json");
            assert_eq!(body["error"], "method_not_allowed");
            assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
    }
    // HEAD answers every GET like GET, without the body.
    for path in ["/", "/login", "/api/v1/drives", &format!("/drives/{slug}")] {
        let res = client.head(app.url(path)).send().await.expect("HEAD");
        assert_status_for(&res, 200, format_args!("HEAD {path}"));
        assert!(res.bytes().await.expect("body").is_empty());
    }
    let res = client
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .expect("GET");
    assert_status(&res, 404);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["error"], "not_found");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

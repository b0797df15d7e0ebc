//! Test harness: a private PostgreSQL cluster per test process (or the server at
//! TEST_DATABASE_URL), one fresh database per test, the app on a random port.

use std::path::PathBuf;
use std::sync::OnceLock;

use blood_drive::db::embedded::{EmbeddedOptions, EmbeddedPostgres, quote_ident};
use blood_drive::{Application, Settings};
use diesel::{Connection, PgConnection, RunQueryDsl};
use uuid::Uuid;

struct TestServer {
    /// URL of a database on the server, with `{db}` standing for the name.
    url_pattern: String,
    template: String,
    _cluster: Option<EmbeddedPostgres>,
}

impl TestServer {
    fn url(&self, database: &str) -> String {
        self.url_pattern.replace("{db}", database)
    }
}

static SERVER: OnceLock<TestServer> = OnceLock::new();

/// Where throwaway test state goes (world-traversable, so the postgres user can reach it).
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join("blood-drive-tests")
        .join(format!("{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn remove_stale_scratch_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir().join("blood-drive-tests")) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid: Option<u32> = name.split('-').next().and_then(|p| p.parse().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !std::path::Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn server() -> &'static TestServer {
    SERVER.get_or_init(|| {
        blood_drive::telemetry::init("warn");
        let (url_pattern, cluster) = match std::env::var("TEST_DATABASE_URL") {
            Ok(url) if !url.trim().is_empty() => (database_url_pattern(url.trim()), None),
            _ => {
                remove_stale_scratch_dirs();
                let cluster = EmbeddedPostgres::start(
                    &scratch_dir("cluster"),
                    &EmbeddedOptions { unsafe_fast: true },
                )
                .expect("starting the embedded test cluster");
                (cluster.database_url("{db}"), Some(cluster))
            }
        };
        let template = format!("bd_tpl_{}", std::process::id());
        let mut admin = PgConnection::establish(&url_pattern.replace("{db}", "postgres"))
            .expect("connecting to the test server");
        diesel::sql_query(format!(
            "DROP DATABASE IF EXISTS {}",
            quote_ident(&template)
        ))
        .execute(&mut admin)
        .expect("dropping an old template");
        diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(&template)))
            .execute(&mut admin)
            .expect("creating the template");
        let mut conn = PgConnection::establish(&url_pattern.replace("{db}", &template))
            .expect("connecting to the template");
        blood_drive::db::run_migrations(&mut conn).expect("migrating the template");
        TestServer {
            url_pattern,
            template,
            _cluster: cluster,
        }
    })
}

/// Turns `postgres://u@h:p/db?x` into a pattern with `{db}` for the database name.
fn database_url_pattern(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{host_part}/{{db}}{query}")
}

/// An empty database (no schema); returns its URL.
pub fn empty_database() -> String {
    let server = server();
    let name = format!("bd_empty_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(&server.url("postgres")).expect("admin connection");
    diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(&name)))
        .execute(&mut admin)
        .expect("create database");
    server.url(&name)
}

/// A fresh database cloned from the migrated template; returns its URL.
pub fn fresh_database() -> String {
    let server = server();
    let name = format!("bd_test_{}", Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(&server.url("postgres")).expect("admin connection");
    // Concurrent clones of one template can collide briefly; retry a few times.
    let mut attempt = 0;
    loop {
        let result = diesel::sql_query(format!(
            "CREATE DATABASE {} TEMPLATE {}",
            quote_ident(&name),
            quote_ident(&server.template)
        ))
        .execute(&mut admin);
        match result {
            Ok(_) => break,
            Err(e) if attempt < 20 => {
                attempt += 1;
                eprintln!("retrying database clone: {e}");
                std::thread::sleep(std::time::Duration::from_millis(50 * attempt));
            }
            Err(e) => panic!("cloning the template failed: {e}"),
        }
    }
    server.url(&name)
}

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    pub client: reqwest::Client,
}

impl TestApp {
    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.database_url).expect("test connection")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }

    /// Posts a form; pass the fields without `csrf_token` to test refusals.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST")
    }

    /// Posts `body` as JSON (the API's way).
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    /// The CSRF token from the hidden field of the page at `path` (this client's cookie).
    pub async fn csrf_token(&self, path: &str) -> String {
        let (_, html) = self.get_text(path).await;
        extract_csrf(&html).unwrap_or_else(|| panic!("no csrf_token on {path}"))
    }
}

pub fn extract_csrf(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub fn test_settings(database_url: String) -> Settings {
    let mut settings = Settings::from_lookup(|_| None).expect("default settings");
    settings.bind_addr = "127.0.0.1:0".parse().expect("addr");
    settings.database_url = Some(database_url);
    settings.data_dir = scratch_dir(&format!("app-{}", Uuid::new_v4().simple()));
    settings.secret_key = Some("test-secret-key-0123456789abcdef0123456789".into());
    settings.pool_size = 4;
    // Tests send hundreds of requests from 127.0.0.1 on purpose; the limits on
    // strangers are tested on their own (tests/app/stranger_limits.rs).
    settings.stranger_limits = blood_drive::auth::stranger_limits::StrangerLimits::unlimited();
    settings
}

/// Starts the real application on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the real application on a fresh database, with settings changed by `adjust`.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let database_url = tokio::task::spawn_blocking(fresh_database)
        .await
        .expect("clone");
    let mut settings = test_settings(database_url.clone());
    adjust(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("building the app");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        database_url,
        client: new_client(),
    }
}

/// Another instance of the app on the same database (same secret key), as behind
/// a load balancer.
pub async fn spawn_instance(database_url: &str) -> TestApp {
    spawn_instance_with(database_url, |_| {}).await
}

/// Another instance on the same database, with settings changed by `adjust`.
pub async fn spawn_instance_with(
    database_url: &str,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = test_settings(database_url.to_owned());
    adjust(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("building the app");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        database_url: database_url.to_owned(),
        client: new_client(),
    }
}

/// Seeds the demo drive into the app's database, open to any well-formed
/// NIP (the fixtures make NIPs up); returns its slug. Tests of the staff list
/// as the register switch the mode back (`fixtures::register_mode`).
pub fn seed_demo(app: &TestApp) -> String {
    let mut conn = app.conn();
    let slug = blood_drive::seed::seed_demo(&mut conn, chrono::Utc::now())
        .expect("seeding")
        .drive_slug;
    app.execute(&format!(
        "UPDATE drives SET registration_mode = 'open' WHERE slug = '{slug}'"
    ));
    slug
}

// --- Staff accounts and sessions -------------------------------------------

/// A staff account made directly in the database, with its plain password.
#[derive(Clone, Debug)]
pub struct StaffAccount {
    pub id: Uuid,
    pub username: String,
    pub password: String,
}

impl TestApp {
    /// The same app seen through another browser (cookie jar).
    pub fn with_client(&self, client: reqwest::Client) -> TestApp {
        TestApp {
            address: self.address.clone(),
            database_url: self.database_url.clone(),
            client,
        }
    }

    /// Creates an active account with a random password, straight in the database.
    pub fn create_staff(
        &self,
        username: &str,
        role: blood_drive::domain::vocab::Role,
    ) -> StaffAccount {
        use blood_drive::store::staff::{NewStaffUser, StaffUser};
        let password = format!("pw-{}", Uuid::new_v4().simple());
        let hash = blood_drive::auth::password::hash_password(&password).expect("hash");
        let user = StaffUser::insert(
            &mut self.conn(),
            &NewStaffUser {
                username,
                display_name: &format!("Test {username}"),
                role: role.as_str(),
                password_hash: &hash,
            },
        )
        .expect("insert staff user");
        StaffAccount {
            id: user.id,
            username: username.to_owned(),
            password,
        }
    }

    /// A fresh browser signed in through the login form (panics unless it works).
    pub async fn login(&self, username: &str, password: &str) -> TestApp {
        let browser = self.with_client(new_client());
        let csrf = browser.csrf_token("/login").await;
        let res = browser
            .post_form(
                "/login",
                &[
                    ("csrf_token", &csrf),
                    ("username", username),
                    ("password", password),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "login of {username} must work");
        browser
    }

    /// A new account of `role` and a browser signed in with it.
    pub async fn login_as(
        &self,
        role: blood_drive::domain::vocab::Role,
    ) -> (TestApp, StaffAccount) {
        let username = format!(
            "{}-{}",
            role.as_str(),
            &Uuid::new_v4().simple().to_string()[..8]
        );
        let account = self.create_staff(&username, role);
        let browser = self.login(&account.username, &account.password).await;
        (browser, account)
    }

    /// A CSRF token for this browser, from a page that carries one for anybody.
    pub async fn any_csrf_token(&self) -> String {
        for path in ["/login", "/"] {
            let (_, html) = self.get_text(path).await;
            if let Some(token) = extract_csrf(&html) {
                return token;
            }
        }
        panic!("no page offered a csrf_token");
    }

    /// Posts a form with this browser's CSRF token added.
    pub async fn post_with_csrf(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.any_csrf_token().await;
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }

    /// Runs SQL against the app's database (for moving timestamps back, never sleeping).
    pub fn execute(&self, sql: &str) -> usize {
        diesel::sql_query(sql)
            .execute(&mut self.conn())
            .expect("test SQL")
    }
}

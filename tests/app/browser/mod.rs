//! End-to-end journeys in a real browser: headless Chromium driven through
//! chromedriver (both from Debian) with fantoccini, against the real app.
//!
//! Every page a journey reaches is checked with axe-core (installed from the
//! npm registry into `tests/axe/`): no serious or critical violation may pass.
//! Screenshots of the key pages go to `target/screenshots/`, or to
//! `docs/screenshots/` (the README's pictures) with `UPDATE_SCREENSHOTS=1`.
//!
//! The browser tests run one at a time (a permit below): two cores do not
//! share well between several Chromium processes and the rest of the suite.

mod donor;
mod language;
mod live;
mod organizer;
mod pmi;
mod reach;
mod report;
mod staff_phone;
mod stations;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::helpers::{TestApp, scratch_dir};

/// A phone (the donor's device): 390 × 844 CSS pixels.
pub const PHONE: (u32, u32) = (390, 844);
/// A laptop in the hall or the office.
pub const DESKTOP: (u32, u32) = (1280, 800);

/// The axe-core version pinned in `tests/axe/package.json`.
const AXE_VERSION: &str = "4.14.1";

static ONE_AT_A_TIME: Semaphore = Semaphore::const_new(1);

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The first of `candidates` that exists, else the name found on PATH.
fn find_program(candidates: &[&str], name: &str) -> Option<PathBuf> {
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        })
}

fn chromedriver() -> PathBuf {
    find_program(&["/usr/bin/chromedriver"], "chromedriver").unwrap_or_else(|| {
        panic!(
            "the browser tests need Chromium and its driver: \
             apt-get install chromium chromium-driver"
        )
    })
}

fn chromium() -> PathBuf {
    find_program(&["/usr/bin/chromium"], "chromium").unwrap_or_else(|| {
        panic!("the browser tests need Chromium: apt-get install chromium chromium-driver")
    })
}

/// axe-core's source, installed from the npm registry on first use.
fn axe_source() -> &'static str {
    static AXE: OnceLock<String> = OnceLock::new();
    AXE.get_or_init(|| {
        let dir = manifest_dir().join("tests/axe");
        let file = dir.join("node_modules/axe-core/axe.min.js");
        if !file.is_file() {
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(&dir)
                .status()
                .unwrap_or_else(|e| {
                    panic!("installing axe-core needs npm (Node.js): {e}; or run `npm ci --prefix tests/axe`")
                });
            assert!(status.success(), "`npm ci --prefix tests/axe` failed");
        }
        std::fs::read_to_string(&file).expect("reading axe.min.js")
    })
}

fn screenshot_dir() -> PathBuf {
    if std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        manifest_dir().join("docs/screenshots")
    } else {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest_dir().join("target"))
            .join("screenshots")
    }
}

/// What axe found on one page (only the ones that fail the suite are kept in detail).
#[derive(Debug)]
pub struct AxeFinding {
    pub page: String,
    pub rule: String,
    pub impact: String,
    pub help: String,
    pub nodes: Vec<String>,
}

/// One browser session: chromedriver, Chromium and the app under test.
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    base: String,
    size: (u32, u32),
    downloads: PathBuf,
    pub findings: Vec<AxeFinding>,
    pub pages_checked: Vec<String>,
    _permit: SemaphorePermit<'static>,
}

impl Browser {
    /// Opens a browser of `size` that asks for `accept_language` first.
    pub async fn open(app: &TestApp, size: (u32, u32), accept_language: &str) -> Browser {
        let permit = ONE_AT_A_TIME.acquire().await.expect("browser permit");
        let port = free_port();
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver");
        let profile = scratch_dir(&format!("chromium-{port}"));
        let downloads = scratch_dir(&format!("downloads-{port}"));
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
                    "--force-device-scale-factor=1",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={},{}", size.0, size.1),
                    format!("--lang={}", accept_language.split(',').next().unwrap_or("id")),
                ],
                "prefs": {
                    "intl.accept_languages": accept_language,
                    "download.default_directory": downloads,
                    "download.prompt_for_download": false,
                },
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        let mut client = None;
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(e) => {
                    last_error = e.to_string();
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        let client = client.unwrap_or_else(|| panic!("no browser session: {last_error}"));
        let mut browser = Browser {
            client: Some(client),
            driver,
            base: app.address.clone(),
            size,
            downloads,
            findings: Vec::new(),
            pages_checked: Vec::new(),
            _permit: permit,
        };
        browser.resize(size).await;
        browser
    }

    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("open browser")
    }

    async fn resize(&mut self, size: (u32, u32)) {
        self.client()
            .set_window_size(size.0, size.1)
            .await
            .expect("window size");
        // Headless Chromium may count browser chrome in the window; make the
        // viewport itself the size asked for.
        let inner = self
            .client()
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await
            .expect("viewport");
        let (w, h) = (
            inner[0].as_u64().unwrap_or(size.0 as u64) as u32,
            inner[1].as_u64().unwrap_or(size.1 as u64) as u32,
        );
        if (w, h) != size {
            self.client()
                .set_window_size(
                    size.0 + (size.0.saturating_sub(w)),
                    size.1 + (size.1.saturating_sub(h)),
                )
                .await
                .expect("window size");
        }
    }

    /// Goes to `path` on the app.
    pub async fn visit(&mut self, path: &str) {
        self.client()
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("visiting {path}: {e}"));
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client().current_url().await.expect("url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client()
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => panic!("no element {css} on {}: {e}", self.where_am_i().await),
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        !self
            .client()
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
            .is_empty()
    }

    async fn where_am_i(&self) -> String {
        let path = self.path().await;
        let text = self.text().await;
        format!(
            "{path}\n--- page text ---\n{}",
            text.chars().take(1500).collect::<String>()
        )
    }

    /// Types `text` into the field matched by `css`, replacing what was there.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field.send_keys(text).await.expect("typing");
    }

    /// Sets a field's value directly (date inputs, whose typing order depends on the locale).
    pub async fn set_value(&self, css: &str, value: &str) {
        self.find(css).await;
        self.client()
            .execute(
                "document.querySelector(arguments[0]).value = arguments[1];",
                vec![json!(css), json!(value)],
            )
            .await
            .expect("set value");
    }

    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// Clicks a link or submit button and waits until the next page has loaded.
    pub async fn follow(&self, css: &str) {
        self.mark_page().await;
        self.click(css).await;
        self.wait_for_new_page(&format!("clicking {css}")).await;
    }

    /// Types `text` into the field and presses Enter, as a person or a
    /// keyboard-wedge scanner does, and waits for the page it leads to.
    pub async fn type_and_enter(&self, css: &str, text: &str) {
        self.mark_page().await;
        let field = self.find(css).await;
        field.clear().await.expect("clear");
        field
            .send_keys(&format!(
                "{text}{}",
                char::from(fantoccini::key::Key::Enter)
            ))
            .await
            .expect("typing");
        self.wait_for_new_page(&format!("typing into {css}")).await;
    }

    async fn mark_page(&self) {
        self.client()
            .execute("window.__bdOld = true;", vec![])
            .await
            .expect("marking the page");
    }

    async fn wait_for_new_page(&self, what: &str) {
        for _ in 0..400 {
            let loaded = self
                .client()
                .execute(
                    "return window.__bdOld === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await;
            if matches!(loaded, Ok(Value::Bool(true))) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "{what} did not lead to a new page: {}",
            self.where_am_i().await
        );
    }

    /// Clicks the radio button `name` = `value`.
    pub async fn choose(&self, name: &str, value: &str) {
        self.click(&format!("input[name=\"{name}\"][value=\"{value}\"]"))
            .await;
    }

    pub async fn select(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choosing {value} in {css}: {e}"));
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        match self.client().find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Asserts the page says `needle` (case as shown).
    pub async fn assert_text(&self, needle: &str) {
        let text = self.text().await;
        assert!(
            text.contains(needle),
            "expected {needle:?} on {}",
            self.where_am_i().await
        );
    }

    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.find(css).await.attr(name).await.expect("attribute")
    }

    /// Checks the page with axe-core and, when `shot` is given, saves a
    /// screenshot of the whole page under that name.
    pub async fn check(&mut self, shot: Option<&str>) {
        let mut page = self.path().await;
        if page.contains("csrf_token=") {
            // (the upload form carries its token in the URL; keep it out of reports)
            page.truncate(page.find('?').unwrap_or(page.len()));
        }
        self.axe(&page).await;
        self.assert_no_sideways_scroll(&page).await;
        if let Some(name) = shot {
            self.screenshot(name).await;
        }
    }

    /// No page may scroll sideways: wide tables scroll inside their own box.
    pub async fn assert_no_sideways_scroll(&self, page: &str) {
        let widths = self
            .client()
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .expect("page width");
        let (scroll, viewport) = (widths[0].as_u64(), widths[1].as_u64());
        if scroll <= viewport {
            return;
        }
        // Name the culprits: the innermost elements reaching past the window.
        let culprits = self
            .client()
            .execute(
                "return [...document.querySelectorAll('body *')]\
                   .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)\
                   .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))\
                   .slice(0, 5)\
                   .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
                        (e.className ? '.' + String(e.className).split(' ').join('.') : '') + \
                        ' → ' + Math.round(e.getBoundingClientRect().right) + 'px');",
                vec![],
            )
            .await
            .unwrap_or_default();
        panic!(
            "{page} scrolls sideways at {}×{}: {scroll:?} px wide in a {viewport:?} px window; \
             reaching past it: {culprits}",
            self.size.0, self.size.1
        );
    }

    /// A computed style property of the first element matching `css`.
    pub async fn style(&self, css: &str, property: &str) -> String {
        self.find(css).await;
        self.client()
            .execute(
                "return getComputedStyle(document.querySelector(arguments[0]))\
                   .getPropertyValue(arguments[1]);",
                vec![json!(css), json!(property)],
            )
            .await
            .expect("computed style")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// How many distinct rows the elements matching `css` are laid out on
    /// (by the top of their boxes).
    pub async fn rows_of(&self, css: &str) -> usize {
        let tops = self
            .client()
            .execute(
                "return [...document.querySelectorAll(arguments[0])]\
                   .map(e => Math.round(e.getBoundingClientRect().top));",
                vec![json!(css)],
            )
            .await
            .expect("element positions");
        let mut tops: Vec<i64> = tops
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default();
        assert!(!tops.is_empty(), "no element {css}");
        tops.sort_unstable();
        tops.dedup_by(|a, b| (*a - *b).abs() <= 4);
        tops.len()
    }

    async fn axe(&mut self, page: &str) {
        let client = self.client().clone();
        let loaded = client
            .execute("return typeof window.axe;", vec![])
            .await
            .expect("axe probe");
        if loaded != json!("object") {
            client
                .execute(&format!("{}\nreturn true;", axe_source()), vec![])
                .await
                .expect("injecting axe-core");
        }
        let result = client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ["violations"] })
                  .then(r => done(r.violations.map(v => ({
                      id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + (n.failureSummary || ""))
                  }))))
                  .catch(e => done({ error: String(e) }));"#,
                vec![],
            )
            .await
            .expect("running axe");
        if let Some(error) = result.get("error") {
            panic!("axe failed on {page}: {error}");
        }
        for v in result.as_array().cloned().unwrap_or_default() {
            let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            self.findings.push(AxeFinding {
                page: page.to_owned(),
                rule: text("id"),
                impact: text("impact"),
                help: text("help"),
                nodes: v
                    .get("nodes")
                    .and_then(Value::as_array)
                    .map(|n| {
                        n.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
        self.pages_checked.push(page.to_owned());
    }

    /// Clicks a download link and waits for the file: (file name, bytes).
    pub async fn download(&self, css: &str) -> (String, Vec<u8>) {
        let before: Vec<PathBuf> = files_in(&self.downloads);
        self.click(css).await;
        for _ in 0..200 {
            let done: Vec<PathBuf> = files_in(&self.downloads)
                .into_iter()
                .filter(|p| !before.contains(p))
                .filter(|p| {
                    p.extension()
                        .is_none_or(|e| e != "crdownload" && e != "tmp")
                })
                .filter(|p| {
                    // Chromium writes into hidden temporary files first.
                    p.file_name()
                        .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
                })
                .collect();
            if let Some(path) = done.first() {
                let bytes = std::fs::read(path).expect("reading the download");
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                return (name, bytes);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no file was downloaded by clicking {css}");
    }

    /// A screenshot of the whole page (the window grows to the page's height for it).
    pub async fn screenshot(&mut self, name: &str) {
        let height = self
            .client()
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight);",
                vec![],
            )
            .await
            .expect("page height")
            .as_u64()
            .unwrap_or(self.size.1 as u64) as u32;
        let size = self.size;
        let tall = (size.0, height.clamp(size.1, 6000));
        self.resize(tall).await;
        let png = self.client().screenshot().await.expect("screenshot");
        self.resize(size).await;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("writing screenshot");
    }

    /// Fails when axe found anything serious or critical on any page; prints
    /// the lesser findings so they stay visible.
    pub fn assert_accessible(&self, journey: &str) {
        let (bad, minor): (Vec<&AxeFinding>, Vec<&AxeFinding>) = self
            .findings
            .iter()
            .partition(|f| f.impact == "serious" || f.impact == "critical");
        for f in &minor {
            eprintln!("axe ({}) {} on {}: {}", f.impact, f.rule, f.page, f.help);
        }
        assert!(
            !self.pages_checked.is_empty(),
            "no page was checked with axe"
        );
        assert!(
            bad.is_empty(),
            "axe found serious or critical problems:\n{}",
            bad.iter()
                .map(|f| format!(
                    "- [{}] {} on {}: {}\n    {}",
                    f.impact,
                    f.rule,
                    f.page,
                    f.help,
                    f.nodes.join("\n    ")
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
        record_axe_summary(journey, &self.pages_checked, &self.findings);
    }

    /// Ends the session and stops chromedriver.
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Writes the pages a journey checked, with what axe said, to
/// `<screenshots>/axe-<journey>.txt`.
fn record_axe_summary(journey: &str, pages: &[String], findings: &[AxeFinding]) {
    let dir = screenshot_dir();
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    // Random tokens, ids and codes vary from run to run; the report names pages.
    let stable = |page: &str| -> String {
        let (path, query) = page.split_once('?').unwrap_or((page, ""));
        let path: Vec<String> = path
            .split('/')
            .map(|seg| {
                if seg.len() >= 20 && seg.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
                    if seg.contains('-') { "{id}" } else { "{token}" }.to_owned()
                } else {
                    seg.to_owned()
                }
            })
            .collect();
        let query: Vec<String> = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| match q.split_once('=') {
                Some(("code", _)) => "code={code}".to_owned(),
                _ => q.to_owned(),
            })
            .collect();
        if query.is_empty() {
            path.join("/")
        } else {
            format!("{}?{}", path.join("/"), query.join("&"))
        }
    };
    let mut lines = format!(
        "axe-core {} on {} pages of the {journey} journey\n",
        AXE_VERSION,
        pages.len()
    );
    for page in pages {
        let on_page: Vec<String> = findings
            .iter()
            .filter(|f| &f.page == page)
            .map(|f| format!("{} ({})", f.rule, f.impact))
            .collect();
        lines.push_str(&format!(
            "{}: {}\n",
            stable(page),
            if on_page.is_empty() {
                "no violations".to_owned()
            } else {
                on_page.join(", ")
            }
        ));
    }
    let _ = std::fs::write(dir.join(format!("axe-{journey}.txt")), lines);
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Every page works without JavaScript because no page carries any: the
/// templates hold no script, and the CSP would refuse an inline one anyway.
#[test]
fn no_template_carries_a_script() {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("templates").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                let text = std::fs::read_to_string(&path).expect("template");
                out.push((path, text));
            }
        }
    }
    let mut templates = Vec::new();
    walk(&manifest_dir().join("templates"), &mut templates);
    assert!(templates.len() > 20, "the templates were found");
    for (path, text) in templates {
        let lower = text.to_lowercase();
        assert!(
            !lower.contains("<script")
                && !lower.contains(" onclick=")
                && !lower.contains("javascript:"),
            "{} carries script",
            path.display()
        );
    }
}

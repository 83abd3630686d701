//! Harness for driving the real `casecraft-desktop` binary through `tauri-driver` and
//! `WebKitWebDriver`: launch the app on a data directory, click, type, wait for text, screenshot.
//!
//! Helpers panic with a message saying what did not happen: they exist for tests.
//! Every process the harness starts is killed by pid when the [`App`] is dropped.

mod cli;
pub mod dialog;
mod driver;
pub mod hub;
mod paths;
pub mod render;

use std::fmt::Display;
use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::runtime::Runtime;

pub use cli::{cli_binary, Device, DEVICE_PASSPHRASE};
pub use driver::Driver;
pub use paths::{desktop_binary, workspace_root};

/// How long a helper waits for the UI before failing, unless told otherwise.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);
/// Counts, in the page, every click it receives (in the capture phase, before any handler can
/// stop it) and returns the page's own token with the count so far and the number of dialogs open:
/// a page loaded afresh starts counting under a new token, and a click that opened or closed a
/// dialog changes the answer too.
const CLICKS_RECEIVED: &str = "const seen = window.__clicksReceived ??= (() => { \
       const counter = { page: Math.random().toString(36).slice(2), count: 0 }; \
       window.addEventListener('click', () => { counter.count += 1; }, true); \
       return counter; })(); \
     return `${seen.page}:${seen.count}:${document.querySelectorAll('.overlay').length}`;";
/// How long a click the page has not received yet may take to arrive before it is taken as lost:
/// a busy page takes in a click the driver reported done a good while later, and a second click
/// would then land on whatever the first one opened.
const CLICK_ARRIVAL: Duration = Duration::from_secs(3);
/// How long one WebDriver command (or opening the session, which starts the app) may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// How many times [`App::launch`] tries to open a session before failing.
const LAUNCH_ATTEMPTS: u32 = 3;

/// A running desktop app with a WebDriver session on it.
#[derive(Debug)]
pub struct App {
    runtime: Runtime,
    client: Option<Client>,
    // Dropped after the session is closed (field order is drop order after `Drop::drop`).
    driver: Driver,
    data_dir: std::path::PathBuf,
}

/// The passphrase the end-to-end journeys set up and unlock with; the same as the CLI's
/// [`cli::DEVICE_PASSPHRASE`], so the CLI opens what the app wrote.
pub const APP_PASSPHRASE: &str = cli::DEVICE_PASSPHRASE;

impl App {
    /// Starts tauri-driver, which starts WebKitWebDriver, which starts the app with
    /// `CASECRAFT_DATA_DIR=data_dir`. Waits until the driver reports ready and the page has loaded.
    ///
    /// Opening the session is tried up to [`LAUNCH_ATTEMPTS`] times, each with fresh drivers:
    /// WebKitWebDriver now and then drops the new-session request before the app is up (seen
    /// mostly when two apps start at once). An app that never starts still fails, with every
    /// attempt's error.
    pub fn launch(data_dir: &Path) -> App {
        let binary = desktop_binary();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("could not build a tokio runtime for the WebDriver client");
        let mut failures = Vec::new();
        for attempt in 1..=LAUNCH_ATTEMPTS {
            let driver = Driver::start(data_dir);
            match open_session(&runtime, &driver.url(), &binary) {
                Ok(client) => {
                    if attempt > 1 {
                        eprintln!("the app started on attempt {attempt}: {failures:?}");
                    }
                    let app = App {
                        runtime,
                        client: Some(client),
                        driver,
                        data_dir: data_dir.to_path_buf(),
                    };
                    app.wait_for(DEFAULT_WAIT, "the page to finish loading", |app| {
                        app.eval("return document.readyState")
                            .is_some_and(|state| state == "complete")
                    });
                    return app;
                }
                Err(error) => {
                    failures.push(format!("attempt {attempt}: {error}\n{}", driver.log_tail()))
                }
            }
        }
        panic!(
            "could not open a WebDriver session on the app:\n{}",
            failures.join("\n")
        );
    }

    /// First run: name and role, the passphrase ([`APP_PASSPHRASE`]) typed twice, then past the
    /// recovery code (returned) to the caseload.
    pub fn first_run(&self, name: &str, role: &str) -> String {
        self.fill("#profile-name", name);
        self.select("#profile-role", role);
        self.fill("#first-run-passphrase", APP_PASSPHRASE);
        self.fill("#first-run-again", APP_PASSPHRASE);
        self.click("#first-run button[type=submit]");
        self.wait_text("#recovery-title", "Your recovery code", DEFAULT_WAIT);
        let code = self.texts("#recovery-code").concat();
        self.click("#recovery-done");
        self.wait_text("main h1", "Caseload", DEFAULT_WAIT);
        code
    }

    /// The unlock screen: types [`APP_PASSPHRASE`] and waits for the caseload (or the screen the
    /// app opens on).
    pub fn unlock(&self) {
        self.wait_text("#unlock-title", "Casecraft is locked", DEFAULT_WAIT);
        self.type_into("#unlock-passphrase", APP_PASSPHRASE);
        self.click("#unlock button[type=submit]");
        self.wait_for(DEFAULT_WAIT, "the casework to open", |app| {
            app.eval("return document.getElementById('unlock') === null && document.querySelector('main h1') !== null ? 'yes' : 'no'")
                .is_some_and(|v| v == "yes")
        });
    }

    /// [`App::launch`] on casework set up before, then [`App::unlock`].
    pub fn launch_unlocked(data_dir: &Path) -> App {
        let app = App::launch(data_dir);
        app.unlock();
        app
    }

    /// Clicks the first element matching `css`, waiting for it to exist, and makes sure the page
    /// received the click. WebKitWebDriver's answer cannot be trusted either way: it refuses a
    /// click (with an empty message) while the page is busy laying out, e.g. right after a 1 MiB
    /// body was rendered; it may report as failed a click it did deliver (a second click would
    /// then land on the dialog the first one opened, and close it, as a stray click would); and
    /// it may report as done a click that never reached the page, or that reaches it only later.
    /// So the page itself counts the clicks it receives, and a click is repeated, until
    /// [`DEFAULT_WAIT`], only when in [`CLICK_ARRIVAL`] neither that count moved nor a dialog
    /// opened or closed.
    pub fn click(&self, css: &str) {
        let deadline = Instant::now() + DEFAULT_WAIT;
        let before = self.eval(CLICKS_RECEIVED);
        loop {
            let element = self.find(css);
            self.centre(css, &element);
            let answer = self.block(format_args!("clicking `{css}`"), element.click());
            if self.click_received(before.as_deref()) {
                return;
            }
            if Instant::now() >= deadline {
                let answer = match answer {
                    Ok(()) => "the driver reported it done".to_owned(),
                    Err(error) => error.to_string(),
                };
                panic!(
                    "could not click `{css}`: the page never received the click ({answer})\n{}",
                    self.click_diagnosis(css)
                );
            }
            std::thread::sleep(POLL * 4);
        }
    }

    /// Whether the page received a click since it answered `before` ([`CLICKS_RECEIVED`]):
    /// waits up to [`CLICK_ARRIVAL`] for the answer to change. A page that no longer counts (it
    /// was loaded afresh, as locking does) or does not answer is taken to have received it: a
    /// second click must not land on whatever the first one opened.
    fn click_received(&self, before: Option<&str>) -> bool {
        let Some(before) = before else { return true };
        let settle = Instant::now() + CLICK_ARRIVAL;
        loop {
            match self.eval(CLICKS_RECEIVED).as_deref() {
                Some(now) if now == before => {}
                _ => return true,
            }
            if Instant::now() >= settle {
                return false;
            }
            std::thread::sleep(POLL);
        }
    }

    /// Answers the app's own question before something it cannot undo (completing an entry,
    /// moving a case to the trash): waits for the dialog, checks it asks `question`, and confirms.
    pub fn confirm(&self, question: &str) {
        self.wait_text("#ask #ask-title", question, DEFAULT_WAIT);
        self.click("#ask .ask-confirm");
        self.wait_for(DEFAULT_WAIT, "the question to close", |app| {
            app.eval("return document.getElementById('ask') ? 'open' : 'closed'")
                .is_some_and(|v| v == "closed")
        });
    }

    /// Opens the case tab `key` ("chronology", "network", "cowork", "reflections", "actions")
    /// and waits until its panel is the one shown. The click is repeated if the panel did not
    /// change: a click WebKitWebDriver reports as done can land while the page is busy and be
    /// lost, and the hidden panel's controls would then refuse every click after it.
    pub fn open_tab(&self, key: &str) {
        let shown = format!(
            "const p = document.getElementById('panel-{key}'); \
             return p && !p.hidden && document.getElementById('tab-{key}')\
               .getAttribute('aria-selected') === 'true' ? 'yes' : 'no'"
        );
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            self.click(&format!("#tab-{key}"));
            let settle = Instant::now() + POLL * 10;
            while Instant::now() < settle {
                if self.eval(&shown).is_some_and(|v| v == "yes") {
                    return;
                }
                std::thread::sleep(POLL);
            }
            if Instant::now() >= deadline {
                panic!(
                    "the `{key}` tab did not open within {DEFAULT_WAIT:?}\n{}",
                    self.page_summary()
                );
            }
        }
    }

    /// Opens a screen from the navigation bar (`route` as in its link, `#/portfolio`) and waits
    /// until the app is on it, clicking again if a click was lost while the page was busy.
    pub fn go(&self, route: &str) {
        let link = format!(".nav a[href='{route}']");
        let there = format!(
            "return location.hash === {} && document.querySelector('main h1') ? 'yes' : 'no'",
            serde_json::to_string(route).unwrap_or_default()
        );
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            self.click(&link);
            let settle = Instant::now() + POLL * 10;
            while Instant::now() < settle {
                if self.eval(&there).is_some_and(|v| v == "yes") {
                    return;
                }
                std::thread::sleep(POLL);
            }
            if Instant::now() >= deadline {
                panic!(
                    "the app did not go to {route} within {DEFAULT_WAIT:?}\n{}",
                    self.page_summary()
                );
            }
        }
    }

    /// Why a click may have been refused: whether the element is hidden, where it is, and what
    /// lies at its centre instead.
    fn click_diagnosis(&self, css: &str) -> String {
        let script = format!(
            "const n = document.querySelector({css}); if (!n) return 'no element matches'; \
             const r = n.getBoundingClientRect(); \
             const hidden = n.closest('[hidden]'); \
             const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); \
             const name = (e) => e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') : 'nothing'; \
             return `hidden by: ${{name(hidden)}}; disabled: ${{!!n.disabled}}; \
               rect: ${{Math.round(r.left)}},${{Math.round(r.top)}} ${{Math.round(r.width)}}x${{Math.round(r.height)}}; \
               viewport: ${{innerWidth}}x${{innerHeight}}; at its centre: ${{name(top)}}`",
            css = serde_json::to_string(css).unwrap_or_default()
        );
        self.eval(&script)
            .unwrap_or_else(|| "the page did not answer".to_owned())
    }

    /// Scrolls `element` to the middle of the window. WebKitWebDriver scrolls a control only
    /// just into view and then may call it not interactable when the sticky top bar (or the
    /// sticky record form) covers it; a person scrolls it into plain sight.
    fn centre(&self, css: &str, element: &fantoccini::elements::Element) {
        let _ = self.block(
            format_args!("scrolling `{css}` into view"),
            self.client().execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![serde_json::to_value(element).expect("an element serialises")],
            ),
        );
    }

    /// Types `text` into the first element matching `css` (after what it already holds).
    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.centre(css, &element);
        self.block(format_args!("typing into `{css}`"), element.send_keys(text))
            .unwrap_or_else(|error| panic!("could not type into `{css}`: {error}"));
    }

    /// Empties the first text field matching `css`, then types `text` (if any: WebDriver
    /// refuses to type nothing).
    pub fn fill(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.centre(css, &element);
        self.block(format_args!("clearing `{css}`"), element.clear())
            .unwrap_or_else(|error| panic!("could not clear `{css}`: {error}"));
        if !text.is_empty() {
            self.type_into(css, text);
        }
    }

    /// Chooses the option whose value is `value` in the `<select>` matching `css` (centred
    /// first, as [`App::click`] does, so the sticky top bar never covers it).
    pub fn select(&self, css: &str, value: &str) {
        let element = self.find(css);
        self.centre(css, &element);
        self.block(
            format_args!("selecting `{value}` in `{css}`"),
            element.select_by_value(value),
        )
        .unwrap_or_else(|error| panic!("could not select `{value}` in `{css}`: {error}"));
    }

    /// Waits until an element matching `css` contains `expected` in its text.
    pub fn wait_text(&self, css: &str, expected: &str, timeout: Duration) {
        let mut last_seen = None;
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(text) = self.text_of(css) {
                if text.contains(expected) {
                    return;
                }
                last_seen = Some(text);
            }
            if Instant::now() >= deadline {
                match last_seen {
                    Some(text) => panic!(
                        "`{css}` did not show {expected:?} within {timeout:?}; it showed {text:?}\n{}\n{}",
                        self.page_summary(),
                        self.driver.log_tail()
                    ),
                    None => panic!(
                        "`{css}` did not appear within {timeout:?} (waiting for {expected:?})\n{}\n{}",
                        self.page_summary(),
                        self.driver.log_tail()
                    ),
                }
            }
            std::thread::sleep(POLL);
        }
    }

    /// The texts of all elements matching `css`, in document order (no waiting).
    pub fn texts(&self, css: &str) -> Vec<String> {
        let client = self.client();
        self.block(format_args!("reading the texts of `{css}`"), async {
            let mut texts = Vec::new();
            for element in client.find_all(Locator::Css(css)).await.unwrap_or_default() {
                texts.push(element.text().await.unwrap_or_default());
            }
            texts
        })
    }

    /// Saves a PNG screenshot of the window to `path`, creating parent directories.
    pub fn screenshot(&self, path: &Path) {
        let png = self
            .block("taking a screenshot", self.client().screenshot())
            .unwrap_or_else(|error| panic!("could not take a screenshot: {error}"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|error| panic!("could not create {}: {error}", parent.display()));
        }
        std::fs::write(path, png)
            .unwrap_or_else(|error| panic!("could not write {}: {error}", path.display()));
    }

    /// Saves a screenshot under `docs/screenshots/` for the README.
    pub fn screenshot_for_docs(&self, name: &str) {
        self.screenshot(&workspace_root().join("docs/screenshots").join(name));
    }

    /// Opens the Sync screen, presses *Sync now* and waits for the round's report.
    pub fn sync_now(&self) {
        self.go("#/sync");
        self.wait_text("main h1", "Sync", DEFAULT_WAIT);
        self.click("#sync-now");
        self.wait_text("#sync-report", "Synced:", DEFAULT_WAIT * 2);
    }

    /// Runs `script` in the page and returns its result as a string, if it returned one.
    pub fn eval(&self, script: &str) -> Option<String> {
        // Used for diagnostics too, so a hung page gives `None` rather than a second panic.
        self.runtime
            .block_on(async {
                tokio::time::timeout(COMMAND_TIMEOUT, self.client().execute(script, Vec::new()))
                    .await
            })
            .ok()
            .and_then(Result::ok)
            .and_then(|value| value.as_str().map(str::to_owned))
    }

    /// Polls `condition` until it holds; fails saying `what` did not happen within `timeout`.
    pub fn wait_for(&self, timeout: Duration, what: &str, condition: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + timeout;
        while !condition(self) {
            if Instant::now() >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}\n{}\n{}",
                    self.page_summary(),
                    self.driver.log_tail()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Resizes the window (outer size, in CSS pixels).
    pub fn resize(&self, width: u32, height: u32) {
        self.block(
            format_args!("resizing the window to {width}×{height}"),
            self.client().set_window_size(width, height),
        )
        .unwrap_or_else(|error| panic!("could not resize the window: {error}"));
    }

    /// Kills this app's process with SIGKILL, as a crash or a power cut would: no page events,
    /// no clean shutdown. Only the process running the desktop binary on this app's data
    /// directory is touched. The session and drivers are then dropped.
    pub fn kill_hard(mut self) {
        let binary = desktop_binary()
            .canonicalize()
            .expect("the desktop binary exists");
        let wanted_env = format!("CASECRAFT_DATA_DIR={}", self.data_dir.display());
        let mut killed = 0;
        for entry in std::fs::read_dir("/proc")
            .expect("/proc is readable")
            .flatten()
        {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<i32>().ok())
            else {
                continue;
            };
            let exe = std::fs::read_link(entry.path().join("exe")).ok();
            // Only this test's app: the desktop binary, started on this data directory.
            if exe.as_deref() != Some(binary.as_path()) {
                continue;
            }
            let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
            if environ
                .split(|byte| *byte == 0)
                .any(|var| var == wanted_env.as_bytes())
            {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
                killed += 1;
            }
        }
        assert!(
            killed > 0,
            "no app process found for {}",
            self.data_dir.display()
        );
        // Let the kill land before the session is torn down.
        std::thread::sleep(Duration::from_millis(300));
        self.client = None;
    }

    /// Ends the WebDriver session, which closes the app, then stops the drivers.
    pub fn quit(mut self) {
        self.close_session();
    }

    fn find(&self, css: &str) -> fantoccini::elements::Element {
        let deadline = Instant::now() + DEFAULT_WAIT;
        loop {
            let found = self.block(
                format_args!("looking for `{css}`"),
                self.client().find(Locator::Css(css)),
            );
            if let Ok(element) = found {
                return element;
            }
            if Instant::now() >= deadline {
                panic!(
                    "no element matches `{css}` after {DEFAULT_WAIT:?}\n{}",
                    self.page_summary()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    fn text_of(&self, css: &str) -> Option<String> {
        let client = self.client();
        self.block(format_args!("reading the text of `{css}`"), async {
            let element = client.find(Locator::Css(css)).await.ok()?;
            element.text().await.ok()
        })
    }

    fn page_summary(&self) -> String {
        match self.eval("return document.body ? document.body.innerText : ''") {
            Some(text) => format!("page text was:\n{text}"),
            None => "the page did not answer".to_owned(),
        }
    }

    /// Runs one WebDriver exchange; fails saying what was being done if the driver stops answering.
    fn block<T>(&self, what: impl Display, exchange: impl Future<Output = T>) -> T {
        self.runtime
            .block_on(async { tokio::time::timeout(COMMAND_TIMEOUT, exchange).await })
            .unwrap_or_else(|_| {
                panic!(
                    "WebDriver did not answer within {COMMAND_TIMEOUT:?} while {what}\n{}",
                    self.driver.log_tail()
                )
            })
    }

    fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the WebDriver session is already closed")
    }

    fn close_session(&mut self) {
        if let Some(client) = self.client.take() {
            // Best effort: the drivers are killed by pid right after in any case.
            let _ = self.runtime.block_on(async {
                tokio::time::timeout(Duration::from_secs(5), client.close()).await
            });
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.close_session();
    }
}

/// Opens a WebDriver session whose application is `binary`: this is what starts the app.
fn open_session(runtime: &Runtime, url: &str, binary: &Path) -> Result<Client, String> {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": binary }),
    );
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(capabilities);
    let connect = builder.connect(url);
    // The timer must be made inside the runtime, hence the async block.
    match runtime.block_on(async { tokio::time::timeout(COMMAND_TIMEOUT, connect).await }) {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(error)) => Err(format!("no session at {url}: {error}")),
        Err(_) => Err(format!(
            "the app did not start within {COMMAND_TIMEOUT:?} (no session at {url})"
        )),
    }
}

//! Driving the workbench in a real headless Chromium over the DevTools protocol: finding the
//! browser, starting the server, reading the page, waiting, clicking and screenshots.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Input;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Starts the workbench on a free port in a thread of its own; returns the page's address.
pub fn start(model: PathBuf) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let workbench =
            realpolitik_serve::Workbench::open(Some(model), Default::default()).unwrap();
        realpolitik_serve::run(workbench, 0, |url| tx.send(url.to_owned()).unwrap()).unwrap();
    });
    rx.recv_timeout(Duration::from_secs(30)).unwrap()
}

/// The value of the expression `js` in the page (passed back as JSON).
pub fn eval(tab: &Tab, js: &str) -> Value {
    let json = tab
        .evaluate(&format!("JSON.stringify({js})"), false)
        .unwrap_or_else(|e| panic!("{js}: {e}"));
    if let Some(error) = json.description.as_ref().filter(|_| json.value.is_none()) {
        panic!("{js}: {error}");
    }
    let json = json.value;
    match json {
        Some(Value::String(text)) => serde_json::from_str(&text).unwrap(),
        _ => Value::Null,
    }
}

/// Waits (up to three minutes: the test build briefs slowly) until `js` is true.
pub fn wait_for(tab: &Tab, js: &str, what: &str) {
    let started = Instant::now();
    // While the page loads, the expression may throw: that counts as not yet.
    let guarded = format!("(() => {{ try {{ return {js}; }} catch (e) {{ return false; }} }})()");
    while eval(tab, &guarded) != Value::Bool(true) {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "timed out waiting for {what}; status: {}, message: {}",
            eval(tab, "document.getElementById('status').textContent"),
            eval(tab, "document.getElementById('message').textContent"),
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits until the page shows an answer with the full draws for the current text.
pub fn wait_for_full_answer(tab: &Tab) {
    wait_for(
        tab,
        "document.getElementById('status').dataset.state === 'full'",
        "the full answer",
    );
}

pub fn screenshot(tab: &Tab, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("workbench");
    std::fs::create_dir_all(&dir).unwrap();
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

pub fn mouse(tab: &Tab, kind: Input::DispatchMouseEventTypeOption, x: f64, y: f64, pressed: bool) {
    tab.call_method(Input::DispatchMouseEvent {
        Type: kind,
        x,
        y,
        modifiers: None,
        timestamp: None,
        button: Some(Input::MouseButton::Left),
        buttons: Some(if pressed { 1 } else { 0 }),
        click_count: Some(1),
        force: None,
        tangential_pressure: None,
        tilt_x: None,
        tilt_y: None,
        twist: None,
        delta_x: None,
        delta_y: None,
        pointer_Type: None,
    })
    .unwrap();
}

/// Chromium, or `None` (with a message) where it is missing and not required: the tests are
/// skipped then, unless `REALPOLITIK_REQUIRE_BROWSER` is set (as `.ci/run` sets it).
pub fn browser(width: u32, height: u32) -> Option<Browser> {
    let Some(path) = chromium() else {
        assert!(
            std::env::var_os("REALPOLITIK_REQUIRE_BROWSER").is_none(),
            "REALPOLITIK_REQUIRE_BROWSER is set but Chromium was not found"
        );
        eprintln!("SKIPPED a workbench browser test: Chromium not found");
        return None;
    };
    Some(
        Browser::new(LaunchOptions {
            path: Some(path),
            sandbox: false,
            window_size: Some((width, height)),
            idle_browser_timeout: Duration::from_secs(600),
            ..LaunchOptions::default()
        })
        .unwrap(),
    )
}

/// A tab on the page at `url`, loaded.
pub fn open(browser: &Browser, url: &str) -> std::sync::Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(180));
    tab.navigate_to(url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab
}

//! The HTML report, opened in a real browser (headless Chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util;

/// Chromium's binary: `$CHROMIUM`, or the first of the usual names on the `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|n| dir.join(n)))
        .find(|candidate| candidate.is_file())
}

/// Runs headless Chromium on a file with extra arguments; returns (stdout, stderr).
fn headless(browser: &Path, profile: &Path, extra: &[&str], page: &Path) -> (String, String) {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("Chromium starts");
    assert!(
        output.status.success(),
        "Chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_report_renders_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("REALPOLITIK_REQUIRE_BROWSER").is_none(),
            "REALPOLITIK_REQUIRE_BROWSER is set but Chromium is missing"
        );
        eprintln!(
            "SKIPPED the_report_renders_in_a_real_browser: Chromium not found (install Debian's `chromium` package, or set CHROMIUM)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let run = util::run(&[
        "analyze",
        "examples/energy-transition.toml",
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let (dom, log) = headless(
        &browser,
        &dir.path().join("profile-dom"),
        &["--dump-dom"],
        &report,
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "the page logged to the console: {console:#?}"
    );
    // Every plot is an SVG with drawn content.
    let plots: Vec<&str> = dom.split("<svg class=\"plot").skip(1).collect();
    assert!(!plots.is_empty(), "no plots in {dom}");
    for plot in plots {
        let body = &plot[..plot.find("</svg>").expect("the SVG is closed")];
        assert!(
            ["<path", "<rect", "<circle", "<polyline"]
                .iter()
                .any(|mark| body.contains(mark)),
            "an empty plot: {body}"
        );
    }

    let screenshot = dir.path().join("report.png");
    let shot = format!("--screenshot={}", screenshot.display());
    headless(
        &browser,
        &dir.path().join("profile-shot"),
        &["--window-size=1200,1600", "--hide-scrollbars", &shot],
        &report,
    );
    let png = std::fs::read(&screenshot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        png.len() > 20_000,
        "a suspiciously small screenshot: {} bytes",
        png.len()
    );
    // Keep it where a person can look at it.
    let keep = util::path("target/report-screenshot.png");
    let _ = std::fs::copy(&screenshot, keep);
}

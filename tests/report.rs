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

/// Chromium's binary, or `None` (with a message) where it is missing and not required.
fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let browser = chromium();
    if browser.is_none() {
        assert!(
            std::env::var_os("REALPOLITIK_REQUIRE_BROWSER").is_none(),
            "REALPOLITIK_REQUIRE_BROWSER is set but Chromium is missing"
        );
        eprintln!(
            "SKIPPED {test}: Chromium not found (install Debian's `chromium` package, or set CHROMIUM)"
        );
    }
    browser
}

/// Loads a report in Chromium and checks that it logs nothing to the console and that every
/// plot is an SVG with drawn content; returns the number of plots.
fn check_in_browser(browser: &Path, dir: &Path, report: &Path) -> usize {
    let name = report.file_stem().unwrap().to_string_lossy();
    let (dom, log) = headless(
        browser,
        &dir.join(format!("profile-{name}")),
        &["--dump-dom"],
        report,
    );
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "{name}: the page logged to the console: {console:#?}"
    );
    let plots: Vec<&str> = dom.split("<svg class=\"plot").skip(1).collect();
    assert!(!plots.is_empty(), "{name}: no plots in {dom}");
    for plot in &plots {
        let body = &plot[..plot.find("</svg>").expect("the SVG is closed")];
        assert!(
            body.contains("<path")
                || body.contains("<rect")
                || body.contains("<polyline")
                || body.contains("<circle"),
            "{name}: an empty plot: {body}"
        );
    }
    plots.len()
}

#[test]
fn the_engines_reports_render_in_a_real_browser() {
    let Some(browser) = browser_or_skip("the_engines_reports_render_in_a_real_browser") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(format!("{name}.html"));
    let matrix = dir.path().join("w.csv");
    std::fs::write(&matrix, "0,1,-0.5\n0,0,1\n0.5,0,0\n").unwrap();
    let runs: [(&str, Vec<&str>); 4] = [
        (
            "cib",
            vec![
                "cib",
                "tests/data/cib-cases/cibsa_CIB_global.matrix.csv",
                "--basins",
                "--families",
                "1",
                "--perturb",
                "1",
                "--draws",
                "10",
            ],
        ),
        (
            "fcm",
            vec![
                "fcm",
                "examples/energy-transition.toml",
                "--draws",
                "20",
                "--bootstrap",
                "10",
            ],
        ),
        ("bargain", vec!["bargain", "--draws", "5"]),
        ("fcm-matrix", vec!["fcm", matrix.to_str().unwrap()]),
    ];
    for (name, args) in runs {
        let report = path(name);
        let mut args = args;
        args.extend(["--quiet", "--report", report.to_str().unwrap()]);
        let run = util::run(&args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let html = std::fs::read_to_string(&report).unwrap();
        assert!(html.len() < 2_000_000, "{name}: {} bytes", html.len());
        let plots = check_in_browser(&browser, dir.path(), &report);
        // cib: robustness and basins; fcm: effects and tornadoes; bargain: a chart per issue;
        // a matrix: its trajectory.
        let least = if name == "cib" || name == "fcm" { 2 } else { 1 };
        assert!(plots >= least, "{name}: {plots} plots");
    }
}

#[test]
fn the_report_renders_in_a_real_browser() {
    let Some(browser) = browser_or_skip("the_report_renders_in_a_real_browser") else {
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
    check_in_browser(&browser, dir.path(), &report);
    // The built-in model's briefing, with its CIB tableau and bargaining chart.
    let built_in = dir.path().join("built-in.html");
    let run = util::run(&[
        "--quiet",
        "--draws",
        "100",
        "--report",
        built_in.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    check_in_browser(&browser, dir.path(), &built_in);

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

/// A script appended to a copy of a report: it measures where the answer sits and clicks the
/// causal graph's busiest factor, then writes what it saw into `<body data-probe="…">`.
const PROBE: &str = r#"<script>
(function () {
  var out = {};
  var glance = document.querySelector('#summary table');
  out.answerBottom = glance ? glance.getBoundingClientRect().bottom : -1;
  out.screen = window.innerHeight;
  out.answerText = glance ? glance.innerText : '';
  var svg = document.querySelector('svg.causal-graph');
  var edges = Array.prototype.slice.call(svg.querySelectorAll('.edge'));
  var busiest = null, most = -1;
  svg.querySelectorAll('.node').forEach(function (n) {
    var id = n.getAttribute('data-node');
    var k = edges.filter(function (e) {
      return e.getAttribute('data-from') === id || e.getAttribute('data-to') === id;
    }).length;
    if (k > most) { most = k; busiest = n; }
  });
  out.incident = most;
  busiest.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  out.lit = svg.querySelectorAll('.edge.lit').length;
  out.dimmed = edges.filter(function (e) {
    return !e.classList.contains('lit') && parseFloat(getComputedStyle(e).opacity) < 0.2;
  }).length;
  out.edges = edges.length;
  busiest.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  out.litAfterSecondClick = svg.querySelectorAll('.edge.lit').length;
  document.body.setAttribute('data-probe', JSON.stringify(out));
})();
</script>"#;

#[test]
fn the_report_opens_on_the_answer_and_its_graph_highlights_a_factors_links() {
    let Some(browser) = browser_or_skip("the_report_opens_on_the_answer") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("built-in.html");
    let run = util::run(&[
        "--quiet",
        "--draws",
        "100",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(&report).unwrap();
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}</body>"))).unwrap();
    let (dom, _) = headless(
        &browser,
        &dir.path().join("profile-probe"),
        &["--window-size=1280,800", "--dump-dom"],
        &probed,
    );
    let at = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
    let raw = &dom[at..at + dom[at..].find('"').unwrap()];
    let probe: serde_json::Value = serde_json::from_str(
        &raw.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
    .unwrap();
    let number = |k: &str| probe[k].as_f64().unwrap();
    // The first screen (1280 × 800) holds the principal's summary: the answer, and a verdict
    // and an analytic confidence, with its reason, for each option.
    assert!(
        number("answerBottom") > 0.0 && number("answerBottom") <= number("screen"),
        "{probe}"
    );
    let glance = probe["answerText"].as_str().unwrap();
    assert_eq!(glance.matches("WORSE").count(), 3, "{glance}");
    assert_eq!(
        glance.matches("low: the links that carry it").count(),
        3,
        "{glance}"
    );
    // Clicking the busiest factor lights exactly its links and dims all the others; a second
    // click clears it.
    assert!(number("incident") >= 5.0, "{probe}");
    assert_eq!(number("lit"), number("incident"), "{probe}");
    assert_eq!(number("dimmed"), number("edges") - number("lit"), "{probe}");
    assert_eq!(number("litAfterSecondClick"), 0.0, "{probe}");

    // Printed (A4, the report's own print styles): the built-in briefing stays under seven
    // pages per option it judges (three: 21).
    let pdf = dir.path().join("built-in.pdf");
    headless(
        &browser,
        &dir.path().join("profile-print"),
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
        &report,
    );
    let bytes = std::fs::read(&pdf).expect("a PDF was written");
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    let pages = count(b"/Type /Page") - count(b"/Type /Pages");
    assert!((5..=21).contains(&pages), "{pages} pages");
}

//! Edit-to-answer latency of the workbench on the built-in model: the time from sending an
//! edit (a link weight, as the graph view's slider sends it) to holding the new answer (the
//! rewritten TOML checked, briefed, the report rendered, the change against the saved version
//! computed), through the HTTP routes in-process. The baseline, measured in the same run, is
//! the library's briefing of the same text alone (`analysis::analyze`, as `realpolitik
//! analyze` runs it with the full draws).
//!
//! Run with `nice cargo bench -p realpolitik-serve --bench latency`. Times are medians of a
//! few runs after one warm-up.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use http_body_util::BodyExt;
use realpolitik::analysis::{self, AnalyzeRequest};
use realpolitik::progress::NoProgress;
use realpolitik_serve::Workbench;
use serde_json::{Value, json};
use tower::ServiceExt;

const TOKEN: &str = "00000000000000000000000000000000";
const RUNS: usize = 5;

async fn post(app: &axum::Router, path: &str, body: Value) -> Value {
    let request = Request::post(path)
        .header(header::HOST, "127.0.0.1:7414")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-realpolitik-token", TOKEN)
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let workbench = Arc::new(Workbench::open(None, Default::default()).unwrap());
    let text = workbench.opened().saved_text;
    let app = realpolitik_serve::router(
        workbench.clone(),
        "127.0.0.1:7414".parse().unwrap(),
        TOKEN.to_owned(),
    );
    let full = AnalyzeRequest::default();
    let loaded = workbench.opened().load(&text).unwrap();
    let baseline = median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                let _ = analysis::analyze(&loaded, &full, &NoProgress);
                t.elapsed()
            })
            .collect(),
    );
    let graph = runtime.block_on(post(
        &app,
        "/api/analyze",
        json!({ "text": text, "draws": 200 }),
    ));
    let arrow = graph["answer"]["graph"]["arrows"][0].clone();
    let mut rows = Vec::new();
    for (label, draws) in [
        ("quick (while editing)", 200),
        ("full (on a pause)", full.draws),
    ] {
        let mut times = Vec::new();
        for run in 0..=RUNS {
            let weight = if run % 2 == 0 { 0.4 } else { -0.4 };
            let t = Instant::now();
            let edited = runtime.block_on(post(
                &app,
                "/api/edit",
                json!({ "text": text, "edit": { "kind": "link_weight", "index": 0,
                    "from": arrow["from"], "to": arrow["to"], "weight": weight } }),
            ));
            // As the page asks: a quick answer without the report page, the full one with it.
            let answer = runtime.block_on(post(
                &app,
                "/api/analyze",
                json!({ "text": edited["text"], "draws": draws, "report": draws == full.draws }),
            ));
            assert_eq!(answer["status"], "ok");
            if run > 0 {
                times.push(t.elapsed());
            }
        }
        rows.push((label, draws, median(times)));
    }
    println!("Edit-to-answer latency on the built-in model (median of {RUNS} runs)");
    println!(
        "  baseline: the library's briefing alone, {} draws: {:>7.1} ms",
        full.draws,
        baseline.as_secs_f64() * 1e3
    );
    for (label, draws, t) in rows {
        println!(
            "  edit → answer, {label}, {draws} draws: {:>7.1} ms  ({:.2}× the baseline)",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() / baseline.as_secs_f64()
        );
    }
}

//! The workbench's HTTP endpoints. Every `/api/` call takes and returns JSON (exports return
//! the file to download); errors are `{"error": "..."}` with a 4xx status.
//!
//! | route | does |
//! |---|---|
//! | `GET /` | the page (needs `?token=`) |
//! | `GET /assets/…` | its script and style |
//! | `GET /api/model` | the open model: name, text, version, whether it can be saved, the folder's models |
//! | `POST /api/open` | opens another model of the folder, by file name |
//! | `POST /api/check` | a text's located problems |
//! | `POST /api/analyze` | a text's briefing, report, graph and change against the saved version |
//! | `POST /api/edit` | applies a structured edit to a text, keeping its comments; refuses one that adds an error |
//! | `POST /api/save` | saves a text over the file, unless the file changed on disk |
//! | `POST /api/export/{report,json,csv}` | the current state as a file |

use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use realpolitik::analysis::{self, AnalyzeRequest};
use realpolitik::progress::NoProgress;
use realpolitik::templates::Template;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::answer::{self, Baseline};
use crate::edit::Edit;
use crate::guard::{self, Guard};
use crate::panel;
use crate::workbench::{FileError, Opened, Workbench, version};

/// Largest request body: a model's text (and an edit) fits in far less.
pub const MAX_BODY: usize = 4 << 20;

/// How long a client may take to send a request's body.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Draws while the analyst is still editing; the page asks for the full count on a pause.
pub const QUICK_DRAWS: usize = 200;

#[derive(Clone)]
struct App {
    workbench: Arc<Workbench>,
    baseline: Arc<Mutex<Baseline>>,
}

/// The routes, behind the guard and the body limit.
pub fn routes(workbench: Arc<Workbench>, guard: Guard) -> Router {
    let app = App {
        workbench,
        baseline: Arc::default(),
    };
    Router::new()
        .route("/", get(page))
        .route("/assets/app.js", get(script))
        .route("/assets/app.css", get(style))
        .route("/api/model", get(model))
        .route("/api/open", post(open))
        .route("/api/check", post(check))
        .route("/api/analyze", post(analyze))
        .route("/api/edit", post(apply_edit))
        .route("/api/save", post(save))
        .route("/api/save-as", post(save_as))
        .route("/api/reload", post(reload))
        .route("/api/scenario", post(scenario))
        .route("/api/export/{kind}", post(export))
        .with_state(app)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(whole_body))
        .layer(axum::middleware::from_fn_with_state(guard, guard::check))
}

/// Reads a request's body before any handler sees it: one that declares more than
/// [`MAX_BODY`] bytes is refused at once (413), and one that takes longer than
/// [`BODY_TIMEOUT`] to arrive is dropped (408), so that a client sending a few bytes of a huge
/// body cannot hold a connection open indefinitely.
async fn whole_body(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request's body is over {MAX_BODY} bytes"),
        );
    }
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, MAX_BODY));
    match read.await {
        Ok(Ok(bytes)) => {
            next.run(axum::extract::Request::from_parts(parts, bytes.into()))
                .await
        }
        Ok(Err(_)) => error(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request's body is over {MAX_BODY} bytes"),
        ),
        Err(_) => error(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request's body took over {} s to arrive",
                BODY_TIMEOUT.as_secs()
            ),
        ),
    }
}

fn error(status: StatusCode, message: impl std::fmt::Display) -> Response {
    (status, Json(json!({ "error": message.to_string() }))).into_response()
}

impl IntoResponse for FileError {
    fn into_response(self) -> Response {
        let status = match self {
            FileError::Conflict(_) | FileError::Exists(_) => StatusCode::CONFLICT,
            FileError::ReadOnly | FileError::NotInFolder(_) => StatusCode::BAD_REQUEST,
            FileError::Io { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        };
        error(status, self)
    }
}

async fn page() -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "no-store")],
        Html(include_str!("assets/index.html")),
    )
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/app.js"),
    )
}

async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/app.css"),
    )
}

/// The open model as the page starts from it.
#[derive(Serialize)]
struct ModelReply {
    name: String,
    text: String,
    version: String,
    editable: bool,
    /// Whether the file exists (else the page offers the templates, and Save creates it).
    exists: bool,
    models: Vec<String>,
    templates: Vec<TemplateReply>,
    quick_draws: usize,
    full_draws: usize,
}

/// A model to start from, as the page's template picker lists it.
#[derive(Serialize)]
struct TemplateReply {
    name: &'static str,
    summary: &'static str,
    text: &'static str,
}

fn model_reply(w: &Workbench, opened: Opened) -> ModelReply {
    ModelReply {
        name: opened.name(),
        version: version(&opened.saved_text),
        editable: opened.path.is_some(),
        exists: opened.exists,
        text: opened.saved_text,
        models: w.models_in_folder(),
        templates: Template::ALL
            .into_iter()
            .map(|t| TemplateReply {
                name: t.name(),
                summary: t.summary(),
                text: t.text(),
            })
            .collect(),
        quick_draws: QUICK_DRAWS,
        full_draws: AnalyzeRequest::default().draws,
    }
}

/// The open model, read again from disk: a page loaded after another program changed the
/// file gets the file as it is now.
async fn model(State(app): State<App>) -> Response {
    reload(State(app)).await
}

async fn reload(State(app): State<App>) -> Response {
    match app.workbench.reload() {
        Ok(opened) => Json(model_reply(&app.workbench, opened)).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct SaveAsBody {
    file: String,
    text: String,
}

async fn save_as(State(app): State<App>, Json(body): Json<SaveAsBody>) -> Response {
    match app.workbench.save_as(&body.file, &body.text) {
        Ok(opened) => Json(model_reply(&app.workbench, opened)).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct OpenBody {
    file: String,
}

async fn open(State(app): State<App>, Json(body): Json<OpenBody>) -> Response {
    match app.workbench.switch_to(&body.file) {
        Ok(opened) => Json(model_reply(&app.workbench, opened)).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct TextBody {
    text: String,
}

async fn check(State(app): State<App>, Json(body): Json<TextBody>) -> Response {
    let opened = app.workbench.opened();
    let loaded = tokio::task::spawn_blocking(move || {
        let result = opened.load(&body.text);
        (result.is_ok(), answer::problems(&result, &opened.name()))
    })
    .await;
    match loaded {
        Ok((valid, problems)) => {
            Json(json!({ "valid": valid, "problems": problems })).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

#[derive(Deserialize)]
struct AnalyzeBody {
    text: String,
    #[serde(default)]
    draws: Option<usize>,
    /// Whether to render the report page (default: yes; the page's quick answers say no).
    #[serde(default = "yes")]
    report: bool,
}

fn yes() -> bool {
    true
}

/// Briefs the text. A run asked for while another is going waits for it; if a newer run has
/// been asked for meanwhile, it is not started and answers `"status": "superseded"`.
async fn analyze(State(app): State<App>, Json(body): Json<AnalyzeBody>) -> Response {
    let request = app.workbench.request(body.draws);
    if let Some(why) = request.defect() {
        return error(
            StatusCode::BAD_REQUEST,
            format!("draws {}: {why}", request.draws),
        );
    }
    let ticket = app.workbench.ticket();
    let work = tokio::task::spawn_blocking(move || {
        let workbench = app.workbench.clone();
        workbench.analyze(ticket, || {
            let opened = workbench.opened();
            let result = opened.load(&body.text);
            let problems = answer::problems(&result, &opened.name());
            match result {
                Err(_) => json!({ "status": "invalid", "problems": problems }),
                Ok(loaded) => {
                    let mut baseline = app
                        .baseline
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    let a = answer::answer(
                        &opened,
                        &body.text,
                        &loaded,
                        &request,
                        &mut baseline,
                        body.report,
                    );
                    json!({ "status": "ok", "problems": problems, "answer": a })
                }
            }
        })
    })
    .await;
    match work {
        Ok(Some(reply)) => Json(reply).into_response(),
        Ok(None) => Json(json!({ "status": "superseded" })).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

/// The scenario panel's answer: each outcome's change against the status quo.
async fn scenario(State(app): State<App>, Json(body): Json<panel::PanelRequest>) -> Response {
    let workbench = app.workbench.clone();
    match tokio::task::spawn_blocking(move || panel::run(&workbench, &body)).await {
        Ok(Ok(outcomes)) => Json(json!({ "outcomes": outcomes })).into_response(),
        Ok(Err(why)) => error(StatusCode::UNPROCESSABLE_ENTITY, why),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

#[derive(Deserialize)]
struct EditBody {
    text: String,
    edit: Edit,
}

async fn apply_edit(State(app): State<App>, Json(body): Json<EditBody>) -> Response {
    let opened = app.workbench.opened();
    let edited = tokio::task::spawn_blocking(move || opened.edit(&body.text, &body.edit)).await;
    match edited {
        Ok(Ok(text)) => Json(json!({ "text": text })).into_response(),
        Ok(Err(why)) => error(StatusCode::UNPROCESSABLE_ENTITY, why),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

#[derive(Deserialize)]
struct SaveBody {
    text: String,
    version: String,
}

async fn save(State(app): State<App>, Json(body): Json<SaveBody>) -> Response {
    match app.workbench.save(&body.text, &body.version) {
        Ok(version) => Json(json!({ "version": version })).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The current text's report (HTML), briefing (JSON) or effects table (CSV), as a download.
async fn export(
    State(app): State<App>,
    axum::extract::Path(kind): axum::extract::Path<String>,
    Json(body): Json<TextBody>,
) -> Response {
    let (extension, mime) = match kind.as_str() {
        "report" => ("html", "text/html; charset=utf-8"),
        "json" => ("json", "application/json"),
        "csv" => ("csv", "text/csv; charset=utf-8"),
        _ => return error(StatusCode::NOT_FOUND, "export report, json or csv"),
    };
    let workbench = app.workbench.clone();
    let made = tokio::task::spawn_blocking(move || {
        let opened = workbench.opened();
        let loaded = opened
            .load(&body.text)
            .map_err(|_| "the model has errors: fix them before exporting".to_owned())?;
        let request = workbench.request(None);
        // An export is a full briefing: it waits its turn with the page's analyses, so that
        // exports asked for at once run one after another, not all together.
        workbench.exclusively(|| {
            let started = std::time::Instant::now();
            let d = analysis::analyze(&loaded, &request, &NoProgress);
            Ok::<_, String>(match extension {
                "json" => serde_json::to_string_pretty(&d).unwrap_or_default(),
                "csv" => analysis::effects_csv(&d.briefing),
                _ => answer::report_html(&opened, &loaded, &d, &request, started),
            })
        })
    })
    .await;
    match made {
        Ok(Ok(contents)) => {
            let name = app.workbench.opened().name();
            let stem: String = name
                .trim_end_matches(".toml")
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (
                [
                    (header::CONTENT_TYPE, mime.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{stem}.{extension}\""),
                    ),
                ],
                contents,
            )
                .into_response()
        }
        Ok(Err(why)) => error(StatusCode::UNPROCESSABLE_ENTITY, why),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e),
    }
}

//! What the workbench's HTTP tests share: a client that calls the routes as the page does, and
//! a copy of the example model in a fresh folder.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use realpolitik_serve::Workbench;
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";
pub const HOST: &str = "127.0.0.1:7414";

pub fn address() -> SocketAddr {
    HOST.parse().unwrap()
}

/// A copy of the example model (and its source text) in a fresh folder.
pub fn example_folder() -> (tempfile::TempDir, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::copy(
        root.join("sources/carbon-brief.txt"),
        dir.path().join("sources/carbon-brief.txt"),
    )
    .unwrap();
    let model = dir.path().join("energy-transition.toml");
    std::fs::copy(root.join("energy-transition.toml"), &model).unwrap();
    (dir, model)
}

pub struct Client {
    pub app: axum::Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Client {
    pub fn on(model: Option<PathBuf>) -> Self {
        let workbench = Arc::new(Workbench::open(model, Default::default()).unwrap());
        Client {
            app: realpolitik_serve::router(workbench, address(), TOKEN.to_owned()),
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub fn request(method: &str, uri: &str) -> axum::http::request::Builder {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, HOST)
            .header("x-realpolitik-token", TOKEN)
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Self::request("GET", uri).body(Body::empty()).unwrap())
            .await
    }

    /// The open model's text, as the page starts from it.
    pub async fn model_text(&self) -> String {
        self.get("/api/model").await.json()["text"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.send(
            Self::request("POST", uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }
}

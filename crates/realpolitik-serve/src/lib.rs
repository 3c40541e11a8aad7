//! The web workbench of realpolitik (`realpolitik serve`): a local server that opens one model,
//! lets an analyst edit it (as TOML, or in structured views that write back into the same
//! TOML), re-runs the briefing on every valid edit, and saves the file back atomically with its
//! comments and formatting intact.
//!
//! The server is a thin layer over the library's analysis API
//! ([`realpolitik::analysis::analyze`]): it parses a request, calls the library, and sends the
//! document back as JSON, with the HTML report (the same plots the CLI's `--report` writes)
//! rendered for the page to show. The page itself (`assets/`) is embedded in the binary: no
//! network and no CDN.
//!
//! A local server is reachable from every web page the user opens, so the guard admits only
//! requests addressed to this server by its own name (DNS rebinding), from its own origin
//! (CSRF), carrying the per-launch token printed at start; bodies are size-limited and must
//! arrive within a timeout, as must a request's headers; at most [`Connections::most`]
//! connections are served at once; the client names files only by their name inside the
//! model's folder.

mod answer;
mod api;
mod edit;
mod graph;
mod guard;
mod panel;
mod views;
mod workbench;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use api::MAX_BODY;
pub use edit::{Edit, apply as apply_edit};
pub use workbench::Workbench;

/// The workbench's HTTP routes, guarded for the server at `address` with `token`.
pub fn router(workbench: Arc<Workbench>, address: SocketAddr, token: String) -> axum::Router {
    api::routes(workbench, guard::Guard::new(address, token))
}

/// A fresh per-launch token: 128 bits from the operating system's random source (a security
/// secret, so deliberately not from a seeded stream), as 32 hexadecimal digits.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// How the server treats connections: how many it holds open at once, and how long a client
/// may take to send a request's headers.
#[derive(Clone, Copy, Debug)]
pub struct Connections {
    /// The most connections served at once; past it, new ones wait in the system's queue
    /// until one closes (so a flood of idle connections cannot exhaust the process's file
    /// descriptors).
    pub most: usize,
    /// How long a client may take to send a request's headers (and an idle kept-alive
    /// connection to send its next request) before it is closed: long, so that the server
    /// seldom closes a kept-alive connection a browser is about to reuse.
    pub header_timeout: Duration,
}

impl Default for Connections {
    fn default() -> Self {
        Connections {
            most: 256,
            header_timeout: Duration::from_secs(120),
        }
    }
}

/// Serves the workbench on `listener` (bound by the caller, on loopback) until the process
/// ends, with the default [`Connections`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    workbench: Arc<Workbench>,
    token: String,
) -> std::io::Result<()> {
    serve_with(listener, workbench, token, Connections::default()).await
}

/// [`serve`] with the connections bounded as `connections` says. A failed accept (at the
/// file-descriptor limit, say) is retried after a pause, never fatal.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    workbench: Arc<Workbench>,
    token: String,
    connections: Connections,
) -> std::io::Result<()> {
    let address = listener.local_addr()?;
    let app = router(workbench, address, token);
    let open = Arc::new(tokio::sync::Semaphore::new(connections.most));
    loop {
        let Ok(permit) = open.clone().acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(connections.header_timeout);
            let io = hyper_util::rt::TokioIo::new(stream);
            // A connection that fails (reset, timed out) concerns only its client.
            let _ = http.serve_connection(io, service).await;
            drop(permit);
        });
    }
}

/// Binds 127.0.0.1:`port` (0: any free port), calls `ready` with the page's address (token
/// included), and serves `workbench` there until the process ends, on a small runtime of its
/// own (two worker threads: the analyses run on the library's thread pool, not here). The
/// runtime has timers as well as I/O: the header timeout and the pause after a failed accept
/// need them.
pub fn run(workbench: Workbench, port: u16, ready: impl FnOnce(&str)) -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port))?;
    listener.set_nonblocking(true)?;
    let token = new_token()?;
    let url = page_url(listener.local_addr()?, &token);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        ready(&url);
        serve(listener, Arc::new(workbench), token).await
    })
}

/// The address the page is served at, with its token: what `serve` prints and `--open` opens.
pub fn page_url(address: SocketAddr, token: &str) -> String {
    format!("http://{address}/?token={token}")
}

/// Opens `url` in the user's default browser.
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    webbrowser::open(url)
}

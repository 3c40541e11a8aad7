//! Who may talk to the workbench. A server on 127.0.0.1 is reachable from every page the
//! user's browser opens, so each request must show that it comes from the workbench's own page:
//!
//! - `Host` names this server (`127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT`): a page on
//!   another site that rebinds its DNS name to 127.0.0.1 sends its own name and is refused;
//! - `Origin`, when the browser sends one, is this server's own, and `Sec-Fetch-Site` is not
//!   `cross-site` (a cross-site form post or fetch is refused: CSRF);
//! - the per-launch token printed at start is in the page's URL (`/?token=…`) and in the
//!   `X-Realpolitik-Token` header of every API call (never in an API call's URL, where logs and
//!   histories keep it), so another local user or program that guesses the port still cannot
//!   act.
//!
//! A request with more than one `Host`, or whose target names another server (the absolute
//! form, `GET http://evil.example/ HTTP/1.1`), is malformed for this server: 400. The page's
//! static assets (its script and style, which hold no data) need no token. Every response
//! tells the browser not to guess content types and not to show it in another site's frame.

use std::net::SocketAddr;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header that carries the token on API calls.
pub const TOKEN_HEADER: &str = "x-realpolitik-token";

/// What a request must match.
#[derive(Clone, Debug)]
pub struct Guard {
    hosts: Vec<String>,
    origins: Vec<String>,
    token: String,
}

impl Guard {
    /// The guard of the server listening at `address`, with its `token`.
    pub fn new(address: SocketAddr, token: String) -> Self {
        let port = address.port();
        let hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            address.to_string(),
        ];
        let origins = hosts.iter().map(|h| format!("http://{h}")).collect();
        Guard {
            hosts,
            origins,
            token,
        }
    }

    /// Why the request is refused, if it is, with the status that says so.
    fn refusal(&self, request: &Request) -> Option<(StatusCode, &'static str)> {
        let headers = request.headers();
        if headers.get_all(header::HOST).iter().count() > 1 {
            return Some((StatusCode::BAD_REQUEST, "a request has one Host header"));
        }
        if let Some(authority) = request.uri().authority()
            && !self.hosts.iter().any(|x| x == authority.as_str())
        {
            return Some((
                StatusCode::BAD_REQUEST,
                "this server answers only requests for itself (request target)",
            ));
        }
        self.forbidden(request)
            .map(|why| (StatusCode::FORBIDDEN, why))
    }

    /// Why a well-formed request is not this server's page's.
    fn forbidden(&self, request: &Request) -> Option<&'static str> {
        let headers = request.headers();
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if !text(header::HOST.as_str()).is_some_and(|h| self.hosts.iter().any(|x| x == h)) {
            return Some("this server answers only to its own address (Host header)");
        }
        if text(header::ORIGIN.as_str()).is_some_and(|o| !self.origins.iter().any(|x| x == o)) {
            return Some("requests from other sites are refused (Origin header)");
        }
        if text("sec-fetch-site") == Some("cross-site") {
            return Some("requests from other sites are refused (Sec-Fetch-Site header)");
        }
        let path = request.uri().path();
        let page = path == "/";
        let needs_token = page || path.starts_with("/api/");
        let query = request.uri().query().filter(|_| page);
        if needs_token && !self.has_token(headers, query) {
            return Some(
                "missing or wrong token: open the address `realpolitik serve` printed, with its \
                 ?token=…",
            );
        }
        None
    }

    fn has_token(&self, headers: &HeaderMap, query: Option<&str>) -> bool {
        let in_header = headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok());
        let in_query =
            query.and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("token=")));
        in_header
            .or(in_query)
            .is_some_and(|given| same(given.as_bytes(), self.token.as_bytes()))
    }
}

/// Compares in time independent of where the strings differ, so the token cannot be guessed
/// byte by byte from response times.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The middleware: refuses with a plain-text reason (400 or 403), or passes the request on;
/// either way the response forbids content sniffing and framing by other sites.
pub async fn check(State(guard): State<Guard>, request: Request, next: Next) -> Response {
    let mut response = match guard.refusal(&request) {
        Some((status, why)) => (status, why).into_response(),
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"", b"a"));
    }
}

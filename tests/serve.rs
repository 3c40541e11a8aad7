//! `realpolitik serve` as a user starts it: it prints the page's address with its token, listens
//! on loopback only, and answers only requests that carry the token and name it as the host.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::Duration;

use super::util;

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends one HTTP/1.1 request and returns the status line and the body.
fn request(host: &str, path: &str, headers: &[(&str, &str)]) -> (String, String) {
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut text = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes()).unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let status = reply.lines().next().unwrap_or_default().to_owned();
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_prints_a_tokened_loopback_address_and_guards_it() {
    let child = util::command(&["serve", "--port", "0", "examples/energy-transition.toml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut first = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("realpolitik workbench: ")
        .unwrap_or_else(|| panic!("{first:?}"));
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    let (port, token) = rest.split_once("/?token=").unwrap();
    assert_eq!(token.len(), 32);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    let host = format!("127.0.0.1:{port}");

    let (status, body) = request(&host, "/api/model", &[("X-Realpolitik-Token", token)]);
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("\"name\":\"energy-transition.toml\""),
        "{body}"
    );
    let (status, _) = request(&host, "/api/model", &[]);
    assert!(status.contains("403"), "{status}");
    let (status, body) = request(&host, &format!("/?token={token}"), &[]);
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("realpolitik workbench"));
}

#[test]
fn serve_on_a_missing_model_fails_with_a_file_error() {
    let run = util::run(&["serve", "--port", "0", "no/such/model.toml"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(run.stderr.contains("no/such/model.toml"), "{}", run.stderr);
}

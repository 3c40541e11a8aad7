//! The workbench's connections over real sockets (issue 31, finding 2): a client that sends
//! half a request's headers is cut off, and a flood of idle connections waits in the system's
//! queue instead of exhausting the server's file descriptors.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use realpolitik_serve::{Connections, Workbench, serve_with};

mod support;

/// Serves the example on a free loopback port, with `connections`; returns the address.
fn start(connections: Connections) -> std::net::SocketAddr {
    let (dir, model) = support::example_folder();
    let workbench = Arc::new(Workbench::open(Some(model), Default::default()).unwrap());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let _dir = dir;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            serve_with(listener, workbench, "t".repeat(32), connections).await
        })
    });
    address
}

/// A request for a route that needs no token (404 for an unknown page), with the right Host.
fn request(address: std::net::SocketAddr) -> String {
    format!("GET /no-such-page HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
}

/// Reads what the server sends until it closes or `wait` passes: (bytes, closed).
fn read_for(stream: &mut TcpStream, wait: Duration) -> (Vec<u8>, bool) {
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let (mut got, start) = (Vec::new(), Instant::now());
    let mut buf = [0u8; 4096];
    while start.elapsed() < wait {
        match stream.read(&mut buf) {
            Ok(0) => return (got, true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return (got, true),
        }
    }
    (got, false)
}

#[test]
fn half_a_request_is_cut_off_after_the_header_timeout() {
    let address = start(Connections {
        most: 8,
        header_timeout: Duration::from_millis(300),
    });
    let mut slow = TcpStream::connect(address).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    let (_, closed) = read_for(&mut slow, Duration::from_secs(5));
    assert!(closed, "a client stuck in its headers is closed");
    // A whole request is still answered.
    let mut ok = TcpStream::connect(address).unwrap();
    ok.write_all(request(address).as_bytes()).unwrap();
    let (reply, _) = read_for(&mut ok, Duration::from_secs(5));
    assert!(
        reply.starts_with(b"HTTP/1.1 "),
        "{}",
        String::from_utf8_lossy(&reply)
    );
}

#[test]
fn past_the_connection_cap_a_client_waits_until_one_closes() {
    let address = start(Connections {
        most: 2,
        header_timeout: Duration::from_secs(30),
    });
    let idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(address).unwrap())
        .collect();
    // Give the server the time to accept both.
    std::thread::sleep(Duration::from_millis(200));
    let mut third = TcpStream::connect(address).unwrap();
    third.write_all(request(address).as_bytes()).unwrap();
    let (reply, _) = read_for(&mut third, Duration::from_millis(500));
    assert!(reply.is_empty(), "served past the cap");
    drop(idle);
    let (reply, _) = read_for(&mut third, Duration::from_secs(5));
    assert!(
        reply.starts_with(b"HTTP/1.1 "),
        "{}",
        String::from_utf8_lossy(&reply)
    );
}

#[test]
fn a_body_declared_past_the_limit_is_refused_at_once() {
    let address = start(Connections::default());
    let mut client = TcpStream::connect(address).unwrap();
    let head = format!(
        "POST /api/analyze HTTP/1.1\r\nHost: {address}\r\nOrigin: http://{address}\r\n\
         X-Realpolitik-Token: {}\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{{",
        "t".repeat(32)
    );
    client.write_all(head.as_bytes()).unwrap();
    let (reply, _) = read_for(&mut client, Duration::from_secs(5));
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
}

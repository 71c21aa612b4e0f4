//! Network faults seen from real clients: reqwest (as an SDK would) and a raw TCP socket (to see
//! exactly what crossed the wire, and that actix wrote nothing after the fault).

use std::error::Error as _;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::helpers::{TestApp, spawn_app, unique_enrollment};

/// Whether some error in `error`'s source chain is an I/O error of `kind`.
fn caused_by(error: &reqwest::Error, kind: ErrorKind) -> bool {
    let mut source = error.source();
    while let Some(cause) = source {
        if cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == kind)
        {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The whole error chain as text, for assertions on hyper's wording.
fn chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

async fn enroll_with(app: &TestApp, scenario: &str) -> Result<reqwest::Response, reqwest::Error> {
    let token = app.cartevo_token().await;
    app.enroll_with_scenario(&token, scenario, &unique_enrollment(1))
        .send()
        .await
}

/// A raw HTTP/1.1 enroll naming `scenario`; returns what the server sent before closing.
fn raw_enroll(app: &TestApp, token: &str, scenario: &str) -> std::io::Result<Vec<u8>> {
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let body = unique_enrollment(2).to_string();
    write!(
        stream,
        "POST /api/v1/customers/enroll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nX-Sandbox-Scenario: {scenario}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut received = Vec::new();
    stream.read_to_end(&mut received).map(|_| received)
}

#[tokio::test]
async fn connection_reset_by_peer_is_a_reset_the_client_sees() {
    let app = spawn_app().await;
    let error = enroll_with(&app, "fault-connection-reset-by-peer")
        .await
        .expect_err("a reset, not a response");
    assert!(
        caused_by(&error, ErrorKind::ConnectionReset),
        "{}",
        chain(&error)
    );

    let token = app.cartevo_token().await;
    let raw = raw_enroll(&app, &token, "fault-connection-reset-by-peer");
    assert_eq!(
        raw.map_err(|e| e.kind()),
        Err(ErrorKind::ConnectionReset),
        "the raw socket is reset before any byte"
    );
}

#[tokio::test]
async fn empty_response_closes_without_a_byte() {
    let app = spawn_app().await;
    let error = enroll_with(&app, "fault-empty-response")
        .await
        .expect_err("no response");
    assert!(
        chain(&error).contains("connection closed before message completed"),
        "{}",
        chain(&error)
    );

    let token = app.cartevo_token().await;
    let received = raw_enroll(&app, &token, "fault-empty-response").expect("a clean close");
    assert_eq!(
        String::from_utf8_lossy(&received),
        "",
        "nothing, not even the response actix tried to write afterwards"
    );
}

#[tokio::test]
async fn malformed_response_chunk_gives_a_status_then_a_body_error() {
    let app = spawn_app().await;
    let response = enroll_with(&app, "fault-malformed-response-chunk")
        .await
        .expect("the head is valid");
    assert_eq!(response.status(), 200);
    let error = response.bytes().await.expect_err("the body is broken");
    assert!(error.is_body() || error.is_decode(), "{}", chain(&error));
    assert!(chain(&error).contains("chunk"), "{}", chain(&error));

    let token = app.cartevo_token().await;
    let received = raw_enroll(&app, &token, "fault-malformed-response-chunk").unwrap();
    let text = String::from_utf8_lossy(&received);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(
        text.ends_with("\r\n\r\n7\r\n{\"succe\r\nnot-a-chunk-size\r\n"),
        "the broken chunk is the last thing sent, nothing from actix after it: {text}"
    );
}

#[tokio::test]
async fn random_data_then_close_is_not_http() {
    let app = spawn_app().await;
    let error = enroll_with(&app, "fault-random-data-then-close")
        .await
        .expect_err("garbage is not a response");
    assert!(!error.is_timeout(), "{}", chain(&error));

    let token = app.cartevo_token().await;
    let received =
        raw_enroll(&app, &token, "fault-random-data-then-close").expect("bytes, then a close");
    assert!(received.len() >= 64, "{} bytes", received.len());
    assert!(!received.starts_with(b"HTTP/"), "not a status line");

    // Seeded: the second match of a tenant sends the same bytes on a fresh server too.
    let fresh = spawn_app().await;
    let token = fresh.cartevo_token().await;
    let first = raw_enroll(&fresh, &token, "fault-random-data-then-close").unwrap();
    let second = raw_enroll(&fresh, &token, "fault-random-data-then-close").unwrap();
    assert_ne!(first, second, "each match draws anew");
    assert_eq!(
        second, received,
        "the n-th match draws the same bytes on every run"
    );
}

#[tokio::test]
async fn hang_lasts_until_the_client_gives_up_and_the_server_stays_healthy() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let started = Instant::now();
    let error = app
        .enroll_with_scenario(&token, "fault-hang", &unique_enrollment(1))
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("never answered");
    assert!(error.is_timeout(), "{}", chain(&error));
    assert!(started.elapsed() >= Duration::from_millis(300));

    let response = app.enroll(&token, &unique_enrollment(2)).await;
    assert_eq!(
        response.status(),
        201,
        "other requests are served meanwhile"
    );

    // A client that closes its side ends the hang: the server closes too, without answering.
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "POST /api/v1/customers/enroll HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nX-Sandbox-Scenario: fault-hang\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut received = Vec::new();
    stream
        .read_to_end(&mut received)
        .expect("closed, not timed out");
    assert!(
        received.is_empty(),
        "{}",
        String::from_utf8_lossy(&received)
    );
}

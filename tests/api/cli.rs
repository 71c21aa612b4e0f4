//! The binary itself: flags, environment variables, fixture errors, graceful shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::temp_dir;

const BINARY: &str = env!("CARGO_BIN_EXE_fintech-sandbox");

#[test]
fn help_and_version_work() {
    let help = Command::new(BINARY).arg("--help").output().unwrap();
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--host",
        "--port",
        "--fixtures",
        "--log-format",
        "--scenarios",
        "--scenario",
        "SANDBOX_PORT",
        "--carbon-kyc-delay",
        "SANDBOX_CARBON_KYC_DELAY",
    ] {
        assert!(text.contains(flag), "--help mentions {flag}:\n{text}");
    }
    let version = Command::new(BINARY).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("fintech-sandbox {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn an_invalid_fixture_stops_start_up_naming_the_file_and_the_problem() {
    let dir = temp_dir("bad-fixture");
    let file = dir.join("cartevo.yaml");
    std::fs::write(&file, "companies:\n  - id: 11111111-1111-4111-8111-111111111111\n    name: X\n    client_id: client_x\n    client_key: k\n    kyb_status: MAYBE\n").unwrap();
    let output = Command::new(BINARY)
        .args(["serve", "--port", "0", "--fixtures"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{}:6:", file.display())),
        "{stderr}"
    );
    assert!(stderr.contains("MAYBE"), "{stderr}");
}

#[test]
fn an_invalid_carbon_fixture_stops_start_up_naming_the_file_and_the_problem() {
    let dir = temp_dir("bad-carbon-fixture");
    let file = dir.join("carbon.yaml");
    std::fs::write(
        &file,
        "merchants:\n  - id: 11111111-1111-4111-8111-111111111111\n    slug: m\n    name: M\n    carbon_key: k\n    customers:\n      - id: 22222222-2222-4222-8222-222222222222\n        bvn: \"123\"\n",
    )
    .unwrap();
    let output = Command::new(BINARY)
        .args(["serve", "--port", "0", "--fixtures"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    assert!(
        stderr.contains("merchants[0].customers[0]: first_name is required;"),
        "{stderr}"
    );
    assert!(stderr.contains("BVN must be 11 numbers long"), "{stderr}");
}

#[test]
fn a_kyc_delay_that_is_not_a_duration_is_refused() {
    let output = Command::new(BINARY)
        .args(["--port", "0", "--carbon-kyc-delay", "soon"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--carbon-kyc-delay"), "{stderr}");
}

#[test]
fn an_unknown_fixture_file_is_refused() {
    let dir = temp_dir("typo-fixture");
    std::fs::write(dir.join("cartevos.yaml"), "companies: []\n").unwrap();
    let output = Command::new(BINARY)
        .args(["--port", "0", "--fixtures"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cartevos.yaml: unknown fixture file"),
        "{stderr}"
    );
}

/// Starts the binary with `SANDBOX_PORT=0`, reads the URL it prints, checks it serves, then
/// stops it with SIGTERM and expects a clean exit.
#[test]
fn serves_on_the_port_from_the_environment_and_stops_gracefully_on_sigterm() {
    let mut child = Command::new(BINARY)
        .env("SANDBOX_PORT", "0")
        .env("SANDBOX_LOG_FORMAT", "pretty")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let banner = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.contains("listening on"))
        .expect("a banner line");
    let url = banner.rsplit(' ').next().unwrap().to_owned();
    let rest: Vec<String> = lines.by_ref().take(7).map_while(Result::ok).collect();
    assert!(
        rest.iter()
            .any(|l| l.contains("client_id=client_sandbox client_key=sandbox_secret")),
        "{rest:?}"
    );
    assert!(
        rest.iter()
            .any(|l| l.contains("/baas/api") && l.contains("baas-consumers")),
        "{rest:?}"
    );
    assert!(
        rest.iter()
            .any(|l| l.contains("x-carbon-key=sandbox_carbon_key ")),
        "{rest:?}"
    );

    let health =
        std::net::TcpStream::connect(url.trim_start_matches("http://")).map(|mut stream| {
            use std::io::{Read, Write};
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            write!(
                stream,
                "GET /__sandbox/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            answer
        });
    assert!(health.unwrap().starts_with("HTTP/1.1 200"));

    // SAFETY-free: `kill` the child with SIGTERM through the shell tool every Unix has.
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0, got {exit:?}");
}

#[tokio::test]
async fn healthcheck_exits_zero_only_when_a_sandbox_answers() {
    let app = crate::helpers::spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_owned();
    let healthy = tokio::task::spawn_blocking(move || {
        Command::new(BINARY)
            .args(["healthcheck", "--host", "0.0.0.0", "--port", &port])
            .status()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(healthy.success());

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = Command::new(BINARY)
        .args([
            "healthcheck",
            "--port",
            &closed.to_string(),
            "--timeout",
            "1s",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot connect"));
}

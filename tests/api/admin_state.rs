//! `GET`/`PUT /__sandbox/state` and `--state-file` across a restart.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::helpers::{seed_enrollment, spawn_app, status_and_json, temp_dir};

#[tokio::test]
async fn an_export_imports_into_a_fresh_sandbox() {
    let source = spawn_app().await;
    let token = source.cartevo_token().await;
    let (_, created) = status_and_json(source.enroll(&token, &seed_enrollment()).await).await;
    let tenant = source
        .create_tenant(json!({"provider": "cartevo", "webhook_secret": "whsec_1"}))
        .await;
    let (status, exported) = source.admin_get("/__sandbox/state").await;
    assert_eq!(status, 200);
    assert_eq!(exported["format"], "fintech-sandbox-state");
    assert_eq!(exported["version"], 1);

    let target = spawn_app().await;
    let response = target
        .client
        .put(target.url("/__sandbox/state"))
        .json(&exported)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let token = target.cartevo_token().await;
    let id = created["data"]["id"].as_str().unwrap();
    let (status, read) = status_and_json(
        target
            .cartevo_get(&token, &format!("/api/v1/customers/{id}"))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(read["data"], created["data"]);
    let tenant_token = target.token_for_tenant(&tenant).await;
    assert_eq!(target.cartevo_customer_count(&tenant_token).await, 0);
    let (_, again) = target.admin_get("/__sandbox/state").await;
    assert_eq!(
        again["providers"], exported["providers"],
        "export → import → export is stable"
    );
}

#[tokio::test]
async fn an_invalid_import_changes_nothing() {
    let app = spawn_app().await;
    let (_, mut exported) = app.admin_get("/__sandbox/state").await;
    let customers = &mut exported["providers"]["cartevo"]["companies"][1]["customers"];
    let duplicate = customers[0].clone();
    let mut twin = duplicate.clone();
    twin["id"] = json!("11111111-1111-4111-8111-111111111111");
    customers.as_array_mut().unwrap().push(twin);
    let response = app
        .client
        .put(app.url("/__sandbox/state"))
        .json(&exported)
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("admin_state_invalid", body);
    let token = app.cartevo_token().await;
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        1,
        "still the fixtures"
    );

    let response = app
        .client
        .put(app.url("/__sandbox/state"))
        .json(&json!({"format": "other"}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("admin_state_wrong_format", body);
}

const BINARY: &str = env!("CARGO_BIN_EXE_fintech-sandbox");

/// Starts the binary on a free port with `--state-file`, returns it and its base URL.
fn start(state_file: &std::path::Path) -> (std::process::Child, String) {
    let mut child = Command::new(BINARY)
        .args(["--port", "0", "--state-file"])
        .arg(state_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.contains("listening on"))
        .expect("banner");
    // Keep reading the request log, as a supervisor would, so the pipe never fills.
    std::thread::spawn(move || lines.for_each(drop));
    let url = banner.rsplit(' ').next().unwrap().to_owned();
    (child, url)
}

fn stop(mut child: std::process::Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
}

#[tokio::test]
async fn a_state_file_keeps_data_across_a_restart() {
    let dir = temp_dir("state");
    let state_file = dir.join("sandbox-state.json");
    let client = reqwest::Client::new();

    let (child, url) = start(&state_file);
    let token_of = |url: String| {
        let client = client.clone();
        async move {
            let body: Value = client
                .post(format!("{url}/api/v1/auth/token"))
                .json(&json!({"client_id": "client_sandbox", "client_key": "sandbox_secret"}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            body["access_token"].as_str().unwrap().to_owned()
        }
    };
    let token = token_of(url.clone()).await;
    let created: Value = client
        .post(format!("{url}/api/v1/customers/enroll"))
        .bearer_auth(&token)
        .json(&seed_enrollment())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stop(child);
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&state_file).unwrap()).unwrap();
    assert_eq!(saved["format"], "fintech-sandbox-state");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary file left behind: {leftovers:?}"
    );

    let (child, url) = start(&state_file);
    let token = token_of(url.clone()).await;
    let id = created["data"]["id"].as_str().unwrap();
    let read: Value = client
        .get(format!("{url}/api/v1/customers/{id}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["data"], created["data"]);
    stop(child);
}

#[test]
fn a_corrupt_state_file_stops_start_up() {
    let dir = temp_dir("bad-state");
    let state_file = dir.join("state.json");
    std::fs::write(&state_file, "{not json").unwrap();
    let output = Command::new(BINARY)
        .args(["--port", "0", "--state-file"])
        .arg(&state_file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("state.json: not JSON"), "{stderr}");
}

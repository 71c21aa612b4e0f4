//! Who may use the control plane.

use std::process::Command;

use fintech_sandbox::config::Settings;

use crate::helpers::{spawn_app_with, status_and_json};

#[tokio::test]
async fn with_an_admin_token_the_control_plane_requires_it() {
    let app = spawn_app_with(Settings {
        admin_token: Some("s3cret".into()),
        ..Settings::for_tests()
    })
    .await;
    let (status, body) = status_and_json(app.get("/__sandbox/requests").await).await;
    assert_eq!(status, 401);
    insta::assert_json_snapshot!("admin_token_missing", body);
    let response = app
        .client
        .get(app.url("/__sandbox/requests"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let response = app
        .client
        .get(app.url("/__sandbox/requests"))
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.get("/__sandbox/health").await.status(),
        200,
        "health stays open"
    );
    let token = app.cartevo_token().await;
    assert_eq!(
        app.cartevo_get(&token, "/api/v1/customers").await.status(),
        200,
        "the emulated APIs are unaffected"
    );
}

#[tokio::test]
async fn wrong_methods_on_the_control_plane_are_405() {
    let app = spawn_app_with(Settings::for_tests()).await;
    let response = app
        .client
        .delete(app.url("/__sandbox/clock"))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 405);
    insta::assert_json_snapshot!("admin_wrong_method", body);
}

#[test]
fn off_loopback_the_server_refuses_to_start_without_a_token() {
    let binary = env!("CARGO_BIN_EXE_fintech-sandbox");
    let output = Command::new(binary)
        .args(["--host", "0.0.0.0", "--port", "0"])
        .env_remove("SANDBOX_ADMIN_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs --admin-token"), "{stderr}");
}

//! `/__sandbox/requests`: the bounded request journal.

use crate::helpers::{seed_enrollment, spawn_app, spawn_app_with, unique_enrollment};
use fintech_sandbox::config::Settings;

#[tokio::test]
async fn requests_are_recorded_with_tenant_bodies_and_status() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    app.enroll(&token, &seed_enrollment()).await;
    app.enroll(&token, &seed_enrollment()).await;

    let (status, body) = app
        .admin_get("/__sandbox/requests?path=/api/v1/customers/enroll")
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 2);
    let newest = &body["requests"][0];
    assert_eq!(newest["provider"], "cartevo");
    assert_eq!(newest["tenant"], "cartevo:client_sandbox");
    assert_eq!(newest["method"], "POST");
    assert_eq!(newest["request"]["body"], seed_enrollment());
    assert_eq!(newest["response"]["status"], 409);
    assert_eq!(
        newest["response"]["body"]["message"],
        "Customer with this email or ID already exists"
    );
    assert_eq!(body["requests"][1]["response"]["status"], 201);
    assert!(newest["latency_ms"].as_f64().unwrap() >= 0.0);
    assert!(newest["id"].as_u64().unwrap() > body["requests"][1]["id"].as_u64().unwrap());
}

#[tokio::test]
async fn the_journal_filters_by_status_provider_tenant_and_time() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let before = chrono::Utc::now();
    app.enroll(&token, &seed_enrollment()).await;
    app.enroll(&token, &seed_enrollment()).await;
    app.cartevo_get(&token, "/api/v1/customers").await;

    let (_, conflicts) = app
        .admin_get("/__sandbox/requests?status=4xx&provider=cartevo")
        .await;
    assert_eq!(conflicts["total"], 1);
    let (_, token_calls) = app
        .admin_get("/__sandbox/requests?path=/api/v1/auth/*")
        .await;
    assert_eq!(token_calls["total"], 1);
    assert_eq!(
        token_calls["requests"][0]["tenant"],
        serde_json::Value::Null,
        "not authenticated by a token"
    );
    let (_, tenant) = app
        .admin_get("/__sandbox/requests?tenant=cartevo:client_sandbox&limit=1")
        .await;
    assert_eq!(tenant["total"], 3);
    assert_eq!(tenant["requests"].as_array().unwrap().len(), 1);
    let since = before.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    let (_, recent) = app
        .admin_get(&format!("/__sandbox/requests?since={since}"))
        .await;
    assert_eq!(recent["total"], 3, "the token request came before `since`");
    let (_, nothing) = app
        .admin_get("/__sandbox/requests?since=2999-01-01T00:00:00Z")
        .await;
    assert_eq!(nothing["total"], 0);
}

#[tokio::test]
async fn the_control_plane_is_not_journaled_and_delete_clears() {
    let app = spawn_app().await;
    app.get("/api/v1/nothing").await;
    app.admin_get("/__sandbox/clock").await;
    let (_, body) = app.admin_get("/__sandbox/requests").await;
    assert_eq!(body["total"], 1);
    let response = app
        .client
        .delete(app.url("/__sandbox/requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let (_, body) = app.admin_get("/__sandbox/requests").await;
    assert_eq!(body["total"], 0);
}

#[tokio::test]
async fn the_journal_keeps_only_the_newest_entries() {
    let app = spawn_app_with(Settings {
        journal_size: 5,
        ..Settings::for_tests()
    })
    .await;
    let token = app.cartevo_token().await;
    for n in 0..20 {
        app.enroll(&token, &unique_enrollment(n)).await;
    }
    let (_, body) = app.admin_get("/__sandbox/requests").await;
    assert_eq!(body["total"], 5);
    assert_eq!(body["capacity"], 5);
    let emails: Vec<_> = body["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            entry["request"]["body"]["email"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        emails,
        [
            "customer19@example.com",
            "customer18@example.com",
            "customer17@example.com",
            "customer16@example.com",
            "customer15@example.com"
        ]
    );
}

#[tokio::test]
async fn bad_filters_are_400() {
    let app = spawn_app().await;
    let (status, body) = app.admin_get("/__sandbox/requests?colour=blue").await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("admin_journal_unknown_filter", body);
    let (status, _) = app.admin_get("/__sandbox/requests?since=yesterday").await;
    assert_eq!(status, 400);
}

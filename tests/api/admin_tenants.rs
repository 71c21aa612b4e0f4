//! `/__sandbox/tenants`: isolated tenants on demand.

use futures_util::future::join_all;
use serde_json::json;

use crate::helpers::{seed_enrollment, spawn_app, status_and_json, unique_enrollment};

#[tokio::test]
async fn a_new_company_gets_working_credentials_and_an_empty_store() {
    let app = spawn_app().await;
    let tenant = app
        .create_tenant(json!({"provider": "cartevo", "name": "Acme"}))
        .await;
    insta::assert_json_snapshot!("admin_tenant_created", tenant, {
        ".tenant" => "[label]", ".id" => "[uuid]", ".client_id" => "[client_id]", ".client_key" => "[client_key]",
    });
    assert!(tenant["client_id"].as_str().unwrap().starts_with("client_"));
    assert_eq!(
        tenant["tenant"],
        format!("cartevo:{}", tenant["client_id"].as_str().unwrap())
    );

    let token = app.token_for_tenant(&tenant).await;
    assert_eq!(app.cartevo_customer_count(&token).await, 0);
    assert_eq!(app.enroll(&token, &seed_enrollment()).await.status(), 201);
    let default = app.cartevo_token().await;
    assert_eq!(
        app.enroll(&default, &seed_enrollment()).await.status(),
        201,
        "no collision across tenants"
    );
}

#[tokio::test]
async fn tenants_are_listed_and_can_be_changed() {
    let app = spawn_app().await;
    let tenant = app
        .create_tenant(json!({"provider": "cartevo", "kyb_status": "PENDING"}))
        .await;
    let token = app.token_for_tenant(&tenant).await;
    assert_eq!(app.enroll(&token, &seed_enrollment()).await.status(), 403);

    let label = tenant["tenant"].as_str().unwrap();
    let response = app
        .client
        .patch(app.url(&format!("/__sandbox/tenants/{label}")))
        .json(&json!({"kyb_status": "APPROVED", "webhook_url": "http://127.0.0.1:9/hooks"}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200);
    assert_eq!(body["kyb_status"], "APPROVED");
    assert_eq!(
        app.enroll(&token, &seed_enrollment()).await.status(),
        201,
        "KYB approved on the fly"
    );

    let (_, list) = app.admin_get("/__sandbox/tenants").await;
    let labels: Vec<_> = list["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tenant"].as_str().unwrap().to_owned())
        .collect();
    assert!(labels.contains(&"cartevo:client_sandbox".to_owned()));
    assert!(labels.contains(&"cartevo:client_kyb_pending".to_owned()));
    assert!(labels.contains(&label.to_owned()));
}

#[tokio::test]
async fn a_deleted_tenant_can_no_longer_authenticate() {
    let app = spawn_app().await;
    let tenant = app.create_tenant(json!({"provider": "cartevo"})).await;
    let token = app.token_for_tenant(&tenant).await;
    let label = tenant["tenant"].as_str().unwrap();
    let response = app
        .client
        .delete(app.url(&format!("/__sandbox/tenants/{label}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let (status, body) = status_and_json(app.cartevo_get(&token, "/api/v1/customers").await).await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], "Invalid company token");
    let response = app
        .client
        .delete(app.url(&format!("/__sandbox/tenants/{label}")))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("admin_tenant_unknown", body, {".message" => "[message]"});
}

#[tokio::test]
async fn bad_tenant_requests_are_400() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"provider": "stripe"}),
            "admin_tenant_unknown_provider",
        ),
        (
            json!({"name": "No provider"}),
            "admin_tenant_missing_provider",
        ),
        (
            json!({"provider": "cartevo", "kyb": "APPROVED"}),
            "admin_tenant_unknown_field",
        ),
        (
            json!({"provider": "cartevo", "webhook_url": "ftp://example.com"}),
            "admin_tenant_bad_webhook_url",
        ),
    ];
    for (spec, name) in cases {
        let (status, body) = app.admin_post("/__sandbox/tenants", &spec).await;
        assert_eq!(status, 400, "{spec}");
        insta::assert_json_snapshot!(name, body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_tenants_under_parallel_load_stay_isolated() {
    let app = spawn_app().await;
    let first = app.create_tenant(json!({"provider": "cartevo"})).await;
    let second = app.create_tenant(json!({"provider": "cartevo"})).await;
    let tokens = [
        app.token_for_tenant(&first).await,
        app.token_for_tenant(&second).await,
    ];
    let requests = (0..60).map(|n| {
        let token = &tokens[n % 2];
        let body = unique_enrollment(n / 2);
        let app = &app;
        async move { app.enroll(token, &body).await.status().as_u16() }
    });
    let statuses = join_all(requests).await;
    assert!(
        statuses.iter().all(|&s| s == 201),
        "the same customers in two tenants never collide: {statuses:?}"
    );
    for token in &tokens {
        assert_eq!(app.cartevo_customer_count(token).await, 30);
    }
    let (_, journal) = app
        .admin_get(&format!(
            "/__sandbox/requests?tenant={}&path=/api/v1/customers/enroll",
            first["tenant"].as_str().unwrap()
        ))
        .await;
    assert_eq!(journal["total"], 30);
}

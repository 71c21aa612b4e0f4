//! The `apikey` and `x-carbon-key` headers, and merchant isolation.

use fintech_sandbox::carbon::PROVIDER;
use reqwest::Method;
use serde_json::json;

use crate::helpers::carbon_customers::READY;
use crate::helpers::{
    CARBON_GATEWAY_KEY, CARBON_KEY, CARBON_KEY_2, TestApp, carbon_customer, spawn_app,
    spawn_app_with_fixtures, status_and_json,
};

async fn list_with(app: &TestApp, headers: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let mut request = app.client.get(app.url("/baas/api/v1/customers"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    status_and_json(request.send().await.unwrap()).await
}

#[tokio::test]
async fn each_missing_or_unknown_key_is_401_in_carbons_envelope() {
    let app = spawn_app().await;
    let cases = [
        (
            vec![("x-carbon-key", CARBON_KEY)],
            "carbon_auth_missing_apikey",
        ),
        (
            vec![
                ("apikey", "wrong-gateway-key"),
                ("x-carbon-key", CARBON_KEY),
            ],
            "carbon_auth_unknown_apikey",
        ),
        (
            vec![("apikey", CARBON_GATEWAY_KEY)],
            "carbon_auth_missing_carbon_key",
        ),
        (
            vec![
                ("apikey", CARBON_GATEWAY_KEY),
                ("x-carbon-key", "sk_live_wrong"),
            ],
            "carbon_auth_unknown_carbon_key",
        ),
        (
            vec![("apikey", CARBON_GATEWAY_KEY), ("x-carbon-key", "  ")],
            "carbon_auth_missing_carbon_key",
        ),
    ];
    for (headers, name) in cases {
        let (status, body) = list_with(&app, &headers).await;
        assert_eq!(status, 401, "{name}");
        insta::assert_json_snapshot!(name, body);
        let text = body.to_string();
        assert!(
            !text.contains("wrong-gateway-key") && !text.contains("sk_live_wrong"),
            "keys are never echoed"
        );
    }
    let (status, _) = list_with(&app, &[]).await;
    assert_eq!(status, 401);
}

/// Also checks the catalogue against the router: unknown routes answer 404 before any
/// authentication, so a 401 proves the operation is mounted.
#[tokio::test]
async fn every_carbon_operation_requires_both_keys() {
    let app = spawn_app().await;
    for operation in PROVIDER.operations {
        let path = operation
            .path
            .replace("{id}", READY)
            .replace("{account_number}", "6142285181");
        let method = Method::from_bytes(operation.method.as_bytes()).unwrap();
        let response = app
            .client
            .request(method, app.url(&path))
            .header("apikey", CARBON_GATEWAY_KEY)
            .json(&json!({"customer_id": READY}))
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 401, "{} {path}", operation.method);
        assert_eq!(body["data"]["error_code"], "INVALID_API_KEY");
    }
    assert_eq!(
        app.carbon_enroll(READY).await.status(),
        201,
        "the unauthenticated enroll stored nothing"
    );
}

#[tokio::test]
async fn authentication_comes_before_reading_the_body() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/baas/api/v1/loans/customers/enroll"))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 401);
    assert_eq!(body["message"], "Unauthorized access");
}

#[tokio::test]
async fn gateway_keys_listed_in_the_fixtures_are_accepted_too() {
    let fixture = r#"
gateway_keys: [team-gateway-key]
merchants:
  - id: 9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d
    slug: team
    name: Team Merchant
    carbon_key: team_key
"#;
    let app = spawn_app_with_fixtures(&[("carbon.yaml", fixture)]).await;
    for gateway in ["team-gateway-key", CARBON_GATEWAY_KEY] {
        let (status, body) =
            list_with(&app, &[("apikey", gateway), ("x-carbon-key", "team_key")]).await;
        assert_eq!(status, 200, "{gateway}");
        assert_eq!(body["total"], 0);
    }
    let (status, _) = list_with(
        &app,
        &[("apikey", CARBON_GATEWAY_KEY), ("x-carbon-key", CARBON_KEY)],
    )
    .await;
    assert_eq!(
        status, 401,
        "the default merchants are gone with the embedded fixtures"
    );
}

#[tokio::test]
async fn merchants_never_see_each_others_records() {
    let app = spawn_app().await;
    let id = app.carbon_new_customer(&carbon_customer(1), true).await;
    let app = &app;
    let as_second = |path: String| async move {
        let response = app
            .carbon_as(CARBON_KEY_2, Method::GET, &path)
            .send()
            .await
            .unwrap();
        status_and_json(response).await
    };
    assert_eq!(as_second(format!("/v1/customers/{id}")).await.0, 404);
    assert_eq!(
        as_second(format!("/v1/loans/customers/{id}/kyc-status"))
            .await
            .0,
        400
    );
    let (status, listed) = as_second("/v1/customers?email=mark1@example.com".into()).await;
    assert_eq!(status, 200);
    assert_eq!(listed["total"], 0);
    let (_, accounts) = as_second("/v1/accounts".into()).await;
    assert_eq!(accounts["total"], 0);

    // And the default merchant still sees its own.
    let (status, _) = status_and_json(app.carbon_get(&format!("/v1/customers/{id}")).await).await;
    assert_eq!(status, 200);
}

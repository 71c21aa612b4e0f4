//! Bad input under `/baas/api`: always Carbon's envelope and a 4xx, never a 500, nothing stored.

use reqwest::Method;

use crate::helpers::carbon_customers::{self, READY};
use crate::helpers::{CARBON_KEY, TestApp, carbon_customer, spawn_app, status_and_json};

async fn post_raw(
    app: &TestApp,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let mut request = app.carbon(Method::POST, path).body(body);
    if let Some(content_type) = content_type {
        request = request.header("Content-Type", content_type);
    }
    status_and_json(request.send().await.unwrap()).await
}

#[tokio::test]
async fn malformed_json_is_400_and_stores_nothing() {
    let app = spawn_app().await;
    let (status, body) = post_raw(
        &app,
        "/v1/customers",
        Some("application/json"),
        br#"{"first_name": "Mark",}"#.to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_malformed_json", body);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT
    );

    let (status, _) = post_raw(
        &app,
        "/v1/loans/customers/enroll",
        Some("application/json"),
        br#"{"customer_id": "1732ca47-42b2-4990-a65d-c369e934eed3""#.to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        app.carbon_enroll(READY).await.status(),
        201,
        "no enrollment was stored"
    );
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_400() {
    let app = spawn_app().await;
    for body in [
        &b"[1, 2]"[..],
        b"\"1732ca47-42b2-4990-a65d-c369e934eed3\"",
        b"null",
    ] {
        let (status, body) = post_raw(
            &app,
            "/v1/loans/customers/enroll",
            Some("application/json"),
            body.to_vec(),
        )
        .await;
        assert_eq!(status, 400);
        insta::assert_json_snapshot!("carbon_body_not_object", body);
    }
}

#[tokio::test]
async fn a_wrong_or_missing_content_type_is_415() {
    let app = spawn_app().await;
    let json = serde_json::to_vec(&carbon_customer(1)).unwrap();
    let (status, body) = post_raw(&app, "/v1/customers", Some("text/plain"), json.clone()).await;
    assert_eq!(status, 415);
    insta::assert_json_snapshot!("carbon_wrong_content_type", body);
    let (status, body) = post_raw(&app, "/v1/customers", None, json.clone()).await;
    assert_eq!(status, 415);
    insta::assert_json_snapshot!("carbon_missing_content_type", body);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT
    );
    let (status, _) = post_raw(
        &app,
        "/v1/customers",
        Some("application/json; charset=utf-8"),
        json,
    )
    .await;
    assert_eq!(status, 200, "parameters on the media type are fine");
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = spawn_app().await;
    let mut body = carbon_customer(1);
    body["street"] = serde_json::Value::String("x".repeat(200 * 1024));
    let (status, body) = post_raw(
        &app,
        "/v1/customers",
        Some("application/json"),
        serde_json::to_vec(&body).unwrap(),
    )
    .await;
    assert_eq!(status, 413);
    insta::assert_json_snapshot!("carbon_body_too_large", body);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT
    );
}

#[tokio::test]
async fn wrong_json_types_on_enroll_and_accounts_are_400() {
    let app = spawn_app().await;
    let (status, body) = post_raw(
        &app,
        "/v1/loans/customers/enroll",
        Some("application/json"),
        br#"{"customer_id": ["1732ca47-42b2-4990-a65d-c369e934eed3"]}"#.to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["message"], "customer_id must be a string");
    let (status, body) = post_raw(
        &app,
        "/v1/accounts",
        Some("application/json"),
        br#"{"customer_id": {"id": 1}, "third_party": 1}"#.to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_account_wrong_types", body);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_like_express() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.carbon_get("/v1/loans/apply").await).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("carbon_unknown_route", body);

    let response = app
        .carbon(Method::DELETE, &format!("/v1/customers/{READY}"))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("carbon_wrong_method", body);

    for (method, path) in [
        (Method::GET, "/v1/loans/customers/enroll"),
        (Method::PUT, "/v1/accounts"),
        (Method::GET, ""),
        (Method::GET, "/v2/customers"),
    ] {
        let response = app.carbon(method.clone(), path).send().await.unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 404, "{method} {path}");
        assert_eq!(body["data"]["error_code"], "ROUTE_NOT_FOUND");
    }
    // A verify-kyc GET is not a kyc-status read.
    let response = app
        .carbon(
            Method::GET,
            &format!("/v1/loans/customers/{READY}/verify-kyc"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

//! Bad input under `/api/v1`: always Cartevo's envelope and a 4xx, never a 500, nothing stored.

use crate::helpers::{TestApp, seed_enrollment, spawn_app, status_and_json};

async fn post_raw(
    app: &TestApp,
    token: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let mut request = app
        .client
        .post(app.url("/api/v1/customers/enroll"))
        .bearer_auth(token)
        .body(body);
    if let Some(content_type) = content_type {
        request = request.header("Content-Type", content_type);
    }
    status_and_json(request.send().await.unwrap()).await
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = post_raw(
        &app,
        &token,
        Some("application/json"),
        br#"{"first_name": "John",}"#.to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_malformed_json", body);
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        1,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_400() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = post_raw(&app, &token, Some("application/json"), b"[1, 2]".to_vec()).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_body_not_object", body);
}

#[tokio::test]
async fn a_wrong_or_missing_content_type_is_415() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let json = serde_json::to_vec(&seed_enrollment()).unwrap();
    let (status, body) = post_raw(&app, &token, Some("text/plain"), json.clone()).await;
    assert_eq!(status, 415);
    insta::assert_json_snapshot!("cartevo_wrong_content_type", body);
    let (status, body) = post_raw(&app, &token, None, json.clone()).await;
    assert_eq!(status, 415);
    insta::assert_json_snapshot!("cartevo_missing_content_type", body);
    let (status, _) = post_raw(&app, &token, Some("application/json; charset=utf-8"), json).await;
    assert_eq!(status, 201, "parameters on the media type are fine");
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let mut body = seed_enrollment();
    body["street"] = serde_json::Value::String("x".repeat(200 * 1024));
    let (status, body) = post_raw(
        &app,
        &token,
        Some("application/json"),
        serde_json::to_vec(&body).unwrap(),
    )
    .await;
    assert_eq!(status, 413);
    insta::assert_json_snapshot!("cartevo_body_too_large", body);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_like_nestjs() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) =
        status_and_json(app.cartevo_get(&token, "/api/v1/cards/abc/secrets").await).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("cartevo_unknown_route", body);

    let response = app
        .client
        .delete(app.url("/api/v1/customers/enroll"))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("cartevo_wrong_method", body);

    let response = app
        .client
        .put(app.url("/api/v1/auth/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

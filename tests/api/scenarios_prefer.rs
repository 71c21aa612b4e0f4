//! Prism's `Prefer: code=` convention: a documented error on demand, no scenario file needed.

use crate::helpers::{TestApp, spawn_app, status_and_json, unique_enrollment};

async fn enroll_preferring(app: &TestApp, token: &str, prefer: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/customers/enroll"))
        .bearer_auth(token)
        .header("Prefer", prefer)
        .json(&unique_enrollment(1))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_documented_status_returns_that_error_of_the_endpoint() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = status_and_json(enroll_preferring(&app, &token, "code=422").await).await;
    assert_eq!(status, 422);
    insta::assert_json_snapshot!("prefer_enroll_422", body);

    let (status, body) = status_and_json(
        app.client
            .get(app.url("/api/v1/customers/0f8e5d2c-7a41-4b9e-8c3d-2e6f1a9b4c70"))
            .bearer_auth(&token)
            .header("Prefer", "code=404")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["message"].as_str()),
        (404, Some("Customer not found"))
    );
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        1,
        "nothing was created"
    );
}

#[tokio::test]
async fn an_undocumented_status_is_a_400_listing_the_available_ones() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let (status, body) = status_and_json(enroll_preferring(&app, &token, "code=418").await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("prefer_undocumented", body);

    let (status, body) =
        status_and_json(enroll_preferring(&app, &token, "code=teapot").await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("prefer_not_a_status", body);
}

#[tokio::test]
async fn a_success_code_runs_the_real_handler() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let response = enroll_preferring(&app, &token, "code=201").await;
    assert_eq!(response.status(), 201);
    assert_eq!(app.cartevo_customer_count(&token).await, 2);
}

#[tokio::test]
async fn unknown_routes_keep_their_own_404() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/nowhere"))
        .header("Prefer", "code=409")
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(
        (status, body["message"].as_str()),
        (404, Some("Cannot GET /api/v1/nowhere"))
    );
}

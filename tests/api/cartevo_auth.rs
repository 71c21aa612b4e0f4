//! `POST /api/v1/auth/token` and bearer authentication.

use chrono::Duration;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::{seed_enrollment, spawn_app, status_and_json, utc};

/// One segment of a JWT, decoded without verifying it (as a client would).
fn segment(token: &str, index: usize) -> Value {
    use base64::Engine;
    let part = token.split('.').nth(index).expect("three segments");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON segment")
}

#[tokio::test]
async fn valid_credentials_get_a_raw_one_hour_bearer_jwt() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 5, 9, 10, 15, 0));
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"client_id": "client_sandbox", "client_key": "sandbox_secret"}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200);
    let token = body["access_token"].as_str().unwrap();
    let claims = segment(token, 1);
    assert_eq!(
        claims,
        json!({
            "sub": "5a3f0c8e-2b7d-4c1e-9f60-8d2a4b6c0e11",
            "companyId": "5a3f0c8e-2b7d-4c1e-9f60-8d2a4b6c0e11",
            "clientId": "client_sandbox",
            "iat": 1778321700,
            "exp": 1778325300
        })
    );
    assert_eq!(segment(token, 0), json!({"typ": "JWT", "alg": "HS256"}));
    insta::assert_json_snapshot!("cartevo_token_issued", body, {".access_token" => "[jwt]"});
}

#[tokio::test]
async fn wrong_or_unknown_credentials_are_one_401() {
    let app = spawn_app().await;
    for credentials in [
        json!({"client_id": "client_sandbox", "client_key": "wrong"}),
        json!({"client_id": "client_nobody", "client_key": "sandbox_secret"}),
    ] {
        let response = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .json(&credentials)
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 401);
        insta::assert_json_snapshot!("cartevo_token_invalid_credentials", body);
    }
}

#[tokio::test]
async fn token_requests_are_validated() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .json(&json!({"client_id": 42}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("cartevo_token_invalid_body", body);
}

async fn enroll_with_authorization(
    app: &crate::helpers::TestApp,
    authorization: Option<&str>,
) -> (u16, Value) {
    let mut request = app
        .client
        .post(app.url("/api/v1/customers/enroll"))
        .json(&seed_enrollment());
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    status_and_json(request.send().await.unwrap()).await
}

#[tokio::test]
async fn a_missing_token_is_401() {
    let app = spawn_app().await;
    let (status, body) = enroll_with_authorization(&app, None).await;
    assert_eq!(status, 401);
    insta::assert_json_snapshot!("cartevo_auth_missing", body);
}

#[tokio::test]
async fn malformed_authorization_headers_are_401() {
    let app = spawn_app().await;
    for value in [
        "Basic Y2xpZW50OnNlY3JldA==",
        "Bearer",
        "Bearer not-a-jwt",
        "Bearer a.b.c",
    ] {
        let (status, body) = enroll_with_authorization(&app, Some(value)).await;
        assert_eq!(status, 401, "{value}");
        insta::assert_json_snapshot!("cartevo_auth_malformed", body);
    }
}

#[tokio::test]
async fn a_token_signed_with_another_key_is_401() {
    let app = spawn_app().await;
    let now = chrono::Utc::now().timestamp();
    let forged = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &json!({
            "sub": "5a3f0c8e-2b7d-4c1e-9f60-8d2a4b6c0e11",
            "companyId": "5a3f0c8e-2b7d-4c1e-9f60-8d2a4b6c0e11",
            "clientId": "client_sandbox",
            "iat": now,
            "exp": now + 3600
        }),
        &EncodingKey::from_secret(b"guessed"),
    )
    .unwrap();
    let (status, body) = enroll_with_authorization(&app, Some(&format!("Bearer {forged}"))).await;
    assert_eq!(status, 401);
    insta::assert_json_snapshot!("cartevo_auth_forged", body);
}

#[tokio::test]
async fn tokens_expire_an_hour_later_on_the_sandbox_clock() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 5, 9, 10, 0, 0));
    let token = app.cartevo_token().await;
    app.state.clock.advance(Duration::seconds(3599));
    let response = app.cartevo_get(&token, "/api/v1/customers").await;
    assert_eq!(
        response.status(),
        200,
        "still valid one second before expiry"
    );
    app.state.clock.advance(Duration::seconds(1));
    let (status, body) = status_and_json(app.cartevo_get(&token, "/api/v1/customers").await).await;
    assert_eq!(status, 401);
    insta::assert_json_snapshot!("cartevo_auth_expired", body);
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    let response = app
        .client
        .get(app.url("/api/v1/customers"))
        .header("Authorization", format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

//! Cartevo's `customer.created` webhook, its signature, retries, and `/__sandbox/webhooks`.

use std::time::Duration;

use fintech_sandbox::config::Settings;
use fintech_sandbox::webhooks::RetryPolicy;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{TestApp, seed_enrollment, spawn_app, spawn_app_with, status_and_json};
use crate::receiver::start_receiver;

/// Fast retries, so a test sees all of them in well under a second.
async fn spawn_fast_retrying_app() -> TestApp {
    spawn_app_with(Settings {
        webhook_policy: RetryPolicy {
            retries: 3,
            interval: Duration::from_millis(100),
            timeout: Duration::from_secs(2),
        },
        ..Settings::for_tests()
    })
    .await
}

/// A new company whose webhooks go to `url`, and a token for it.
async fn company_with_webhook(app: &TestApp, url: &str, secret: Option<&str>) -> (Value, String) {
    let tenant = app
        .create_tenant(json!({"provider": "cartevo", "webhook_url": url, "webhook_secret": secret}))
        .await;
    let token = app.token_for_tenant(&tenant).await;
    (tenant, token)
}

/// Verifies `t=<unix>,v1=<hex>` the way a receiver would, with its own HMAC computation.
fn verify_cartevo_signature(header: &str, secret: &str, body: &[u8]) -> i64 {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = Some(value.to_owned()),
            Some(("v1", value)) => v1 = Some(value.to_owned()),
            _ => panic!("unexpected part {part:?} in {header:?}"),
        }
    }
    let (t, v1) = (t.expect("t="), v1.expect("v1="));
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(v1, expected, "signature of {header:?}");
    t.parse().unwrap()
}

#[tokio::test]
async fn customer_created_is_delivered_signed() {
    let app = spawn_app().await;
    let receiver = start_receiver(0);
    let (tenant, token) = company_with_webhook(&app, &receiver.url, Some("whsec_test")).await;
    let (status, created) = status_and_json(app.enroll(&token, &seed_enrollment()).await).await;
    assert_eq!(status, 201);

    let received = receiver.wait_for(1).await;
    let request = &received[0];
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"event": "customer.created", "data": created["data"]})
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    let t = verify_cartevo_signature(
        request.header("x-cartevo-signature").unwrap(),
        "whsec_test",
        &request.body,
    );
    assert!(
        (t - chrono::Utc::now().timestamp()).abs() < 60,
        "t is the signing time"
    );

    let deliveries = app
        .wait_for_deliveries("?event=customer.created", |d| {
            d.first().is_some_and(|d| d["state"] == "delivered")
        })
        .await;
    let delivery = &deliveries[0];
    assert_eq!(delivery["tenant"], tenant["tenant"]);
    assert_eq!(delivery["signed"], true);
    assert_eq!(delivery["attempts"][0]["status"], 200);
    assert_eq!(delivery["payload"]["data"]["id"], created["data"]["id"]);
}

#[tokio::test]
async fn without_a_secret_there_is_no_signature_and_without_a_url_no_delivery() {
    let app = spawn_app().await;
    let receiver = start_receiver(0);
    let unsigned = app
        .create_tenant(json!({"provider": "cartevo", "webhook_url": receiver.url}))
        .await;
    let silent = app.create_tenant(json!({"provider": "cartevo"})).await;
    let token = app.token_for_tenant(&unsigned).await;
    app.enroll(&token, &seed_enrollment()).await;
    let token = app.token_for_tenant(&silent).await;
    app.enroll(&token, &seed_enrollment()).await;
    let received = receiver.wait_for(1).await;
    assert_eq!(received[0].header("x-cartevo-signature"), None);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (_, list) = app.admin_get("/__sandbox/webhooks").await;
    assert_eq!(
        list["deliveries"].as_array().unwrap().len(),
        1,
        "only the configured URL gets events"
    );
}

#[tokio::test]
async fn a_receiver_that_fails_then_recovers_gets_the_event() {
    let app = spawn_fast_retrying_app().await;
    let receiver = start_receiver(2);
    let (_, token) = company_with_webhook(&app, &receiver.url, Some("s")).await;
    app.enroll(&token, &seed_enrollment()).await;

    let deliveries = app
        .wait_for_deliveries("", |d| d.first().is_some_and(|d| d["state"] == "delivered"))
        .await;
    let attempts: Vec<_> = deliveries[0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect();
    assert_eq!(attempts, [json!(503), json!(503), json!(200)]);
    let received = receiver.wait_for(3).await;
    assert_eq!(
        received[0].body, received[2].body,
        "every attempt carries the same body"
    );
}

#[tokio::test]
async fn a_receiver_down_for_good_exhausts_the_retries() {
    let app = spawn_fast_retrying_app().await;
    let (_, token) = company_with_webhook(&app, "http://127.0.0.1:9/unreachable", None).await;
    app.enroll(&token, &seed_enrollment()).await;
    let deliveries = app
        .wait_for_deliveries("?state=failed", |d| !d.is_empty())
        .await;
    let attempts = deliveries[0]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 4, "one attempt and three retries");
    assert!(
        attempts
            .iter()
            .all(|a| a["status"].is_null() && a["error"].is_string())
    );
}

#[tokio::test]
async fn retries_wait_for_the_sandbox_clock() {
    let app = spawn_app().await;
    app.admin_post(
        "/__sandbox/clock",
        &json!({"freeze_at": "2030-01-01T00:00:00Z"}),
    )
    .await;
    let receiver = start_receiver(1);
    let (_, token) = company_with_webhook(&app, &receiver.url, None).await;
    app.enroll(&token, &seed_enrollment()).await;
    receiver.wait_for(1).await;
    let deliveries = app
        .wait_for_deliveries("", |d| d.first().is_some_and(|d| d["state"] == "pending"))
        .await;
    assert_eq!(
        deliveries[0]["next_attempt_at"], "2030-01-01T00:00:05.000Z",
        "5 s later on the sandbox clock"
    );

    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "a frozen clock holds the retry"
    );
    app.admin_post("/__sandbox/clock", &json!({"advance": "5s"}))
        .await;
    receiver.wait_for(2).await;
    app.wait_for_deliveries("", |d| d.first().is_some_and(|d| d["state"] == "delivered"))
        .await;
}

#[tokio::test]
async fn a_delivery_can_be_redelivered() {
    let app = spawn_app().await;
    let receiver = start_receiver(0);
    let (_, token) = company_with_webhook(&app, &receiver.url, None).await;
    app.enroll(&token, &seed_enrollment()).await;
    let deliveries = app
        .wait_for_deliveries("", |d| d.first().is_some_and(|d| d["state"] == "delivered"))
        .await;
    let id = deliveries[0]["id"].as_str().unwrap();

    let (status, body) = app
        .admin_post(&format!("/__sandbox/webhooks/{id}/redeliver"), &json!({}))
        .await;
    assert_eq!(status, 202);
    assert_eq!(body["id"], id);
    receiver.wait_for(2).await;
    let (_, delivery) = app.admin_get(&format!("/__sandbox/webhooks/{id}")).await;
    assert_eq!(delivery["attempts"].as_array().unwrap().len(), 2);

    let (status, body) = app
        .admin_post(
            "/__sandbox/webhooks/3c90c3cc-0d44-4b50-8888-8dd25736052a/redeliver",
            &json!({}),
        )
        .await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("admin_webhook_unknown", body);
}

#[tokio::test]
async fn deliveries_never_hold_up_the_api() {
    let app = spawn_app_with(Settings {
        webhook_policy: RetryPolicy {
            timeout: Duration::from_secs(5),
            ..RetryPolicy::default()
        },
        ..Settings::for_tests()
    })
    .await;
    // A receiver that accepts the connection but never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks", silent.local_addr().unwrap());
    let (_, token) = company_with_webhook(&app, &url, None).await;
    let started = std::time::Instant::now();
    assert_eq!(app.enroll(&token, &seed_enrollment()).await.status(), 201);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the response did not wait for the receiver"
    );
}

//! `/__sandbox/clock`, and the time rules that follow it.

use serde_json::json;

use crate::helpers::{spawn_app, unique_enrollment, with};

#[tokio::test]
async fn the_clock_reads_real_time_by_default() {
    let app = spawn_app().await;
    let (status, body) = app.admin_get("/__sandbox/clock").await;
    assert_eq!(status, 200);
    assert_eq!(body["mode"], "real");
    let now = chrono::DateTime::parse_from_rfc3339(body["now"].as_str().unwrap()).unwrap();
    assert!((now.to_utc() - chrono::Utc::now()).num_seconds().abs() < 5);
}

#[tokio::test]
async fn freeze_advance_and_release() {
    let app = spawn_app().await;
    let (status, body) = app
        .admin_post(
            "/__sandbox/clock",
            &json!({"freeze_at": "2030-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"now": "2030-01-01T00:00:00.000Z", "mode": "frozen"})
    );

    let (_, body) = app
        .admin_post("/__sandbox/clock", &json!({"advance": "90d"}))
        .await;
    assert_eq!(body["now"], "2030-04-01T00:00:00.000Z");
    let (_, body) = app
        .admin_post("/__sandbox/clock", &json!({"advance": "-15m"}))
        .await;
    assert_eq!(body["now"], "2030-03-31T23:45:00.000Z");

    let (_, body) = app
        .admin_post("/__sandbox/clock", &json!({"real_time": true}))
        .await;
    assert_eq!(body["mode"], "real");
    let (_, body) = app
        .admin_post("/__sandbox/clock", &json!({"advance": "1h"}))
        .await;
    assert_eq!(body["mode"], "offset");
    assert_eq!(body["offset_ms"], 3_600_000);
}

#[tokio::test]
async fn bad_clock_commands_are_400() {
    let app = spawn_app().await;
    let (status, body) = app
        .admin_post("/__sandbox/clock", &json!({"advance": "soon"}))
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("admin_clock_bad_duration", body);
    let (status, body) = app
        .admin_post(
            "/__sandbox/clock",
            &json!({"freeze_at": "tomorrow", "advance": "1d"}),
        )
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("admin_clock_bad_command", body);
    let (status, body) = app
        .admin_post("/__sandbox/clock", &json!({"freeze_at": "tomorrow"}))
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("admin_clock_bad_instant", body);
}

#[tokio::test]
async fn an_eighteenth_birthday_arrives_when_the_clock_is_advanced() {
    let app = spawn_app().await;
    app.admin_post(
        "/__sandbox/clock",
        &json!({"freeze_at": "2026-11-20T12:00:00Z"}),
    )
    .await;
    let token = app.cartevo_token().await;
    let born = with(
        unique_enrollment(1),
        &[("date_of_birth", json!("2008-11-21"))],
    );
    assert_eq!(
        app.enroll(&token, &born).await.status(),
        400,
        "17 the day before"
    );
    app.admin_post("/__sandbox/clock", &json!({"advance": "12h"}))
        .await;
    let token = app.cartevo_token().await;
    assert_eq!(
        app.enroll(&token, &born).await.status(),
        201,
        "18 on the day"
    );
}

#[tokio::test]
async fn advancing_the_clock_expires_tokens() {
    let app = spawn_app().await;
    let token = app.cartevo_token().await;
    assert_eq!(
        app.cartevo_get(&token, "/api/v1/customers").await.status(),
        200
    );
    app.admin_post("/__sandbox/clock", &json!({"advance": "61m"}))
        .await;
    assert_eq!(
        app.cartevo_get(&token, "/api/v1/customers").await.status(),
        401
    );
}

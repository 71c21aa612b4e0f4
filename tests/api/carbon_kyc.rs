//! KYC: `POST .../verify-kyc` and `GET .../kyc-status`, resolved on the sandbox clock.

use std::time::Duration as StdDuration;

use chrono::Duration;
use fintech_sandbox::config::Settings;
use reqwest::Method;

use crate::helpers::carbon_customers::{KYC_REJECTED, NO_BVN, READY};
use crate::helpers::{CARBON_KEY_2, TestApp, spawn_app, spawn_app_with, status_and_json, utc};

async fn verify(app: &TestApp, id: &str) -> (u16, serde_json::Value) {
    let response = app
        .carbon(
            Method::POST,
            &format!("/v1/loans/customers/{id}/verify-kyc"),
        )
        .send()
        .await
        .unwrap();
    status_and_json(response).await
}

async fn status_of(app: &TestApp, id: &str) -> (u16, serde_json::Value) {
    status_and_json(
        app.carbon_get(&format!("/v1/loans/customers/{id}/kyc-status"))
            .await,
    )
    .await
}

#[tokio::test]
async fn an_enrolled_customer_is_pending_then_verified_after_the_default_delay() {
    let app = spawn_app().await;
    let start = utc(2026, 5, 1, 9, 0, 0);
    app.state.clock.freeze_at(start);
    assert_eq!(app.carbon_enroll(READY).await.status(), 201);

    let (status, body) = status_of(&app, READY).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_kyc_status_pending", body);

    let (status, body) = verify(&app, READY).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_kyc_verification_initiated", body);

    app.state.clock.advance(Duration::milliseconds(4_999));
    assert_eq!(
        status_of(&app, READY).await.1["data"]["kyc_status"],
        "PENDING"
    );

    app.state.clock.advance(Duration::milliseconds(1));
    let (status, body) = status_of(&app, READY).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_kyc_status_verified", body);
    assert_eq!(body["data"]["verified_at"], "2026-05-01T09:00:05.000Z");

    let (status, body) = verify(&app, READY).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_kyc_already_verified", body);

    let (status, replay) = status_and_json(app.carbon_enroll(READY).await).await;
    assert_eq!(status, 200);
    assert_eq!(
        replay["data"]["kyc_status"], "VERIFIED",
        "a repeat enroll reports the KYC as it stands"
    );
}

#[tokio::test]
async fn a_frozen_clock_holds_kyc_pending() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 5, 1, 9, 0, 0));
    app.carbon_enroll(READY).await;
    verify(&app, READY).await;
    tokio::time::sleep(StdDuration::from_millis(50)).await;
    assert_eq!(
        status_of(&app, READY).await.1["data"]["kyc_status"],
        "PENDING"
    );
}

#[tokio::test]
async fn repeating_verify_while_pending_does_not_restart_the_check() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 5, 1, 9, 0, 0));
    app.carbon_enroll(READY).await;
    verify(&app, READY).await;
    app.state.clock.advance(Duration::seconds(3));
    let (status, body) = verify(&app, READY).await;
    assert_eq!(status, 200);
    assert_eq!(body["message"], "KYC verification initiated");
    app.state.clock.advance(Duration::seconds(2));
    let (_, body) = status_of(&app, READY).await;
    assert_eq!(body["data"]["kyc_status"], "VERIFIED");
    assert_eq!(body["data"]["verified_at"], "2026-05-01T09:00:05.000Z");
}

#[tokio::test]
async fn enrollment_alone_never_resolves_kyc() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 5, 1, 9, 0, 0));
    app.carbon_enroll(READY).await;
    app.state.clock.advance(Duration::days(30));
    assert_eq!(
        status_of(&app, READY).await.1["data"]["kyc_status"],
        "PENDING"
    );
}

#[tokio::test]
async fn a_magic_bvn_is_rejected_with_a_reason_and_may_be_retried() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 5, 1, 9, 0, 0));
    assert_eq!(app.carbon_enroll(KYC_REJECTED).await.status(), 201);
    verify(&app, KYC_REJECTED).await;
    app.state.clock.advance(Duration::seconds(5));
    let (status, body) = status_of(&app, KYC_REJECTED).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_kyc_status_rejected", body);

    // A retry starts a new check, which the same BVN fails again.
    let (status, body) = verify(&app, KYC_REJECTED).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["kyc_status"], "PENDING");
    let (_, body) = status_of(&app, KYC_REJECTED).await;
    assert_eq!(body["data"]["kyc_status"], "PENDING");
    assert_eq!(body["data"]["rejection_reason"], serde_json::Value::Null);
    app.state.clock.advance(Duration::seconds(5));
    assert_eq!(
        status_of(&app, KYC_REJECTED).await.1["data"]["kyc_status"],
        "REJECTED"
    );
}

#[tokio::test]
async fn the_other_magic_bvn_rejects_too_and_example_bvns_verify() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2026, 5, 1, 9, 0, 0));
    let cases = [
        ("00000000000", "REJECTED"),
        ("11111111111", "VERIFIED"),
        ("11111011116", "VERIFIED"),
    ];
    let mut ids = Vec::new();
    for (n, (bvn, _)) in cases.iter().enumerate() {
        let body = crate::helpers::with(
            crate::helpers::carbon_customer(n),
            &[("bvn", serde_json::json!(bvn))],
        );
        let id = app.carbon_new_customer(&body, true).await;
        assert_eq!(app.carbon_enroll(&id).await.status(), 201);
        verify(&app, &id).await;
        ids.push(id);
    }
    app.state.clock.advance(Duration::seconds(5));
    for (id, (bvn, expected)) in ids.iter().zip(cases) {
        let (_, body) = status_of(&app, id).await;
        assert_eq!(body["data"]["kyc_status"], expected, "{bvn}");
        if expected == "REJECTED" {
            assert_eq!(body["data"]["rejection_reason"], "BVN not found");
        }
    }
}

#[tokio::test]
async fn the_delay_is_configurable() {
    let app = spawn_app_with(Settings {
        carbon_kyc_delay: StdDuration::from_secs(120),
        ..Settings::for_tests()
    })
    .await;
    app.state.clock.freeze_at(utc(2026, 5, 1, 9, 0, 0));
    app.carbon_enroll(READY).await;
    verify(&app, READY).await;
    app.state.clock.advance(Duration::seconds(119));
    assert_eq!(
        status_of(&app, READY).await.1["data"]["kyc_status"],
        "PENDING"
    );
    app.state.clock.advance(Duration::seconds(1));
    assert_eq!(
        status_of(&app, READY).await.1["data"]["kyc_status"],
        "VERIFIED"
    );
}

#[tokio::test]
async fn with_no_delay_the_check_resolves_by_the_next_read() {
    let app = spawn_app_with(Settings {
        carbon_kyc_delay: StdDuration::ZERO,
        ..Settings::for_tests()
    })
    .await;
    app.carbon_enroll(READY).await;
    let (_, started) = verify(&app, READY).await;
    assert_eq!(started["data"]["kyc_status"], "PENDING");
    assert_eq!(
        status_of(&app, READY).await.1["data"]["kyc_status"],
        "VERIFIED"
    );
}

#[tokio::test]
async fn customers_not_enrolled_report_not_enrolled_and_cannot_verify() {
    let app = spawn_app().await;
    let (status, body) = status_of(&app, NO_BVN).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_kyc_status_not_enrolled", body);
    let (status, body) = verify(&app, READY).await;
    assert_eq!(status, 422);
    insta::assert_json_snapshot!("carbon_kyc_verify_not_enrolled", body);
}

#[tokio::test]
async fn unknown_malformed_and_foreign_customers_are_400_on_both_routes() {
    let app = spawn_app().await;
    for id in ["3c90c3cc-0d44-4b50-8888-8dd25736052a", "not-a-uuid"] {
        let (status, body) = verify(&app, id).await;
        assert_eq!(status, 400, "{id}");
        insta::assert_json_snapshot!("carbon_kyc_customer_not_found", body);
        let (status, body) = status_of(&app, id).await;
        assert_eq!(status, 400, "{id}");
        insta::assert_json_snapshot!("carbon_kyc_customer_not_found", body);
    }
    app.carbon_enroll(READY).await;
    for method in [Method::POST, Method::GET] {
        let path = if method == Method::POST {
            format!("/v1/loans/customers/{READY}/verify-kyc")
        } else {
            format!("/v1/loans/customers/{READY}/kyc-status")
        };
        let response = app
            .carbon_as(CARBON_KEY_2, method, &path)
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 400);
        insta::assert_json_snapshot!("carbon_kyc_customer_not_found", body);
    }
}

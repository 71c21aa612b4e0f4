//! `POST /baas/api/v1/loans/customers/enroll`: every rule of the seed page.

use serde_json::json;

use crate::helpers::carbon_customers::{BUSINESS, NO_ACCOUNT, NO_BVN, READY};
use crate::helpers::{
    CARBON_KEY_2, carbon_customer, spawn_app, status_and_json, utc, with, without,
};

/// The seed's curl example, byte for byte but for the host and the key placeholders.
async fn seed_curl_example(app: &crate::helpers::TestApp) -> (u16, serde_json::Value) {
    let response = app
        .client
        .post(app.url("/baas/api/v1/loans/customers/enroll"))
        .header("Content-Type", "application/json")
        .header("apikey", "baas-consumers")
        .header("x-carbon-key", "sandbox_carbon_key")
        .body("\n{\n  \"customer_id\": \"1732ca47-42b2-4990-a65d-c369e934eed3\"\n}\n")
        .send()
        .await
        .unwrap();
    status_and_json(response).await
}

#[tokio::test]
async fn the_seed_example_enrolls_once_then_answers_200_with_one_identifier() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2025, 1, 15, 10, 5, 0));

    let (status, body) = seed_curl_example(&app).await;
    assert_eq!(status, 201);
    insta::assert_json_snapshot!("carbon_enroll_created", body);
    assert!(body["data"].get("account_identifier").is_none());

    let mut identifiers = Vec::new();
    for _ in 0..3 {
        let (status, body) = seed_curl_example(&app).await;
        assert_eq!(status, 200);
        assert!(body["data"].get("enrolled_at").is_none());
        identifiers.push(
            body["data"]["account_identifier"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        insta::assert_json_snapshot!("carbon_enroll_already_enrolled", body, {
            ".data.account_identifier" => "[account_identifier]",
        });
    }
    assert!(
        identifiers.iter().all(|i| *i == identifiers[0]),
        "{identifiers:?}"
    );
    let suffix = identifiers[0].strip_prefix("PC_").expect("PC_ prefix");
    assert!(!suffix.is_empty() && suffix.bytes().all(|b| b.is_ascii_alphanumeric()));
}

#[tokio::test]
async fn a_missing_customer_id_is_400() {
    let app = spawn_app().await;
    for body in [
        json!({}),
        json!({"customer_id": null}),
        json!({"customer_id": "  "}),
    ] {
        let (status, body) =
            status_and_json(app.carbon_post("/v1/loans/customers/enroll", &body).await).await;
        assert_eq!(status, 400);
        insta::assert_json_snapshot!("carbon_enroll_customer_id_required", body);
    }
}

#[tokio::test]
async fn a_customer_id_of_another_type_is_400() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(
        app.carbon_post("/v1/loans/customers/enroll", &json!({"customer_id": 42}))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_enroll_customer_id_not_a_string", body);
}

#[tokio::test]
async fn unknown_malformed_and_foreign_ids_are_customer_not_found() {
    let app = spawn_app().await;
    for id in ["3c90c3cc-0d44-4b50-8888-8dd25736052a", "not-a-uuid"] {
        let (status, body) = status_and_json(app.carbon_enroll(id).await).await;
        assert_eq!(status, 400, "{id}");
        insta::assert_json_snapshot!("carbon_enroll_customer_not_found", body);
    }
    // The seed's customer exists, but under the default merchant only.
    let response = app
        .carbon_as(
            CARBON_KEY_2,
            reqwest::Method::POST,
            "/v1/loans/customers/enroll",
        )
        .json(&json!({ "customer_id": READY }))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_enroll_customer_not_found", body);
    assert_eq!(
        app.carbon_enroll(READY).await.status(),
        201,
        "the foreign attempt enrolled nothing"
    );
}

#[tokio::test]
async fn a_customer_without_a_bvn_is_422_and_stays_unenrolled() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.carbon_enroll(NO_BVN).await).await;
    assert_eq!(status, 422);
    insta::assert_json_snapshot!("carbon_enroll_no_bvn", body);
    let (_, kyc) = status_and_json(
        app.carbon_get(&format!("/v1/loans/customers/{NO_BVN}/kyc-status"))
            .await,
    )
    .await;
    assert_eq!(kyc["data"]["kyc_status"], "NOT_ENROLLED");
}

#[tokio::test]
async fn a_customer_without_an_account_is_422_until_one_is_opened() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.carbon_enroll(NO_ACCOUNT).await).await;
    assert_eq!(status, 422);
    insta::assert_json_snapshot!("carbon_enroll_no_account", body);
    let opened = app
        .carbon_post("/v1/accounts", &json!({ "customer_id": NO_ACCOUNT }))
        .await;
    assert_eq!(opened.status(), 200);
    assert_eq!(app.carbon_enroll(NO_ACCOUNT).await.status(), 201);
}

#[tokio::test]
async fn the_bvn_rule_is_checked_before_the_account_rule() {
    let app = spawn_app().await;
    let neither = without(carbon_customer(1), &["bvn"]);
    let id = app.carbon_new_customer(&neither, false).await;
    let (status, body) = status_and_json(app.carbon_enroll(&id).await).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["message"],
        "Customer must have a BVN to enroll for lending"
    );
}

#[tokio::test]
async fn business_customers_enroll_as_business() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.carbon_enroll(BUSINESS).await).await;
    assert_eq!(status, 201);
    assert_eq!(body["data"]["customer_type"], "BUSINESS");

    let created = with(
        carbon_customer(2),
        &[
            ("is_business", json!(true)),
            ("business_name", json!("Erelu Foods")),
        ],
    );
    let id = app.carbon_new_customer(&created, true).await;
    let (_, body) = status_and_json(app.carbon_enroll(&id).await).await;
    assert_eq!(body["data"]["customer_type"], "BUSINESS");
    let (status, body) = status_and_json(app.carbon_enroll(&id).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["customer_type"], "BUSINESS");
}

#[tokio::test]
async fn the_documented_flow_customer_account_enroll_works_for_a_new_customer() {
    let app = spawn_app().await;
    let id = app.carbon_new_customer(&carbon_customer(3), true).await;
    let (status, body) = status_and_json(app.carbon_enroll(&id).await).await;
    assert_eq!(status, 201);
    assert_eq!(body["data"]["customer_id"], id.as_str());
    assert_eq!(body["data"]["customer_type"], "INDIVIDUAL");
    assert_eq!(body["data"]["kyc_status"], "PENDING");
}

#[tokio::test]
async fn enrolled_at_is_the_sandbox_clock_in_iso_milliseconds() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2030, 2, 3, 4, 5, 6));
    let (_, body) = status_and_json(app.carbon_enroll(READY).await).await;
    assert_eq!(body["data"]["enrolled_at"], "2030-02-03T04:05:06.000Z");
}

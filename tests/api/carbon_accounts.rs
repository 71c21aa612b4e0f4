//! `POST /baas/api/v1/accounts`, `GET /baas/api/v1/accounts`,
//! `GET /baas/api/v1/accounts/{account_number}` and its `/balance`.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::helpers::carbon_customers::{NO_ACCOUNT, READY, READY_ACCOUNT};
use crate::helpers::{CARBON_KEY_2, carbon_customer, json_of, spawn_app, status_and_json, utc};

/// Seeded accounts of the default merchant: all pre-seeded customers but one.
const SEEDED_ACCOUNTS: u64 = 4;

fn is_account_number(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|n| n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()))
}

#[tokio::test]
async fn a_customer_gets_a_static_carbon_account_in_the_documented_shape() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2024, 3, 7, 10, 12, 34));
    let id = app.carbon_new_customer(&carbon_customer(1), false).await;
    let (status, body) = status_and_json(
        app.carbon_post(
            "/v1/accounts",
            &json!({"customer_id": id, "account_type": "static", "third_party": true}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_account_created", body, {
        ".data.id" => "[uuid]",
        ".data.account.account_number" => "[account_number]",
        ".data.account.client_id" => "[client_id]",
    });
    assert!(is_account_number(
        &body["data"]["account"]["account_number"]
    ));
    assert_eq!(
        body["data"]["account"]["client_id"].as_str().unwrap().len(),
        9
    );

    let number = body["data"]["account"]["account_number"].as_str().unwrap();
    let (status, read) =
        status_and_json(app.carbon_get(&format!("/v1/accounts/{number}")).await).await;
    assert_eq!(status, 200);
    assert_eq!(read["data"]["owner"]["id"], id.as_str());
    assert_eq!(read["data"]["account"]["bank_code"], "565");
}

#[tokio::test]
async fn account_type_and_third_party_may_be_left_out() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(
        app.carbon_post("/v1/accounts", &json!({"customer_id": NO_ACCOUNT}))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["account_type"], "static");
    assert_eq!(
        body["data"]["account"]["account_name"],
        "TUNDE BAKARE-CARBON"
    );
}

#[tokio::test]
async fn account_numbers_are_unique_ten_digit_numbers() {
    let app = spawn_app().await;
    let mut numbers = HashSet::from([READY_ACCOUNT.to_owned()]);
    for n in 0..20 {
        let id = app.carbon_new_customer(&carbon_customer(n), false).await;
        let body = json_of(
            app.carbon_post("/v1/accounts", &json!({"customer_id": id}))
                .await,
        )
        .await;
        let number = &body["data"]["account"]["account_number"];
        assert!(is_account_number(number), "{number}");
        assert!(
            numbers.insert(number.as_str().unwrap().to_owned()),
            "{number} repeated"
        );
    }
}

#[tokio::test]
async fn a_customer_has_at_most_one_account() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(
        app.carbon_post("/v1/accounts", &json!({"customer_id": READY}))
            .await,
    )
    .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_account_already_exists", body);
    assert_eq!(app.carbon_account_count().await, SEEDED_ACCOUNTS);
}

#[tokio::test]
async fn the_body_rules_are_400() {
    let app = spawn_app().await;
    for (body, name) in [
        (
            json!({"account_type": "static"}),
            "carbon_account_customer_id_required",
        ),
        (
            json!({"third_party": false}),
            "carbon_account_name_required",
        ),
        (
            json!({"customer_id": READY, "account_type": "dynamic", "third_party": "yes"}),
            "carbon_account_invalid_values",
        ),
    ] {
        let (status, body) = status_and_json(app.carbon_post("/v1/accounts", &body).await).await;
        assert_eq!(status, 400);
        insta::assert_json_snapshot!(name, body);
    }
    assert_eq!(
        app.carbon_account_count().await,
        SEEDED_ACCOUNTS,
        "nothing stored"
    );
}

#[tokio::test]
async fn unknown_malformed_and_foreign_customers_are_400() {
    let app = spawn_app().await;
    for id in ["3c90c3cc-0d44-4b50-8888-8dd25736052a", "not-a-uuid"] {
        let (status, body) = status_and_json(
            app.carbon_post("/v1/accounts", &json!({"customer_id": id}))
                .await,
        )
        .await;
        assert_eq!(status, 400);
        insta::assert_json_snapshot!("carbon_account_customer_not_found", body);
    }
    let response = app
        .carbon_as(CARBON_KEY_2, reqwest::Method::POST, "/v1/accounts")
        .json(&json!({"customer_id": NO_ACCOUNT}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_account_customer_not_found", body);
}

#[tokio::test]
async fn a_merchant_sub_account_has_no_owner_and_is_a_business_account() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(
        app.carbon_post(
            "/v1/accounts",
            &json!({"third_party": false, "account_name": "Collections"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["account"]["account_name"],
        "SANDBOX MERCHANT - COLLECTIONS"
    );
    assert_eq!(body["data"]["owner"], Value::Null);
    let number = body["data"]["account"]["account_number"].as_str().unwrap();
    let balance = json_of(
        app.carbon_get(&format!("/v1/accounts/{number}/balance"))
            .await,
    )
    .await;
    assert_eq!(balance["data"]["business_account"], true);
}

#[tokio::test]
async fn a_pre_seeded_account_and_its_balance_read_back() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(
        app.carbon_get(&format!("/v1/accounts/{READY_ACCOUNT}"))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_account_by_number", body, {
        ".data.id" => "[uuid]",
    });
    let (status, body) = status_and_json(
        app.carbon_get(&format!("/v1/accounts/{READY_ACCOUNT}/balance"))
            .await,
    )
    .await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_account_balance", body);
}

#[tokio::test]
async fn unknown_and_foreign_accounts_are_404() {
    let app = spawn_app().await;
    for path in ["/v1/accounts/0000000000", "/v1/accounts/abc/balance"] {
        let (status, body) = status_and_json(app.carbon_get(path).await).await;
        assert_eq!(status, 404, "{path}");
        insta::assert_json_snapshot!("carbon_account_not_found", body);
    }
    for path in [
        format!("/v1/accounts/{READY_ACCOUNT}"),
        format!("/v1/accounts/{READY_ACCOUNT}/balance"),
    ] {
        let response = app
            .carbon_as(CARBON_KEY_2, reqwest::Method::GET, &path)
            .send()
            .await
            .unwrap();
        let (status, body) = status_and_json(response).await;
        assert_eq!(status, 404, "{path}");
        insta::assert_json_snapshot!("carbon_account_not_found", body);
    }
}

#[tokio::test]
async fn lists_are_paginated_newest_first() {
    let app = spawn_app().await;
    let body = json_of(app.carbon_get("/v1/accounts?page=1&limit=2").await).await;
    insta::assert_json_snapshot!("carbon_accounts_page_1", body, {
        ".data[].id" => "[uuid]",
    });
    assert_eq!(body["total"], SEEDED_ACCOUNTS);

    let id = app.carbon_new_customer(&carbon_customer(1), true).await;
    let newest = json_of(app.carbon_get("/v1/accounts?limit=1").await).await;
    assert_eq!(newest["data"][0]["owner"]["id"], id.as_str());
    assert_eq!(newest["total"], SEEDED_ACCOUNTS + 1);

    let (status, body) =
        status_and_json(app.carbon_get("/v1/accounts?page=-1&limit=0").await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_accounts_bad_query", body);

    let other = app
        .carbon_as(CARBON_KEY_2, reqwest::Method::GET, "/v1/accounts")
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(other).await["total"], 0);
}

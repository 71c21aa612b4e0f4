//! `POST /baas/api/v1/customers`, `GET /baas/api/v1/customers`, `GET /baas/api/v1/customers/{id}`.

use serde_json::{Value, json};

use crate::helpers::carbon_customers::{self, BUSINESS, READY};
use crate::helpers::{
    CARBON_KEY, CARBON_KEY_2, carbon_customer, json_of, spawn_app, status_and_json, utc, with,
    without,
};

fn emails(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .expect("data is a list")
        .iter()
        .map(|c| c["email"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_sdk_example_is_created_in_the_documented_shape() {
    let app = spawn_app().await;
    app.state.clock.freeze_at(utc(2024, 3, 7, 10, 12, 34));
    let (status, body) =
        status_and_json(app.carbon_post("/v1/customers", &carbon_customer(1)).await).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_customer_created", body, {".data.id" => "[uuid]"});
    assert_eq!(body["data"]["gender"], "MALE");
    assert_eq!(body["data"]["dob"], "1990-01-01T00:00:00.000Z");
    assert_eq!(body["data"]["address"]["city"], "Ikeja");
    assert!(
        body["data"].get("street").is_none(),
        "the address is nested"
    );

    let id = body["data"]["id"].as_str().unwrap();
    let (status, read) =
        status_and_json(app.carbon_get(&format!("/v1/customers/{id}")).await).await;
    assert_eq!(status, 200);
    assert_eq!(read["message"], "Customer fetched successfully");
    assert_eq!(read["data"], body["data"]);
}

#[tokio::test]
async fn bvn_nin_and_the_identity_of_a_business_are_optional() {
    let app = spawn_app().await;
    let no_ids = without(carbon_customer(1), &["bvn", "nin"]);
    let (status, body) = status_and_json(app.carbon_post("/v1/customers", &no_ids).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["bvn"], Value::Null);
    assert_eq!(body["data"]["nin"], Value::Null);
    assert_eq!(body["data"]["is_business"], false);
    assert_eq!(body["data"]["business_name"], Value::Null);

    let business = with(
        carbon_customer(2),
        &[
            ("is_business", json!(true)),
            ("business_name", json!("Erelu Foods")),
        ],
    );
    let (_, body) = status_and_json(app.carbon_post("/v1/customers", &business).await).await;
    assert_eq!(body["data"]["is_business"], true);
    assert_eq!(body["data"]["business_name"], "Erelu Foods");
}

#[tokio::test]
async fn dates_and_genders_in_other_forms_are_normalised() {
    let app = spawn_app().await;
    let body = with(
        carbon_customer(1),
        &[
            ("dob", json!("1990-01-01T15:30:00+01:00")),
            ("gender", json!("Female")),
        ],
    );
    let (status, body) = status_and_json(app.carbon_post("/v1/customers", &body).await).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["dob"], "1990-01-01T00:00:00.000Z");
    assert_eq!(body["data"]["gender"], "FEMALE");
}

#[tokio::test]
async fn bvn_and_nin_must_be_eleven_digits() {
    let app = spawn_app().await;
    let body = with(
        carbon_customer(1),
        &[("bvn", json!("1234567890")), ("nin", json!("1234567890AB"))],
    );
    let (status, body) = status_and_json(app.carbon_post("/v1/customers", &body).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_customer_bvn_nin_length", body);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT
    );
}

#[tokio::test]
async fn an_empty_body_reports_every_required_field() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.carbon_post("/v1/customers", &json!({})).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_customer_required_fields", body);
}

#[tokio::test]
async fn malformed_values_are_reported_per_field() {
    let app = spawn_app().await;
    let body = with(
        carbon_customer(1),
        &[
            ("email", json!("not-an-email")),
            ("phone", json!("12345")),
            ("dob", json!("1990-02-30")),
            ("gender", json!("unknown")),
            ("is_business", json!(true)),
        ],
    );
    let (status, body) = status_and_json(app.carbon_post("/v1/customers", &body).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_customer_invalid_values", body);
}

#[tokio::test]
async fn wrong_json_types_are_400_per_field() {
    let app = spawn_app().await;
    let body = with(
        carbon_customer(1),
        &[
            ("first_name", json!(12345)),
            ("bvn", json!(11111111111u64)),
            ("address", json!({"street": "ignored"})),
            ("is_business", json!("yes")),
        ],
    );
    let (status, body) = status_and_json(app.carbon_post("/v1/customers", &body).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_customer_wrong_types", body);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT
    );
}

#[tokio::test]
async fn an_email_is_used_once_per_merchant() {
    let app = spawn_app().await;
    assert_eq!(
        app.carbon_post("/v1/customers", &carbon_customer(1))
            .await
            .status(),
        200
    );
    let same = with(carbon_customer(2), &[("email", json!("MARK1@example.com"))]);
    let (status, body) = status_and_json(app.carbon_post("/v1/customers", &same).await).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_customer_duplicate_email", body);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT + 1
    );

    let elsewhere = app
        .carbon_as(CARBON_KEY_2, reqwest::Method::POST, "/v1/customers")
        .json(&carbon_customer(1))
        .send()
        .await
        .unwrap();
    assert_eq!(
        elsewhere.status(),
        200,
        "another merchant may use the same email"
    );
}

#[tokio::test]
async fn a_pre_seeded_customer_reads_back() {
    let app = spawn_app().await;
    for (id, name) in [
        (READY, "carbon_customer_seeded"),
        (BUSINESS, "carbon_customer_seeded_business"),
    ] {
        let (status, body) =
            status_and_json(app.carbon_get(&format!("/v1/customers/{id}")).await).await;
        assert_eq!(status, 200);
        insta::assert_json_snapshot!(name, body);
    }
}

#[tokio::test]
async fn unknown_malformed_and_foreign_ids_are_404() {
    let app = spawn_app().await;
    for id in ["3c90c3cc-0d44-4b50-8888-8dd25736052a", "not-a-uuid"] {
        let (status, body) =
            status_and_json(app.carbon_get(&format!("/v1/customers/{id}")).await).await;
        assert_eq!(status, 404, "{id}");
        insta::assert_json_snapshot!("carbon_customer_not_found", body);
    }
    let response = app
        .carbon_as(
            CARBON_KEY_2,
            reqwest::Method::GET,
            &format!("/v1/customers/{READY}"),
        )
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("carbon_customer_not_found", body);
}

#[tokio::test]
async fn lists_are_paginated_newest_first() {
    let app = spawn_app().await;
    let body = json_of(app.carbon_get("/v1/customers?page=2&limit=2").await).await;
    insta::assert_json_snapshot!("carbon_customers_page_2", body);

    let all = json_of(app.carbon_get("/v1/customers").await).await;
    assert_eq!(all["page"], 1);
    assert_eq!(all["limit"], 10, "default page size");
    assert_eq!(all["total"], 5);
    assert!(all["total"].is_u64(), "total is an integer");
    assert_eq!(all["filters_applied"], json!({}));
    assert_eq!(
        all["data"][4]["id"], READY,
        "the first fixture is the oldest"
    );

    app.carbon_new_customer(&carbon_customer(1), false).await;
    let newest = json_of(app.carbon_get("/v1/customers?limit=1").await).await;
    assert_eq!(emails(&newest), ["mark1@example.com"]);
    assert_eq!(newest["total"], 6);

    let beyond = json_of(app.carbon_get("/v1/customers?page=9").await).await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["total"], 6);
}

#[tokio::test]
async fn lists_filter_by_gender_email_bvn_and_phone() {
    let app = spawn_app().await;
    let female = json_of(app.carbon_get("/v1/customers?gender=female").await).await;
    assert_eq!(
        emails(&female),
        [
            "accounts@ezetraders.example.com",
            "chioma.adeyemi@example.com"
        ]
    );
    assert_eq!(female["filters_applied"], json!({"gender": "FEMALE"}));
    assert_eq!(female["total"], 2);

    let by_email = json_of(
        app.carbon_get("/v1/customers?email=Mark.Erelu@example.com")
            .await,
    )
    .await;
    assert_eq!(emails(&by_email), ["mark.erelu@example.com"]);

    let by_bvn = json_of(
        app.carbon_get("/v1/customers?bvn=11111111111&gender=MALE")
            .await,
    )
    .await;
    assert_eq!(emails(&by_bvn), ["mark.erelu@example.com"]);
    assert_eq!(
        by_bvn["filters_applied"],
        json!({"gender": "MALE", "bvn": "11111111111"})
    );

    let by_phone = json_of(app.carbon_get("/v1/customers?phone=08071000032").await).await;
    assert_eq!(emails(&by_phone), ["tunde.bakare@example.com"]);

    let none = json_of(app.carbon_get("/v1/customers?bvn=99999999999").await).await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn bad_pagination_and_filters_are_400() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(
        app.carbon_get("/v1/customers?page=0&limit=101&gender=other")
            .await,
    )
    .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_customers_bad_query", body);
    let (status, body) = status_and_json(app.carbon_get("/v1/customers?limit=ten").await).await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["param"], "limit");
}

#[tokio::test]
async fn a_merchant_lists_only_its_own_customers() {
    let app = spawn_app().await;
    let response = app
        .carbon_as(CARBON_KEY_2, reqwest::Method::GET, "/v1/customers")
        .send()
        .await
        .unwrap();
    let body = json_of(response).await;
    assert_eq!(body["total"], 0);
    assert_eq!(body["data"], json!([]));
}

//! Carbon in the control plane: merchants on demand, reset, state, webhooks and the simulated
//! transfers that trigger Carbon's documented events.

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{
    CARBON_KEY, TestApp, carbon_customer, carbon_customers, spawn_app, status_and_json,
};
use crate::receiver::start_receiver;

/// A request to Carbon as the merchant described by a control-plane tenant.
fn as_merchant(
    app: &TestApp,
    tenant: &Value,
    method: reqwest::Method,
    path: &str,
) -> reqwest::RequestBuilder {
    app.carbon_as(tenant["carbon_key"].as_str().unwrap(), method, path)
}

/// Verifies `X-Carbon-Baas-Signature` with an independent HMAC computation.
fn assert_carbon_signature(header: Option<&str>, secret: &str, body: &[u8]) {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(header, Some(expected.as_str()));
}

#[tokio::test]
async fn a_new_merchant_authenticates_with_its_key_and_sees_only_its_records() {
    let app = spawn_app().await;
    let tenant = app
        .create_tenant(json!({"provider": "carbon", "name": "Acme Lending"}))
        .await;
    insta::assert_json_snapshot!("admin_carbon_tenant_created", tenant, {
        ".tenant" => "[label]", ".id" => "[uuid]", ".slug" => "[slug]", ".carbon_key" => "[key]",
    });
    let response = as_merchant(&app, &tenant, reqwest::Method::GET, "/v1/customers")
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200);
    assert_eq!(body["total"], 0, "a fresh merchant is empty");
    let response = as_merchant(&app, &tenant, reqwest::Method::POST, "/v1/customers")
        .json(&carbon_customer(1))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT,
        "no leak into the default merchant"
    );

    let label = tenant["tenant"].as_str().unwrap();
    let response = app
        .client
        .delete(app.url(&format!("/__sandbox/tenants/{label}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let response = as_merchant(&app, &tenant, reqwest::Method::GET, "/v1/customers")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        401,
        "a deleted merchant's key stops working"
    );
}

#[tokio::test]
async fn reset_restores_carbon_fixtures_and_tenant_reset_is_scoped() {
    let app = spawn_app().await;
    app.carbon_new_customer(&carbon_customer(1), true).await;
    assert_eq!(
        app.carbon_enroll(carbon_customers::READY).await.status(),
        201
    );
    let other = app.create_tenant(json!({"provider": "carbon"})).await;
    as_merchant(&app, &other, reqwest::Method::POST, "/v1/customers")
        .json(&carbon_customer(2))
        .send()
        .await
        .unwrap();

    let (status, _) = app
        .admin_post(
            "/__sandbox/reset",
            &json!({"tenant": "carbon:sandbox-merchant"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT
    );
    assert_eq!(
        app.carbon_enroll(carbon_customers::READY).await.status(),
        201,
        "the enrollment is gone"
    );
    let response = as_merchant(&app, &other, reqwest::Method::GET, "/v1/customers")
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_and_json(response).await.1["total"],
        1,
        "the other merchant is untouched"
    );

    app.admin_post("/__sandbox/reset", &json!({})).await;
    let response = as_merchant(&app, &other, reqwest::Method::GET, "/v1/customers")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        401,
        "a full reset removes merchants created since"
    );
}

#[tokio::test]
async fn carbon_state_survives_an_export_and_import() {
    let source = spawn_app().await;
    source.carbon_new_customer(&carbon_customer(1), true).await;
    assert_eq!(
        source.carbon_enroll(carbon_customers::READY).await.status(),
        201
    );
    let (_, before) = status_and_json(source.carbon_enroll(carbon_customers::READY).await).await;
    source
        .admin_post(
            "/__sandbox/carbon/transactions",
            &json!({"account_number": "6142285181", "amount": 1500.5}),
        )
        .await;
    let (_, exported) = source.admin_get("/__sandbox/state").await;

    let target = spawn_app().await;
    let response = target
        .client
        .put(target.url("/__sandbox/state"))
        .json(&exported)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (status, after) =
        status_and_json(target.carbon_enroll(carbon_customers::READY).await).await;
    assert_eq!(status, 200, "still enrolled after the import");
    assert_eq!(
        after["data"]["account_identifier"],
        before["data"]["account_identifier"]
    );
    let (_, balance) =
        status_and_json(target.carbon_get("/v1/accounts/6142285181/balance").await).await;
    assert_eq!(balance["data"]["balance"], json!(1500.5));
    assert_eq!(
        target.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT + 1
    );
}

#[tokio::test]
async fn kyc_resolves_when_the_clock_is_advanced_through_the_control_plane() {
    let app = spawn_app().await;
    app.admin_post(
        "/__sandbox/clock",
        &json!({"freeze_at": "2030-01-01T00:00:00Z"}),
    )
    .await;
    app.carbon_enroll(carbon_customers::READY).await;
    let verify = format!("/v1/loans/customers/{}/verify-kyc", carbon_customers::READY);
    app.carbon_post(&verify, &json!({})).await;
    let status_path = format!("/v1/loans/customers/{}/kyc-status", carbon_customers::READY);
    let (_, body) = status_and_json(app.carbon_get(&status_path).await).await;
    assert_eq!(body["data"]["kyc_status"], "PENDING");
    app.admin_post("/__sandbox/clock", &json!({"advance": "5s"}))
        .await;
    let (_, body) = status_and_json(app.carbon_get(&status_path).await).await;
    assert_eq!(body["data"]["kyc_status"], "VERIFIED");
    assert_eq!(body["data"]["verified_at"], "2030-01-01T00:00:05.000Z");
}

#[tokio::test]
async fn the_webhook_url_is_configured_through_carbons_api() {
    let app = spawn_app().await;
    let (status, body) = status_and_json(app.carbon_get("/v1/webhook").await).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_webhook_unset", body);
    let response = app
        .carbon(reqwest::Method::PUT, "/v1/webhook")
        .json(&json!({"url": "https://example.com/carbon-hooks"}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_webhook_updated", body, {".data.signature_secret" => "[secret]"});
    let secret = body["data"]["signature_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, again) = status_and_json(app.carbon_get("/v1/webhook").await).await;
    assert_eq!(
        again["data"]["signature_secret"],
        secret.as_str(),
        "the secret is kept"
    );

    let response = app
        .carbon(reqwest::Method::PUT, "/v1/webhook")
        .json(&json!({"url": "ftp://x"}))
        .send()
        .await
        .unwrap();
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_webhook_bad_url", body);
}

#[tokio::test]
async fn a_simulated_transfer_sends_the_documented_signed_event() {
    let app = spawn_app().await;
    let receiver = start_receiver(0);
    let response = app
        .carbon(reqwest::Method::PUT, "/v1/webhook")
        .json(&json!({"url": receiver.url}))
        .send()
        .await
        .unwrap();
    let secret = status_and_json(response).await.1["data"]["signature_secret"]
        .as_str()
        .unwrap()
        .to_owned();

    let (status, body) = app
        .admin_post(
            "/__sandbox/carbon/transactions",
            &json!({"account_number": "6142285181", "amount": 5000, "remark": "Invoice 42", "reference": "REF-300102"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["event"], "account.incoming-transaction");
    assert_eq!(body["balance"], 5000);

    let received = receiver.wait_for(1).await;
    let event: Value = serde_json::from_slice(&received[0].body).unwrap();
    insta::assert_json_snapshot!("carbon_incoming_transaction_event", event, {
        ".data.id" => "[uuid]", ".data.entryDate" => "[timestamp]", ".data.account.id" => "[uuid]",
        ".data.account.clientId" => "[client id]",
    });
    assert_carbon_signature(
        received[0].header("x-carbon-baas-signature"),
        &secret,
        &received[0].body,
    );
    let (_, balance) =
        status_and_json(app.carbon_get("/v1/accounts/6142285181/balance").await).await;
    assert_eq!(balance["data"]["balance"], 5000);

    let (status, history) = status_and_json(app.carbon_get("/v1/webhook/history").await).await;
    assert_eq!(status, 200);
    assert_eq!(history["total"], 1);
    assert_eq!(history["data"][0]["event_id"], "REF-300102");
    assert_eq!(
        history["data"][0]["event_type"],
        "account.incoming-transaction"
    );
    assert_eq!(history["data"][0]["data"], event);

    let response = app
        .carbon_post(
            "/v1/webhook/resend-webhook-event",
            &json!({"event_id": "REF-300102"}),
        )
        .await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("carbon_webhook_resent", body);
    let received = receiver.wait_for(2).await;
    assert_eq!(received[1].body, received[0].body);

    let response = app
        .carbon_post(
            "/v1/webhook/resend-webhook-event",
            &json!({"event_id": "REF-nope"}),
        )
        .await;
    let (status, body) = status_and_json(response).await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("carbon_webhook_event_not_found", body);
}

#[tokio::test]
async fn a_debit_sends_the_outgoing_event_and_cannot_overdraw() {
    let app = spawn_app().await;
    app.admin_post(
        "/__sandbox/carbon/transactions",
        &json!({"account_number": "6142285181", "amount": 100}),
    )
    .await;
    let (status, body) = app
        .admin_post(
            "/__sandbox/carbon/transactions",
            &json!({"account_number": "6142285181", "amount": 40.25, "type": "DEBIT"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(body["event"], "account.outgoing-transaction");
    assert_eq!(body["balance"], json!(59.75));
    assert_eq!(body["transaction"]["sender"]["accountNumber"], "6142285181");
    let (status, body) = app
        .admin_post(
            "/__sandbox/carbon/transactions",
            &json!({"account_number": "6142285181", "amount": 60, "type": "DEBIT"}),
        )
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_transaction_overdraw", body);
    let (status, body) = app
        .admin_post(
            "/__sandbox/carbon/transactions",
            &json!({"account_number": "0000000001", "amount": 1}),
        )
        .await;
    assert_eq!(status, 404);
    insta::assert_json_snapshot!("carbon_transaction_unknown_account", body);
    let (status, body) = app
        .admin_post(
            "/__sandbox/carbon/transactions",
            &json!({"account_number": "6142285181", "amount": 0.001}),
        )
        .await;
    assert_eq!(status, 400);
    insta::assert_json_snapshot!("carbon_transaction_bad_amount", body);
}

#[tokio::test]
async fn invented_events_are_off_by_default_and_marked_when_on() {
    let app = spawn_app().await;
    let receiver = start_receiver(0);
    app.carbon(reqwest::Method::PUT, "/v1/webhook")
        .json(&json!({"url": receiver.url}))
        .send()
        .await
        .unwrap();
    app.carbon_new_customer(&carbon_customer(1), false).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        receiver.received().is_empty(),
        "Carbon documents no customer events"
    );

    let (status, _) = status_and_json(
        app.client
            .patch(app.url("/__sandbox/tenants/carbon:sandbox-merchant"))
            .json(&json!({"invented_events": true}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    app.carbon_new_customer(&carbon_customer(2), false).await;
    app.carbon_enroll(carbon_customers::READY).await;
    let received = receiver.wait_for(2).await;
    let events: Vec<_> = received
        .iter()
        .map(|r| {
            serde_json::from_slice::<Value>(&r.body).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        events,
        [
            "sandbox.customer.created",
            "sandbox.lending.customer.enrolled"
        ]
    );
}

//! Idempotency and uniqueness are decided atomically: racing requests agree on one winner.

use std::collections::HashSet;

use futures_util::future::join_all;
use serde_json::json;

use crate::helpers::carbon_customers::{self, NO_ACCOUNT, READY};
use crate::helpers::{CARBON_KEY, carbon_customer, json_of, spawn_app, status_and_json, with};

const RACERS: usize = 50;

/// How many of `statuses` are `status`.
fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_simultaneous_first_enrolls_exactly_one_is_201_and_all_share_one_identifier() {
    let app = spawn_app().await;
    let requests =
        (0..RACERS).map(|_| async { status_and_json(app.carbon_enroll(READY).await).await });
    let answers = join_all(requests).await;
    let created = answers.iter().filter(|(status, _)| *status == 201).count();
    let replayed: Vec<_> = answers
        .iter()
        .filter(|(status, _)| *status == 200)
        .collect();
    assert_eq!(created, 1, "{answers:?}");
    assert_eq!(replayed.len(), RACERS - 1, "{answers:?}");

    let mut identifiers: HashSet<String> = replayed
        .iter()
        .map(|(_, body)| {
            body["data"]["account_identifier"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let (_, after) = status_and_json(app.carbon_enroll(READY).await).await;
    identifiers.insert(
        after["data"]["account_identifier"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    assert_eq!(identifiers.len(), 1, "{identifiers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_simultaneous_creates_with_one_email_exactly_one_succeeds() {
    let app = spawn_app().await;
    let requests = (0..RACERS).map(|n| {
        let body = with(carbon_customer(n), &[("email", json!("racer@example.com"))]);
        let app = &app;
        async move {
            app.carbon_post("/v1/customers", &body)
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = join_all(requests).await;
    assert_eq!(count(&statuses, 200), 1, "{statuses:?}");
    assert_eq!(count(&statuses, 400), RACERS - 1, "{statuses:?}");
    assert_eq!(
        app.carbon_customer_count(CARBON_KEY).await,
        carbon_customers::COUNT + 1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_simultaneous_account_opens_for_one_customer_exactly_one_succeeds() {
    let app = spawn_app().await;
    let before = app.carbon_account_count().await;
    let requests = (0..RACERS).map(|_| async {
        app.carbon_post("/v1/accounts", &json!({"customer_id": NO_ACCOUNT}))
            .await
            .status()
            .as_u16()
    });
    let statuses = join_all(requests).await;
    assert_eq!(count(&statuses, 200), 1, "{statuses:?}");
    assert_eq!(app.carbon_account_count().await, before + 1);
    let listed = json_of(app.carbon_get("/v1/accounts?limit=1").await).await;
    assert_eq!(listed["data"][0]["owner"]["id"], NO_ACCOUNT);
}

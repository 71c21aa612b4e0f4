//! `after`, `times` and seeded `probability`, counted per tenant.

use crate::helpers::{TestApp, spawn_app_with_scenarios, statuses_of, unique_enrollment};

const AFTER_ONE_TWICE: &str = r#"
name: second-and-third
rules:
  - match: { provider: cartevo, method: POST, path: /customers/enroll }
    after: 1
    times: 2
    respond: { status: 500, message: Scripted failure }
"#;

const COIN: &str = r#"
name: coin
rules:
  - match: { provider: cartevo, method: GET, path: /customers }
    probability: 0.5
    seed: 11
    respond: { status: 500, message: Heads }
"#;

async fn enroll_statuses(app: &TestApp, token: &str, scenario: &str, count: usize) -> Vec<u16> {
    statuses_of(count, |n| {
        app.enroll_with_scenario(token, scenario, &unique_enrollment(n))
    })
    .await
}

#[tokio::test]
async fn after_lets_matches_through_then_times_stops_and_tenants_count_separately() {
    let app = spawn_app_with_scenarios(&[("s.yaml", AFTER_ONE_TWICE)]).await;
    let token = app.cartevo_token().await;
    assert_eq!(
        enroll_statuses(&app, &token, "second-and-third", 5).await,
        [201, 500, 500, 201, 201]
    );
    assert_eq!(
        app.cartevo_customer_count(&token).await,
        4,
        "3 real enrolls"
    );

    // Another tenant starts from zero (its enrolls are refused for KYB by the real handler).
    let pending = app.cartevo_token_for("client_kyb_pending").await;
    assert_eq!(
        enroll_statuses(&app, &pending, "second-and-third", 4).await,
        [403, 500, 500, 403]
    );
}

async fn coin_flips(app: &TestApp, flips: usize) -> Vec<u16> {
    let token = app.cartevo_token().await;
    statuses_of(flips, |_| {
        app.client
            .get(app.url("/api/v1/customers"))
            .bearer_auth(&token)
            .header("X-Sandbox-Scenario", "coin")
    })
    .await
}

#[tokio::test]
async fn a_seeded_probability_replays_the_same_sequence_on_a_fresh_server() {
    let first = spawn_app_with_scenarios(&[("coin.yaml", COIN)]).await;
    let second = spawn_app_with_scenarios(&[("coin.yaml", COIN)]).await;
    let (a, b) = (coin_flips(&first, 24).await, coin_flips(&second, 24).await);
    assert_eq!(a, b);
    assert!(a.contains(&500) && a.contains(&200), "{a:?}");
}

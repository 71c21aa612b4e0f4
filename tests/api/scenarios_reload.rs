//! Hot reload of a `--scenarios DIR`: edits apply without a restart, invalid edits keep the
//! previous version, deleted files drop their scenarios.

use std::time::{Duration, Instant};

use crate::helpers::{TestApp, spawn_app_with_scenarios};

fn teapot(name: &str, status: u16) -> String {
    format!(
        "name: {name}\nrules:\n  - match: {{ provider: cartevo, method: GET, path: /customers }}\n    respond: {{ status: {status}, message: Scripted }}\n"
    )
}

impl TestApp {
    async fn list_with_scenario(&self, token: &str, scenario: &str) -> u16 {
        self.client
            .get(self.url("/api/v1/customers"))
            .bearer_auth(token)
            .header("X-Sandbox-Scenario", scenario)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// Polls until `scenario` makes the list answer `expected` (at most 10 s).
    async fn wait_for(&self, token: &str, scenario: &str, expected: u16) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let status = self.list_with_scenario(token, scenario).await;
            if status == expected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{scenario} still answers {status}, not {expected}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::test]
async fn edits_apply_invalid_edits_keep_the_old_version_and_deletions_drop() {
    let app = spawn_app_with_scenarios(&[("a.yaml", &teapot("a", 418))]).await;
    let dir = app.scenarios_dir.clone().unwrap();
    let token = app.cartevo_token().await;
    assert_eq!(app.list_with_scenario(&token, "a").await, 418);

    std::fs::write(dir.join("a.yaml"), teapot("a", 451)).unwrap();
    app.wait_for(&token, "a", 451).await;

    // One burst: a broken edit of a.yaml and a new b.yaml. Once b works, the reload that
    // read the broken a.yaml has happened, and a must still be its last valid version.
    std::fs::write(
        dir.join("a.yaml"),
        "name: a\nrules:\n  - match: { provider: cartevo }\n    respond: { status: nine }\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("more")).unwrap();
    std::fs::write(dir.join("more/b.yaml"), teapot("b", 429)).unwrap();
    app.wait_for(&token, "b", 429).await;
    assert_eq!(app.list_with_scenario(&token, "a").await, 451);

    std::fs::remove_file(dir.join("more/b.yaml")).unwrap();
    app.wait_for(&token, "b", 400).await;
}

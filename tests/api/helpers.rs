//! The test harness: a real sandbox on a free port, plus shortcuts for common calls.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use fintech_sandbox::config::Settings;
use fintech_sandbox::fixtures::FixtureSource;
use fintech_sandbox::scenarios::ScenarioSource;
use fintech_sandbox::startup::{Application, SandboxState};
use reqwest::{Client, Response};
use serde_json::{Value, json};

pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub client: Client,
    /// In-process handles, for what the HTTP surface does not control yet (the clock).
    pub state: SandboxState,
    /// The watched `--scenarios` directory, when the test gave one.
    pub scenarios_dir: Option<PathBuf>,
}

/// A sandbox on the embedded fixtures.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Settings::for_tests()).await
}

pub async fn spawn_app_with(settings: Settings) -> TestApp {
    let scenarios_dir = match &settings.scenarios {
        ScenarioSource::Directory(dir) => Some(dir.clone()),
        ScenarioSource::Embedded => None,
    };
    let app = Application::build(settings).expect("the sandbox starts");
    let address = app.base_url();
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client"),
        state,
        scenarios_dir,
    }
}

/// A sandbox whose `--scenarios` directory is a fresh temporary one holding `files`
/// (name, YAML), watched for changes like a user's.
pub async fn spawn_app_with_scenarios(files: &[(&str, &str)]) -> TestApp {
    spawn_app_with(Settings {
        scenarios: ScenarioSource::Directory(scenario_dir(files)),
        ..Settings::for_tests()
    })
    .await
}

/// A fresh temporary directory holding scenario files.
pub fn scenario_dir(files: &[(&str, &str)]) -> PathBuf {
    let dir = temp_dir("scenarios");
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).expect("write scenario");
    }
    dir
}

/// A sandbox on fixtures written to a fresh temporary directory.
pub async fn spawn_app_with_fixtures(files: &[(&str, &str)]) -> TestApp {
    let dir = temp_dir("fixtures");
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).expect("write fixture");
    }
    spawn_app_with(Settings {
        fixtures: FixtureSource::Directory(dir),
        ..Settings::for_tests()
    })
    .await
}

/// A new empty directory under the system temp dir.
pub fn temp_dir(purpose: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "fintech-sandbox-test-{purpose}-{}",
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).unwrap()
}

/// The request example of Cartevo's `POST /customers/enroll` page, verbatim.
pub fn seed_enrollment() -> Value {
    json!({
        "first_name": "John",
        "last_name": "Doe",
        "country": "Nigeria",
        "email": "john.doe@example.com",
        "street": "123 Main Street",
        "city": "Lagos",
        "state": "Lagos State",
        "postal_code": "100001",
        "country_iso_code": "CM",
        "country_phone_code": "+234",
        "phone_number": "8012345678",
        "identification_number": "12345678901",
        "id_document_front_url": "https://example.com/documents/front.jpg",
        "id_document_back_url": "https://example.com/documents/back.jpg",
        "id_document_type": "NIN",
        "date_of_birth": "1990-01-15"
    })
}

/// The seed example with a unique email and identification number.
pub fn unique_enrollment(n: usize) -> Value {
    with(
        seed_enrollment(),
        &[
            ("email", json!(format!("customer{n}@example.com"))),
            ("identification_number", json!(format!("ID{n:09}"))),
        ],
    )
}

/// `body` with some fields replaced.
pub fn with(mut body: Value, changes: &[(&str, Value)]) -> Value {
    for (key, value) in changes {
        body[*key] = value.clone();
    }
    body
}

/// `body` without some fields.
pub fn without(mut body: Value, keys: &[&str]) -> Value {
    if let Some(object) = body.as_object_mut() {
        for key in keys {
            object.remove(*key);
        }
    }
    body
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// A token for `client_sandbox` (the approved company).
    pub async fn cartevo_token(&self) -> String {
        self.cartevo_token_for("client_sandbox").await
    }

    pub async fn cartevo_token_for(&self, client_id: &str) -> String {
        let response = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"client_id": client_id, "client_key": "sandbox_secret"}))
            .send()
            .await
            .expect("token request");
        assert_eq!(response.status(), 200, "token for {client_id}");
        let body: Value = response.json().await.expect("token JSON");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    pub async fn cartevo_get(&self, token: &str, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn cartevo_post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn enroll(&self, token: &str, body: &Value) -> Response {
        self.cartevo_post(token, "/api/v1/customers/enroll", body)
            .await
    }

    /// An enroll request naming scenarios in `X-Sandbox-Scenario`, not yet sent.
    pub fn enroll_with_scenario(
        &self,
        token: &str,
        scenarios: &str,
        body: &Value,
    ) -> reqwest::RequestBuilder {
        self.client
            .post(self.url("/api/v1/customers/enroll"))
            .bearer_auth(token)
            .header("X-Sandbox-Scenario", scenarios)
            .json(body)
    }

    /// How many customers the token's company has.
    pub async fn cartevo_customer_count(&self, token: &str) -> u64 {
        let body = json_of(self.cartevo_get(token, "/api/v1/customers?limit=1").await).await;
        body["meta"]["total"].as_u64().expect("meta.total")
    }
}

/// The statuses of `count` requests sent one after the other, the n-th built by `request(n)`.
pub async fn statuses_of(
    count: usize,
    request: impl Fn(usize) -> reqwest::RequestBuilder,
) -> Vec<u16> {
    let mut statuses = Vec::with_capacity(count);
    for n in 0..count {
        let response = request(n).send().await.expect("request");
        statuses.push(response.status().as_u16());
    }
    statuses
}

/// Status and JSON body, for assertions.
pub async fn status_and_json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.expect("JSON body");
    (status, body)
}

pub async fn json_of(response: Response) -> Value {
    response.json().await.expect("JSON body")
}

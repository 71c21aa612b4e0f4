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

impl TestApp {
    pub async fn admin_get(&self, path: &str) -> (u16, Value) {
        status_and_json(self.get(path).await).await
    }

    pub async fn admin_post(&self, path: &str, body: &Value) -> (u16, Value) {
        status_and_json(
            self.client
                .post(self.url(path))
                .json(body)
                .send()
                .await
                .expect("request"),
        )
        .await
    }

    /// Creates a tenant through the control plane and returns its description.
    pub async fn create_tenant(&self, spec: Value) -> Value {
        let (status, body) = self.admin_post("/__sandbox/tenants", &spec).await;
        assert_eq!(status, 201, "{body}");
        body
    }

    /// A token for a Cartevo tenant created through the control plane.
    pub async fn token_for_tenant(&self, tenant: &Value) -> String {
        let response = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"client_id": tenant["client_id"], "client_key": tenant["client_key"]}))
            .send()
            .await
            .expect("token request");
        assert_eq!(response.status(), 200);
        json_of(response).await["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// Polls `/__sandbox/webhooks` until `done` holds for the list (up to 10 s).
    pub async fn wait_for_deliveries(
        &self,
        query: &str,
        done: impl Fn(&[Value]) -> bool,
    ) -> Vec<Value> {
        for _ in 0..200 {
            let (_, body) = self.admin_get(&format!("/__sandbox/webhooks{query}")).await;
            let deliveries = body["deliveries"].as_array().cloned().unwrap_or_default();
            if done(&deliveries) {
                return deliveries;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("webhook deliveries never reached the expected state");
    }
}

/// Carbon's gateway key as its TypeScript SDK sends it in sandbox mode.
pub const CARBON_GATEWAY_KEY: &str = "baas-consumers";
/// `x-carbon-key` of the default merchant ("Sandbox Merchant").
pub const CARBON_KEY: &str = "sandbox_carbon_key";
/// `x-carbon-key` of the second merchant, which starts with no customers.
pub const CARBON_KEY_2: &str = "sandbox_carbon_key_2";

/// Pre-seeded customers of the default merchant (fixtures/carbon.yaml).
pub mod carbon_customers {
    /// The seed page's example id: BVN and account, ready to enroll.
    pub const READY: &str = "1732ca47-42b2-4990-a65d-c369e934eed3";
    pub const READY_ACCOUNT: &str = "6142285181";
    pub const NO_BVN: &str = "5b0c1d2e-3f40-4a51-8b62-7c83d94ea001";
    pub const NO_ACCOUNT: &str = "5b0c1d2e-3f40-4a51-8b62-7c83d94ea002";
    pub const BUSINESS: &str = "5b0c1d2e-3f40-4a51-8b62-7c83d94ea003";
    /// BVN `22222222222`: KYC resolves REJECTED.
    pub const KYC_REJECTED: &str = "5b0c1d2e-3f40-4a51-8b62-7c83d94ea004";
    pub const COUNT: u64 = 5;
}

/// The customer of Carbon's SDK README (lower-case gender, date-only dob), with a unique email.
pub fn carbon_customer(n: usize) -> Value {
    json!({
        "first_name": "Mark",
        "last_name": "Erelu",
        "email": format!("mark{n}@example.com"),
        "phone": "08071000030",
        "dob": "1990-01-01",
        "gender": "male",
        "street": "12 Allen Avenue",
        "city": "Ikeja",
        "state": "Lagos State",
        "country": "Nigeria",
        "bvn": "11111111111",
        "nin": "11111111111"
    })
}

impl TestApp {
    /// A request to Carbon's `path` (relative to `/baas/api`) as the merchant of `carbon_key`.
    pub fn carbon_as(
        &self,
        carbon_key: &str,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(&format!("/baas/api{path}")))
            .header("apikey", CARBON_GATEWAY_KEY)
            .header("x-carbon-key", carbon_key)
    }

    /// A request to Carbon's `path` as the default merchant.
    pub fn carbon(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.carbon_as(CARBON_KEY, method, path)
    }

    pub async fn carbon_get(&self, path: &str) -> Response {
        self.carbon(reqwest::Method::GET, path)
            .send()
            .await
            .expect("request")
    }

    pub async fn carbon_post(&self, path: &str, body: &Value) -> Response {
        self.carbon(reqwest::Method::POST, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// `POST /v1/loans/customers/enroll` for `customer_id` as the default merchant.
    pub async fn carbon_enroll(&self, customer_id: &str) -> Response {
        self.carbon_post(
            "/v1/loans/customers/enroll",
            &json!({ "customer_id": customer_id }),
        )
        .await
    }

    /// Creates a customer (and, with `with_account`, its account); returns its id.
    pub async fn carbon_new_customer(&self, body: &Value, with_account: bool) -> String {
        let (status, created) =
            status_and_json(self.carbon_post("/v1/customers", body).await).await;
        assert_eq!(status, 200, "{created}");
        let id = created["data"]["id"].as_str().expect("id").to_owned();
        if with_account {
            let response = self
                .carbon_post(
                    "/v1/accounts",
                    &json!({"customer_id": id, "account_type": "static"}),
                )
                .await;
            assert_eq!(response.status(), 200);
        }
        id
    }

    /// How many customers the merchant of `carbon_key` has.
    pub async fn carbon_customer_count(&self, carbon_key: &str) -> u64 {
        let response = self
            .carbon_as(carbon_key, reqwest::Method::GET, "/v1/customers?limit=1")
            .send()
            .await
            .expect("request");
        json_of(response).await["total"].as_u64().expect("total")
    }

    /// How many accounts the default merchant has.
    pub async fn carbon_account_count(&self) -> u64 {
        json_of(self.carbon_get("/v1/accounts?limit=1").await).await["total"]
            .as_u64()
            .expect("total")
    }
}

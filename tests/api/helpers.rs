//! The test harness: a real sandbox on a free port, plus shortcuts for common calls.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use fintech_sandbox::config::Settings;
use fintech_sandbox::fixtures::FixtureSource;
use fintech_sandbox::startup::{Application, SandboxState};
use reqwest::{Client, Response};
use serde_json::{Value, json};

pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub client: Client,
    /// In-process handles, for what the HTTP surface does not control yet (the clock).
    pub state: SandboxState,
}

/// A sandbox on the embedded fixtures.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Settings::for_tests()).await
}

pub async fn spawn_app_with(settings: Settings) -> TestApp {
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
    }
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

    /// How many customers the token's company has.
    pub async fn cartevo_customer_count(&self, token: &str) -> u64 {
        let body = json_of(self.cartevo_get(token, "/api/v1/customers?limit=1").await).await;
        body["meta"]["total"].as_u64().expect("meta.total")
    }
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

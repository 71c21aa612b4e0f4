//! What scenario matching costs an enroll: the same `POST /api/v1/customers/enroll` through the
//! app's middleware and Cartevo's real handler, with no scenario active, then with 1,000 active
//! rules that do not match it, spread over Cartevo's five routes (so 200 on the enroll route):
//!
//! - keyed on a header the request lacks (`x-bench-rule: <n>`, the usual way to target one
//!   test's requests): skipped per scenario by the header gate;
//! - keyed on a query value (`?bench=<n>`): skipped per scenario by the query-key gate;
//! - keyed on a body value (`/email`): no gate, the body is parsed for the rules and every one
//!   of the 200 rules on the route is matched (the worst case).
//!
//! The issue allows at most 10% less throughput.
//!
//! `cargo bench --bench scenario_matching` (debug builds compile it: `cargo clippy --all-targets`).

use std::cell::Cell;
use std::time::Duration;

use actix_web::rt::System;
use actix_web::{App, test, web};
use criterion::{Criterion, criterion_group, criterion_main};
use fintech_sandbox::config::Settings;
use fintech_sandbox::scenarios::{ScenarioEngine, Scenarios};
use fintech_sandbox::startup::SandboxState;
use fintech_sandbox::{cartevo, provider::PROVIDERS};
use serde_json::json;

const RULES: usize = 1_000;
const RULES_PER_SCENARIO: usize = 10;

/// 1,000 rules spread evenly over every Cartevo operation, each waiting for a condition
/// (`condition(n)`, a YAML `match` entry) the benchmarked request never meets.
fn thousand_rules(condition: fn(usize) -> String) -> Vec<(String, String)> {
    let operations = PROVIDERS[0].operations;
    (0..RULES / RULES_PER_SCENARIO)
        .map(|s| {
            let mut yaml = format!("name: bench-{s}\nrules:\n");
            for r in 0..RULES_PER_SCENARIO {
                let n = s * RULES_PER_SCENARIO + r;
                let op = &operations[n % operations.len()];
                yaml.push_str(&format!(
                    "  - match:\n      provider: cartevo\n      method: {}\n      path: \"{}\"\n      {}\n    respond: {{ status: 500 }}\n",
                    op.method,
                    op.path,
                    condition(n)
                ));
            }
            (format!("bench-{s}.yaml"), yaml)
        })
        .collect()
}

fn engine(files: &[(String, String)]) -> ScenarioEngine {
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, yaml)| (name.as_str(), yaml.as_str()))
        .collect();
    let names: Vec<String> = (0..files.len()).map(|s| format!("bench-{s}")).collect();
    ScenarioEngine::from_yaml(&borrowed, &names).expect("bench scenarios load")
}

fn bench_enroll(c: &mut Criterion, label: &str, engine: ScenarioEngine) {
    let system = System::new();
    let state = SandboxState::load(&Settings::for_tests()).expect("fixtures");
    let app = system.block_on(test::init_service(
        App::new()
            .wrap(Scenarios::new(engine))
            .app_data(web::Data::new(state.cartevo.clone()))
            .service(cartevo::routes::scope()),
    ));
    let token = state
        .cartevo
        .issue_token("client_sandbox", "sandbox_secret")
        .expect("token")
        .token;
    let n = Cell::new(0u64);
    c.bench_function(label, |b| {
        b.iter(|| {
            n.set(n.get() + 1);
            let request = test::TestRequest::post()
                .uri("/api/v1/customers/enroll")
                .insert_header(("Authorization", format!("Bearer {token}")))
                .set_json(json!({
                    "first_name": "John", "last_name": "Doe", "country": "Nigeria",
                    "email": format!("bench{}@example.com", n.get()),
                    "street": "123 Main Street", "city": "Lagos", "state": "Lagos State",
                    "postal_code": "100001", "country_iso_code": "NG",
                    "country_phone_code": "+234", "phone_number": "8012345678",
                    "identification_number": format!("B{:010}", n.get()),
                    "id_document_front_url": "https://example.com/front.jpg",
                    "id_document_back_url": "https://example.com/back.jpg",
                    "id_document_type": "NIN", "date_of_birth": "1990-01-15"
                }))
                .to_request();
            let response = system.block_on(test::call_service(&app, request));
            assert_eq!(response.status(), 201);
        })
    });
}

fn scenario_matching(c: &mut Criterion) {
    bench_enroll(c, "enroll/no scenario active", ScenarioEngine::default());
    let header = |n| format!("headers: {{ x-bench-rule: {{ equals: \"{n}\" }} }}");
    let query = |n| format!("query: {{ bench: {{ equals: \"{n}\" }} }}");
    let body = |n| format!("body: {{ /email: {{ equals: \"bench-{n}@never.test\" }} }}");
    bench_enroll(
        c,
        "enroll/1000 active rules keyed on a header",
        engine(&thousand_rules(header)),
    );
    bench_enroll(
        c,
        "enroll/1000 active rules keyed on the query",
        engine(&thousand_rules(query)),
    );
    bench_enroll(
        c,
        "enroll/1000 active rules keyed on the body",
        engine(&thousand_rules(body)),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = scenario_matching
}
criterion_main!(benches);

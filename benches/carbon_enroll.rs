//! Carbon's repeat lending enroll (the idempotent 200 of the benchmark) and the customer read
//! behind `GET /v1/customers/{id}`, on the backend: merchant lookup by key, then the merchant's
//! books under its lock.

use std::hint::black_box;
use std::time::Duration;

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use fintech_sandbox::carbon::CarbonBackend;
use fintech_sandbox::carbon::backend::SDK_SANDBOX_GATEWAY_KEY;

const MERCHANT_KEY: &str = "sandbox_carbon_key";
const CUSTOMER: &str = "1732ca47-42b2-4990-a65d-c369e934eed3";

fn backend() -> CarbonBackend {
    let (seeds, clock, webhooks) = support::seeds_clock_webhooks();
    CarbonBackend::new(seeds.carbon, clock, Duration::from_secs(5), webhooks)
}

fn enroll(c: &mut Criterion) {
    let backend = backend();
    let authenticate = || {
        backend
            .authenticate(Some(SDK_SANDBOX_GATEWAY_KEY), Some(MERCHANT_KEY))
            .unwrap_or_else(|error| panic!("the sandbox merchant must authenticate: {error}"))
    };
    let merchant = authenticate();
    assert!(backend.enroll(&merchant, CUSTOMER).is_ok());

    c.bench_function("carbon/authenticate", |b| b.iter(authenticate));
    c.bench_function("carbon/enroll_repeat", |b| {
        b.iter(|| backend.enroll(&merchant, black_box(CUSTOMER)).is_ok())
    });
    c.bench_function("carbon/customer_by_id", |b| {
        b.iter(|| backend.customer(&merchant, black_box(CUSTOMER)).is_some())
    });
}

criterion_group!(benches, enroll);
criterion_main!(benches);

//! Cartevo bearer authentication: a full HS256 verification (signature, claims, expiry) and
//! `CartevoBackend::authenticate` for a token it has seen before (the verified-token cache:
//! expiry and the company still checked, the signature not again).

use std::hint::black_box;

mod support;

use criterion::{Criterion, criterion_group, criterion_main};
use fintech_sandbox::cartevo::CartevoBackend;
use fintech_sandbox::cartevo::backend::tokens::TokenSigner;

const SECRET: &str = "fintech-sandbox-cartevo-signing-key";

fn backend() -> CartevoBackend {
    let (seeds, clock, webhooks) = support::seeds_clock_webhooks();
    CartevoBackend::new(seeds.cartevo, clock, SECRET, webhooks)
}

fn verification(c: &mut Criterion) {
    let backend = backend();
    let token = match backend.issue_token("client_sandbox", "sandbox_secret") {
        Ok(token) => token.token,
        Err(error) => panic!("the default company must get a token: {error}"),
    };
    let now = backend.clock().now().timestamp();
    let signer = TokenSigner::new(SECRET);
    assert!(signer.verify(&token, now).is_ok());

    c.bench_function("token/verify_hs256", |b| {
        b.iter(|| signer.verify(black_box(&token), now))
    });
    assert!(backend.authenticate(&token).is_ok());
    c.bench_function("token/authenticate_seen_token", |b| {
        b.iter(|| backend.authenticate(black_box(&token)).is_ok())
    });
}

criterion_group!(benches, verification);
criterion_main!(benches);

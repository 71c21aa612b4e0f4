//! What the backend benchmarks share: the embedded fixtures and the machinery a backend is
//! built with, as the server builds them.

use fintech_sandbox::clock::SandboxClock;
use fintech_sandbox::fixtures::{FixtureSet, FixtureSource};
use fintech_sandbox::startup::{Seeds, load_seeds};
use fintech_sandbox::webhooks::{RetryPolicy, Webhooks};

pub fn seeds_clock_webhooks() -> (Seeds, SandboxClock, Webhooks) {
    let seeds = FixtureSet::load(&FixtureSource::Embedded)
        .and_then(|fixtures| load_seeds(&fixtures))
        .unwrap_or_else(|error| panic!("embedded fixtures must load: {error}"));
    let clock = SandboxClock::real();
    let webhooks = Webhooks::start(clock.clone(), RetryPolicy::default())
        .unwrap_or_else(|error| panic!("webhooks must start: {error}"));
    (seeds, clock, webhooks)
}

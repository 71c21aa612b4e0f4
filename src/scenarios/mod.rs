//! Fault injection: YAML scenarios that make the sandbox misbehave on demand (any documented
//! error, slow answers, broken connections), deterministically and per request or per tenant.
//! The schema and every activation method are documented in `docs/scenarios.md`.
//!
//! ```yaml
//! # scenarios/examples/enroll-retry.yaml
//! name: cartevo-enroll-fail-twice
//! description: The first two enrolls of each tenant fail with 503, the third really enrolls.
//! rules:
//!   - match: { provider: cartevo, method: POST, path: /customers/enroll }
//!     respond: { status: 503, message: Service temporarily unavailable }
//!     times: 2
//! ```
//!
//! Activating it: `--scenario cartevo-enroll-fail-twice` (everyone, from start-up),
//! `X-Sandbox-Scenario: cartevo-enroll-fail-twice` (one request), or
//! `POST /__sandbox/scenarios/cartevo-enroll-fail-twice/activate` (everyone, or one tenant with
//! `{"tenant": "cartevo:client_sandbox"}`). `Prefer: code=409` needs no file at all.
//!
//! ```
//! use fintech_sandbox::scenarios::ScenarioEngine;
//!
//! let yaml = "name: slow\nrules:\n  - match: { provider: cartevo }\n    delay: { fixed: 2s }\n    pass_through: true\n";
//! let engine = ScenarioEngine::from_yaml(&[("slow.yaml", yaml)], &["slow".to_owned()]).unwrap();
//! assert!(!engine.is_idle());
//! assert_eq!(engine.statuses()[0].rules, 1);
//! ```
//!
//! Layout: [`model`] is the YAML schema, [`compile`] checks it into a [`scenario::Scenario`]
//! whose rules are indexed by route ([`route`]); [`catalog`] holds the loaded set,
//! [`activation`] what is active and the per-route [`activation::Snapshot`] requests read,
//! [`counters`] the per-tenant counts [`schedule`]s decide from; [`engine`] ties them together.
//! Per request, [`middleware`] takes a fast exit or hands over to [`apply`], which uses
//! [`matcher`], [`buffer`], [`prefer`], [`delay`], [`respond`] and [`faults`] (over
//! [`connection`]). [`source`] and [`reload`] read and watch files; [`routes`] is the admin API.

pub mod activation;
pub mod apply;
pub mod buffer;
pub mod catalog;
pub mod compile;
pub mod connection;
pub mod counters;
pub mod delay;
pub mod engine;
pub mod faults;
pub mod gate;
pub mod matcher;
pub mod middleware;
pub mod model;
pub mod prefer;
pub mod reload;
pub mod respond;
pub mod route;
pub mod routes;
pub mod scenario;
pub mod schedule;
pub mod source;

pub use apply::{AppliedScenarios, SCENARIO_HEADER};
pub use engine::{LoadError, ScenarioEngine};
pub use middleware::Scenarios;
pub use source::ScenarioSource;

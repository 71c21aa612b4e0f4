//! Carbon (BaaS: customers, accounts, lending), emulated at `/baas/api` with the behaviour of
//! <https://docs.getcarbon.co>. Every route needs the `apikey` and `x-carbon-key` headers.
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | POST | `/baas/api/v1/customers` | [`routes::customers::create`] |
//! | GET | `/baas/api/v1/customers` | [`routes::customers::list`] |
//! | GET | `/baas/api/v1/customers/{id}` | [`routes::customers::get`] |
//! | POST | `/baas/api/v1/accounts` | [`routes::accounts::create`] |
//! | GET | `/baas/api/v1/accounts` | [`routes::accounts::list`] |
//! | GET | `/baas/api/v1/accounts/{account_number}` | [`routes::accounts::get`] |
//! | GET | `/baas/api/v1/accounts/{account_number}/balance` | [`routes::accounts::balance`] |
//! | POST | `/baas/api/v1/loans/customers/enroll` | [`routes::lending::enroll`] |
//! | POST | `/baas/api/v1/loans/customers/{id}/verify-kyc` | [`routes::lending::verify_kyc`] |
//! | GET | `/baas/api/v1/loans/customers/{id}/kyc-status` | [`routes::lending::kyc_status`] |
//!
//! Layout (the same for every provider): `backend` holds the state and the rules, `routes` the
//! HTTP layer, `envelope` the vendor's response shapes, `domain` and `validation` the request
//! parsing, `fixtures` the schema of `fixtures/carbon.yaml`, `operations` the catalogue of routes
//! and their errors that cross-cutting features read.

pub mod auth;
pub mod backend;
pub mod control;
pub mod domain;
pub mod envelope;
pub mod fixtures;
pub mod openapi;
pub mod operations;
pub mod routes;
pub mod validation;
pub mod webhooks;

pub use backend::CarbonBackend;
pub use fixtures::CarbonSeed;
pub use operations::PROVIDER;

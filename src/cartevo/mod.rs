//! Cartevo (card issuing), emulated at `/api/v1` with the behaviour of
//! <https://developer.cartevo.co>.
//!
//! | Method | Path | Handler |
//! |---|---|---|
//! | POST | `/api/v1/auth/token` | [`routes::auth::issue_token`] |
//! | POST | `/api/v1/customers/enroll` | [`routes::customers::enroll`] |
//! | POST | `/api/v1/customers` (multipart) | [`routes::customers::create`] |
//! | GET | `/api/v1/customers` | [`routes::customers::list`] |
//! | GET | `/api/v1/customers/{id}` | [`routes::customers::get`] |
//! | GET | `/__sandbox/cartevo/documents/{id}` | [`routes::documents::download`] |
//!
//! Layout (the same for every provider): `backend` holds the state and the rules, `routes` the
//! HTTP layer, `envelope` the vendor's response shapes, `domain` and `validation` the request
//! parsing, `fixtures` the schema of `fixtures/cartevo.yaml`, `operations` the catalogue of routes and
//! their errors that cross-cutting features read.

pub mod auth;
pub mod backend;
pub mod control;
pub mod document_url;
pub mod domain;
pub mod envelope;
pub mod fixtures;
pub mod openapi;
pub mod operations;
pub mod routes;
pub mod validation;
pub mod webhooks;

pub use backend::CartevoBackend;
pub use fixtures::CartevoSeed;
pub use operations::PROVIDER;

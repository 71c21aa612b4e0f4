//! fintech-sandbox: a local server that emulates the Cartevo and Carbon HTTP APIs, rules and all,
//! against an in-memory store.
//!
//! One module per emulated provider ([`cartevo`], [`carbon`]), each split into its `backend` (state and
//! rules) and its `routes` (HTTP parsing and the vendor's envelopes). Shared pieces: the
//! [`clock`] every time rule reads, [`fixtures`] and [`yaml`] for the files the sandbox starts
//! from, [`http`] plumbing, the sandbox's own routes in [`sandbox`], fault injection in
//! [`scenarios`], the `validate` sub-command in [`validate`], and [`startup`], which assembles
//! the server. Each provider describes itself to the rest through
//! [`provider::ProviderInfo`].

pub mod carbon;
pub mod cartevo;
pub mod cli;
pub mod clock;
pub mod config;
pub mod control;
pub mod fixtures;
pub mod healthcheck;
pub mod http;
pub mod ids;
pub mod journal;
pub mod openapi;
pub mod provider;
pub mod resident;
pub mod sandbox;
pub mod scenarios;
pub mod snapshot;
pub mod startup;
pub mod telemetry;
pub mod time_format;
pub mod validate;
pub mod webhooks;
pub mod yaml;

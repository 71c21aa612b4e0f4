//! One integration-test binary (one link step), one module per area. Every test talks HTTP to a
//! real server bound to port 0; see `helpers::spawn_app`.

mod admin_auth;
mod admin_carbon;
mod admin_clock;
mod admin_journal;
mod admin_reset;
mod admin_state;
mod admin_tenants;
mod admin_webhooks;
mod carbon_accounts;
mod carbon_auth;
mod carbon_bad_input;
mod carbon_concurrency;
mod carbon_customers;
mod carbon_enroll;
mod carbon_kyc;
mod cartevo_auth;
mod cartevo_bad_input;
mod cartevo_concurrency;
mod cartevo_customers;
mod cartevo_enroll;
mod cartevo_upload;
mod cli;
mod health;
mod helpers;
mod openapi;
mod receiver;
mod scenarios_admin;
mod scenarios_catalog;
mod scenarios_faults;
mod scenarios_prefer;
mod scenarios_reload;
mod scenarios_respond;
mod scenarios_schedules;
mod scenarios_validate;

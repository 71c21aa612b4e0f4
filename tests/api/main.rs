//! One integration-test binary (one link step), one module per area. Every test talks HTTP to a
//! real server bound to port 0; see `helpers::spawn_app`.

mod cartevo_auth;
mod cartevo_bad_input;
mod cartevo_concurrency;
mod cartevo_customers;
mod cartevo_enroll;
mod cartevo_upload;
mod cli;
mod health;
mod helpers;
mod scenarios_admin;
mod scenarios_catalog;
mod scenarios_faults;
mod scenarios_prefer;
mod scenarios_reload;
mod scenarios_respond;
mod scenarios_schedules;
mod scenarios_validate;

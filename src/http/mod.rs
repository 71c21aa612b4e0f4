//! HTTP plumbing shared by every emulated provider: reading bodies, tagging the tenant a request
//! belongs to, and the per-request log line. Providers render these in their own envelopes.

pub mod body;
pub mod flat_json;
pub mod json_fields;
pub mod json_writer;
pub mod query;
pub mod request_log;
pub mod tenant;

//! What a rule does: exactly one of `respond`, `fault` and `pass_through: true`.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use serde_saphyr::Spanned;

use super::Problems;
use crate::provider::{Operation, ProviderInfo};
use crate::scenarios::faults::Fault;
use crate::scenarios::model::{RespondDoc, RuleDoc};
use crate::scenarios::respond::PreparedResponse;
use crate::scenarios::scenario::Outcome;

pub(super) fn compile_outcome(
    index: usize,
    rule: &Spanned<RuleDoc>,
    provider: &ProviderInfo,
    single_operation: Option<&Operation>,
    problems: &mut Problems,
) -> Option<Outcome> {
    let doc = &rule.value;
    let pass_through = doc.pass_through.as_ref().is_some_and(|p| p.value);
    let chosen = doc.respond.is_some() as u8 + doc.fault.is_some() as u8 + pass_through as u8;
    if chosen == 0 {
        let hint = if doc.delay.is_some() {
            "; a delay alone needs `pass_through: true` to reach the real handler"
        } else {
            ""
        };
        problems.at(
            &rule.referenced,
            format!(
                "rules[{index}] does nothing: give it `respond`, `fault` or `pass_through: true`{hint}"
            ),
        );
        return None;
    }
    if chosen > 1 {
        problems.at(
            &rule.referenced,
            format!("rules[{index}] has more than one of `respond`, `fault` and `pass_through`"),
        );
        return None;
    }
    if let Some(fault) = doc.fault {
        return Some(Outcome::Fault(Fault::from(fault)));
    }
    match &doc.respond {
        Some(respond) => compile_respond(respond, provider, single_operation, problems),
        None => Some(Outcome::PassThrough),
    }
}

fn compile_respond(
    respond: &Spanned<RespondDoc>,
    provider: &ProviderInfo,
    single_operation: Option<&Operation>,
    problems: &mut Problems,
) -> Option<Outcome> {
    let doc = &respond.value;
    let status = match StatusCode::from_u16(doc.status.value) {
        Ok(status) if (200..=599).contains(&doc.status.value) => status,
        _ => {
            problems.at(
                &doc.status.referenced,
                format!("status {} is not between 200 and 599", doc.status.value),
            );
            return None;
        }
    };
    let prepared = if doc.raw {
        if doc.message.is_some() {
            problems.at(
                &respond.referenced,
                "`message` is rendered in the provider's envelope; with `raw: true` put the text in `body`",
            );
            return None;
        }
        PreparedResponse::raw(status, doc.body.as_ref())
    } else {
        let message = doc.message.as_deref().unwrap_or_else(|| {
            single_operation
                .and_then(|op| op.error_for(status.as_u16()))
                .map(|error| error.message)
                .or(status.canonical_reason())
                .unwrap_or("Error")
        });
        PreparedResponse::in_envelope(provider, status, message, doc.body.as_ref())
    };
    let mut prepared = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            problems.at(&respond.referenced, message);
            return None;
        }
    };
    for (name, value) in &doc.headers {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value.value),
        ) {
            (Ok(name), Ok(value)) => prepared = prepared.with_header(name, value),
            (Err(_), _) => problems.at(&value.referenced, format!("invalid header name {name:?}")),
            (_, Err(_)) => problems.at(
                &value.referenced,
                format!("invalid value for header {name}: {:?}", value.value),
            ),
        }
    }
    Some(Outcome::Respond(prepared))
}

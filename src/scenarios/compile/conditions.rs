//! A rule's `match`, checked into a [`Matcher`]: header names, regexes, JSON pointers, tenant.

use std::collections::BTreeMap;

use actix_web::http::header::HeaderName;
use regex::Regex;
use serde_json::Value;
use serde_saphyr::Spanned;

use super::Problems;
use super::targets::{fit, full_path, is_parameter};
use crate::provider::{Operation, ProviderInfo};
use crate::scenarios::matcher::{Condition, Matcher, PathFilter};
use crate::scenarios::model::{ConditionDoc, MatchDoc};

pub(super) fn compile_matcher(
    provider: &ProviderInfo,
    doc: &MatchDoc,
    targets: &[(usize, &Operation)],
    problems: &mut Problems,
) -> Option<Matcher> {
    let before = problems.found.len();
    let path = doc.path.as_ref().and_then(|path| {
        let full = full_path(provider, &path.value);
        let narrower = targets
            .iter()
            .any(|(_, op)| fit(&full, op.path) == Some(true));
        narrower.then(|| {
            PathFilter::new(
                full.split('/')
                    .map(|s| (!is_parameter(s)).then(|| s.to_owned()))
                    .collect(),
            )
        })
    });
    let tenant = doc.tenant.as_ref().map(|tenant| {
        let prefix = format!("{}:", provider.name);
        if !tenant.value.starts_with(&prefix) {
            problems.at(
                &tenant.referenced,
                format!(
                    "tenant {:?} is not a {} tenant: labels look like {prefix}<client id>",
                    tenant.value, provider.name
                ),
            );
        }
        tenant.value.clone()
    });
    let headers = doc
        .headers
        .iter()
        .filter_map(|(name, condition)| {
            let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
                problems.at(
                    &condition.referenced,
                    format!("invalid header name {name:?}"),
                );
                return None;
            };
            compile_condition(condition, Text::Yes, problems).map(|c| (header, c))
        })
        .collect();
    let query = compile_conditions(&doc.query, Text::Yes, problems);
    for (pointer, condition) in &doc.body {
        if !(pointer.is_empty() || pointer.starts_with('/')) {
            problems.at(
                &condition.referenced,
                format!("body key {pointer:?} must be a JSON pointer such as \"/{pointer}\""),
            );
        }
    }
    let body = compile_conditions(&doc.body, Text::No, problems);
    (problems.found.len() == before).then_some(Matcher {
        path,
        tenant,
        headers,
        query,
        body,
    })
}

/// Whether a condition tests text (headers, query) or JSON (body).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Text {
    Yes,
    No,
}

fn compile_conditions(
    conditions: &BTreeMap<String, Spanned<ConditionDoc>>,
    text: Text,
    problems: &mut Problems,
) -> Vec<(String, Condition)> {
    conditions
        .iter()
        .filter_map(|(key, condition)| {
            compile_condition(condition, text, problems).map(|c| (key.clone(), c))
        })
        .collect()
}

fn compile_condition(
    condition: &Spanned<ConditionDoc>,
    text: Text,
    problems: &mut Problems,
) -> Option<Condition> {
    let at = &condition.referenced;
    let doc = &condition.value;
    let given = doc.equals.is_some() as u8 + doc.regex.is_some() as u8 + doc.exists.is_some() as u8;
    if given != 1 {
        problems.at(
            at,
            "a condition needs exactly one of equals, regex or exists",
        );
        return None;
    }
    if let Some(expected) = &doc.equals {
        return match (text, expected) {
            (Text::No, value) => Some(Condition::Equals(value.clone())),
            (Text::Yes, Value::String(_)) => Some(Condition::Equals(expected.clone())),
            (Text::Yes, scalar @ (Value::Number(_) | Value::Bool(_))) => {
                Some(Condition::Equals(Value::String(scalar.to_string())))
            }
            (Text::Yes, _) => {
                problems.at(
                    at,
                    "a header or query value equals a string, number or boolean",
                );
                None
            }
        };
    }
    if let Some(pattern) = &doc.regex {
        return match Regex::new(&format!("^(?:{pattern})$")) {
            Ok(regex) => Some(Condition::Regex(regex)),
            Err(error) => {
                // The regex crate draws a multi-line caret diagram; keep its last line.
                let text = error.to_string();
                let reason = text.lines().last().unwrap_or_default();
                let reason = reason.strip_prefix("error: ").unwrap_or(reason);
                problems.at(at, format!("invalid regex {pattern:?}: {reason}"));
                None
            }
        };
    }
    doc.exists.map(Condition::Exists)
}

//! From a parsed file to a runnable [`Scenario`], checking everything serde cannot: the provider
//! exists, the path and method name one of its operations, regexes compile, a rule does exactly
//! one thing... Every problem is reported (not just the first), at `file:line:column` where the
//! YAML node is known.

use std::collections::BTreeMap;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use regex::Regex;
use serde_json::Value;
use serde_saphyr::{Location, Spanned};

use super::delay::Delay;
use super::faults::Fault;
use super::matcher::{Condition, Matcher, PathFilter};
use super::model::{ConditionDoc, MatchDoc, RespondDoc, RuleDoc, ScenarioDoc};
use super::respond::PreparedResponse;
use super::route::{self, RouteKey};
use super::scenario::{Outcome, Rule, Scenario};
use super::schedule::Schedule;
use crate::provider::{self, Operation, PROVIDERS, ProviderInfo};
use crate::yaml::{self, FileError};

/// Parses and checks the scenario file `file` holding `text`.
pub fn compile(file: &str, text: &str) -> Result<Scenario, Vec<FileError>> {
    let doc: ScenarioDoc = yaml::parse(file, text).map_err(|error| vec![error])?;
    let mut problems = Problems {
        file,
        found: Vec::new(),
    };
    check_name(&doc.name, &mut problems);
    if doc.rules.value.is_empty() {
        problems.at(&doc.rules.referenced, "a scenario needs at least one rule");
    }
    let rules: Vec<_> = doc
        .rules
        .value
        .iter()
        .enumerate()
        .filter_map(|(index, rule)| compile_rule(index, rule, &mut problems))
        .collect();
    if !problems.found.is_empty() {
        return Err(problems.found);
    }
    Ok(Scenario::new(
        Arc::from(doc.name.value.as_str()),
        (doc.name.referenced.line(), doc.name.referenced.column()),
        doc.description,
        file.to_owned(),
        text.to_owned(),
        rules,
    ))
}

/// Whether `name` can be a scenario name: it travels in a comma-separated header and in URLs.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

struct Problems<'a> {
    file: &'a str,
    found: Vec<FileError>,
}

impl Problems<'_> {
    fn at(&mut self, location: &Location, message: impl Into<String>) {
        let known = location.line() > 0;
        self.found.push(FileError {
            file: self.file.to_owned(),
            line: known.then(|| location.line()),
            column: known.then(|| location.column()),
            message: message.into(),
        });
    }
}

fn check_name(name: &Spanned<String>, problems: &mut Problems) {
    if !is_valid_name(&name.value) {
        problems.at(
            &name.referenced,
            format!(
                "invalid scenario name {:?}: use letters, digits, '-', '_' and '.' (at most 128)",
                name.value
            ),
        );
    }
}

fn compile_rule(
    index: usize,
    rule: &Spanned<RuleDoc>,
    problems: &mut Problems,
) -> Option<(Rule, Vec<RouteKey>)> {
    let before = problems.found.len();
    let doc = &rule.value;
    let (provider_index, provider) = find_provider(&doc.matcher.provider, problems)?;
    let targets = target_operations(provider, &doc.matcher, &rule.referenced, problems);
    let matcher = compile_matcher(provider, &doc.matcher, &targets, problems);
    let single_operation = match targets.as_slice() {
        [(_, operation)] => Some(*operation),
        _ => None,
    };
    let outcome = compile_outcome(index, rule, provider, single_operation, problems);
    let delay = doc.delay.as_ref().and_then(|delay| {
        Delay::from_doc(&delay.value)
            .map_err(|message| problems.at(&delay.referenced, message))
            .ok()
    });
    let schedule = compile_schedule(doc, problems);
    if problems.found.len() > before {
        return None;
    }
    let routes = targets
        .iter()
        .map(|(operation, _)| route::key(provider_index, *operation))
        .collect();
    Some((
        Rule {
            matcher: matcher?,
            delay,
            outcome: outcome?,
            schedule,
        },
        routes,
    ))
}

fn find_provider(
    name: &Spanned<String>,
    problems: &mut Problems,
) -> Option<(usize, &'static ProviderInfo)> {
    let found = PROVIDERS
        .iter()
        .enumerate()
        .find(|(_, p)| p.name == name.value)
        .map(|(index, provider)| (index, *provider));
    if found.is_none() {
        problems.at(
            &name.referenced,
            format!(
                "unknown provider {:?} (known: {})",
                name.value,
                provider::names()
            ),
        );
    }
    found
}

/// A rule's path made absolute: under the provider's base path unless it already is.
fn full_path(provider: &ProviderInfo, path: &str) -> String {
    if provider.owns(path) {
        path.to_owned()
    } else {
        format!("{}{path}", provider.base_path)
    }
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// How the rule path `rule` fits the operation template `template`: `None` if it does not,
/// `Some(true)` if it fixes a segment the template leaves open (a filter is needed).
fn fit(rule: &str, template: &str) -> Option<bool> {
    let rule: Vec<_> = rule.split('/').collect();
    let template: Vec<_> = template.split('/').collect();
    if rule.len() != template.len() {
        return None;
    }
    let mut narrower = false;
    for (r, t) in rule.iter().zip(&template) {
        match (is_parameter(r), is_parameter(t)) {
            (true, true) => {}
            (false, true) if !r.is_empty() => narrower = true,
            (false, false) if r == t => {}
            _ => return None,
        }
    }
    Some(narrower)
}

/// The provider's operations (index, operation) the rule's method and path select.
fn target_operations(
    provider: &'static ProviderInfo,
    doc: &MatchDoc,
    rule_at: &Location,
    problems: &mut Problems,
) -> Vec<(usize, &'static Operation)> {
    if let Some(path) = &doc.path
        && !path.value.starts_with('/')
    {
        problems.at(
            &path.referenced,
            format!("path {:?} must start with '/'", path.value),
        );
        return Vec::new();
    }
    let path = doc.path.as_ref().map(|p| full_path(provider, &p.value));
    let method = doc.method.as_ref().map(|m| m.value.to_ascii_uppercase());
    let targets: Vec<_> = provider
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| method.as_deref().is_none_or(|m| op.method == m))
        .filter(|(_, op)| path.as_deref().is_none_or(|p| fit(p, op.path).is_some()))
        .collect();
    if targets.is_empty() {
        let location = doc
            .path
            .as_ref()
            .or(doc.method.as_ref())
            .map_or(rule_at, |spanned| &spanned.referenced);
        problems.at(
            location,
            format!(
                "no {} operation answers {} {} (its operations: {})",
                provider.name,
                method.as_deref().unwrap_or("any method on"),
                path.as_deref().unwrap_or(provider.base_path),
                provider.operation_list()
            ),
        );
    }
    targets
}

fn compile_matcher(
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

fn compile_outcome(
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

fn compile_schedule(doc: &RuleDoc, problems: &mut Problems) -> Schedule {
    if let Some(probability) = &doc.probability
        && !(0.0..=1.0).contains(&probability.value)
    {
        problems.at(
            &probability.referenced,
            format!("probability {} is not between 0 and 1", probability.value),
        );
    }
    if let Some(times) = &doc.times
        && times.value == 0
    {
        problems.at(
            &times.referenced,
            "times must be at least 1 (omit it for no limit)",
        );
    }
    Schedule {
        after: doc.after.unwrap_or(0),
        times: doc.times.as_ref().map(|t| t.value),
        probability: doc.probability.as_ref().map(|p| p.value),
        seed: doc.seed.unwrap_or_else(rand::random),
        seeded: doc.seed.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        match compile("s.yaml", yaml) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn paths_fit_templates() {
        assert_eq!(fit("/a/{x}", "/a/{id}"), Some(false));
        assert_eq!(fit("/a/b", "/a/{id}"), Some(true));
        assert_eq!(fit("/a/{x}", "/a/b"), None);
        assert_eq!(fit("/a/b/c", "/a/{id}"), None);
    }

    #[test]
    fn a_valid_rule_indexes_its_routes() {
        let scenario = compile(
            "s.yaml",
            "name: dup\nrules:\n  - match: {provider: cartevo, method: post, path: /customers/enroll}\n    respond: {status: 409}\n",
        )
        .unwrap();
        assert_eq!(scenario.rules.len(), 1);
        assert_eq!(scenario.routes().count(), 1);
    }

    #[test]
    fn semantic_problems_are_all_reported_with_positions() {
        let found = problems(
            "name: bad name\nrules:\n  - match: {provider: cartevo, path: /nowhere}\n    respond: {status: 409}\n  - match:\n      provider: cartevo\n      headers: {x-a: {regex: '('}}\n    probability: 2\n",
        );
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(
            found[0].starts_with("s.yaml:1:7: invalid scenario name"),
            "{found:#?}"
        );
        assert!(found[1].starts_with("s.yaml:3:38: no cartevo operation answers any method on /api/v1/nowhere (its operations: POST /api/v1/auth/token, "), "{found:#?}");
        assert_eq!(found[2], "s.yaml:7:22: invalid regex \"(\": unclosed group");
        assert_eq!(
            found[3],
            "s.yaml:5:5: rules[1] does nothing: give it `respond`, `fault` or `pass_through: true`"
        );
        assert_eq!(
            found[4],
            "s.yaml:8:18: probability 2 is not between 0 and 1"
        );
    }
}

//! From a parsed file to a runnable [`Scenario`], checking everything serde cannot: the provider
//! exists, the path and method name one of its operations, regexes compile, a rule does exactly
//! one thing... Every problem is reported (not just the first), at `file:line:column` where the
//! YAML node is known.
//!
//! Split by concern: `targets` finds the operations a rule's method and path select,
//! `conditions` builds its matcher, `outcome` checks what it does.

mod conditions;
mod outcome;
mod targets;

use std::sync::Arc;

use serde_saphyr::{Location, Spanned};

use super::delay::Delay;
use super::model::{RuleDoc, ScenarioDoc};
use super::route::{self, RouteKey};
use super::scenario::{Rule, Scenario};
use super::schedule::Schedule;
use crate::provider::{self, PROVIDERS, ProviderInfo};
use crate::yaml::{self, FileError};
use conditions::compile_matcher;
use outcome::compile_outcome;
use targets::target_operations;

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

pub(super) struct Problems<'a> {
    file: &'a str,
    found: Vec<FileError>,
}

impl Problems<'_> {
    pub(super) fn at(&mut self, location: &Location, message: impl Into<String>) {
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

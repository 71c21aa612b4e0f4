//! The shipped catalogue: it loads whole, and covers every documented 4xx of every provider.

use std::path::Path;

use fintech_sandbox::provider::{Origin, PROVIDERS};
use fintech_sandbox::scenarios::model::ScenarioDoc;
use fintech_sandbox::scenarios::{ScenarioEngine, ScenarioSource};
use fintech_sandbox::yaml;

/// One `respond` rule: provider, METHOD (`None`: any), path (`None`: any), status, message.
type Response = (String, Option<String>, Option<String>, u16, String);

/// Every `respond` rule in `docs`.
fn responses(docs: &[ScenarioDoc]) -> Vec<Response> {
    let mut found = Vec::new();
    for doc in docs {
        for rule in &doc.rules.value {
            let rule = &rule.value;
            let Some(respond) = &rule.respond else {
                continue;
            };
            found.push((
                rule.matcher.provider.value.clone(),
                rule.matcher
                    .method
                    .as_ref()
                    .map(|m| m.value.to_ascii_uppercase()),
                rule.matcher.path.as_ref().map(|p| p.value.clone()),
                respond.value.status.value,
                respond.value.message.clone().unwrap_or_default(),
            ));
        }
    }
    found
}
/// A path template with its parameter names erased: `/customers/{id}` → `/customers/{}`.
fn shape(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "{}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn parse_dir(dir: &Path) -> Vec<ScenarioDoc> {
    let mut docs = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            docs.push(yaml::parse(&path.display().to_string(), &text).unwrap());
        }
    }
    docs
}

#[test]
fn the_embedded_catalogue_loads_and_activates() {
    let engine = ScenarioEngine::load(&ScenarioSource::Embedded, &[]).unwrap();
    let statuses = engine.statuses();
    assert!(statuses.len() >= 40, "{} scenarios", statuses.len());
    assert!(
        statuses.iter().all(|s| !s.description.is_empty()),
        "every scenario says what it does"
    );
    for provider in PROVIDERS {
        let prefix = format!("{}-", provider.name);
        assert!(
            statuses.iter().any(|s| s.name.starts_with(&prefix)),
            "{} has scenarios",
            provider.name
        );
    }
}

#[test]
fn every_documented_4xx_of_every_provider_has_a_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for provider in PROVIDERS {
        let catalogue = responses(&parse_dir(&root.join(provider.name)));
        for operation in provider.operations {
            let relative = operation
                .path
                .strip_prefix(provider.base_path)
                .unwrap_or(operation.path);
            for error in operation
                .errors
                .iter()
                .filter(|e| e.origin == Origin::Documented && (400..500).contains(&e.status))
            {
                let covered = catalogue.iter().any(|(p, method, path, status, message)| {
                    p == provider.name
                        && method.as_deref().is_none_or(|m| m == operation.method)
                        && path.as_deref().is_none_or(|path| {
                            shape(path) == shape(relative) || shape(path) == shape(operation.path)
                        })
                        && *status == error.status
                        && message == error.message
                });
                assert!(
                    covered,
                    "no scenario for {} {} → {} {:?}",
                    operation.method, operation.path, error.status, error.message
                );
            }
        }
    }
}

//! The shipped catalogue: it loads whole, covers every documented Cartevo 4xx, and the pending
//! Carbon files follow the schema.

use std::path::Path;

use fintech_sandbox::provider::{Origin, PROVIDERS};
use fintech_sandbox::scenarios::model::ScenarioDoc;
use fintech_sandbox::scenarios::{ScenarioEngine, ScenarioSource};
use fintech_sandbox::yaml;

/// (provider, METHOD, full path, status, message) of every `respond` rule in `docs`.
fn responses(docs: &[ScenarioDoc]) -> Vec<(String, String, String, u16, String)> {
    let mut found = Vec::new();
    for doc in docs {
        for rule in &doc.rules.value {
            let rule = &rule.value;
            let (Some(respond), Some(method), Some(path)) =
                (&rule.respond, &rule.matcher.method, &rule.matcher.path)
            else {
                continue;
            };
            found.push((
                rule.matcher.provider.value.clone(),
                method.value.to_ascii_uppercase(),
                path.value.clone(),
                respond.value.status.value,
                respond.value.message.clone().unwrap_or_default(),
            ));
        }
    }
    found
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
    assert!(statuses.len() >= 25, "{} scenarios", statuses.len());
    assert!(
        statuses.iter().all(|s| !s.description.is_empty()),
        "every scenario says what it does"
    );
    assert!(
        !statuses.iter().any(|s| s.name.starts_with("carbon-")),
        "pending Carbon files are not loaded yet"
    );
}

#[test]
fn every_documented_cartevo_4xx_has_a_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let catalogue = responses(&parse_dir(&root.join("cartevo")));
    for provider in PROVIDERS.iter().filter(|p| p.name == "cartevo") {
        for operation in provider.operations {
            for error in operation
                .errors
                .iter()
                .filter(|e| e.origin == Origin::Documented)
            {
                let relative = operation.path.strip_prefix(provider.base_path).unwrap();
                let covered = catalogue.iter().any(|(p, m, path, status, message)| {
                    p == provider.name
                        && m == operation.method
                        && (path == relative || path == operation.path)
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

#[test]
fn the_pending_carbon_catalogue_follows_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/pending-carbon");
    let docs = parse_dir(&dir);
    assert!(docs.len() >= 40, "{} files", docs.len());
    for doc in &docs {
        assert!(doc.name.value.starts_with("carbon-"), "{}", doc.name.value);
        for rule in &doc.rules.value {
            let matcher = &rule.value.matcher;
            assert_eq!(matcher.provider.value, "carbon");
            if let Some(path) = &matcher.path {
                assert!(path.value.starts_with("/baas/api/v1/"), "{}", path.value);
            }
        }
    }
    let messages = responses(&docs);
    for documented in [
        "customer_id is required",
        "Customer not found",
        "Customer must have a BVN to enroll for lending",
        "Customer must have an account before enrolling for lending",
    ] {
        assert!(
            messages.iter().any(|(_, m, path, _, message)| m == "POST"
                && path == "/baas/api/v1/loans/customers/enroll"
                && message == documented),
            "the seed's {documented:?}"
        );
    }
}

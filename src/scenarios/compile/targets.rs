//! The operations a rule's `method` and `path` select.

use serde_saphyr::Location;

use super::Problems;
use crate::provider::{Operation, ProviderInfo};
use crate::scenarios::model::MatchDoc;

pub(super) fn full_path(provider: &ProviderInfo, path: &str) -> String {
    if provider.owns(path) {
        path.to_owned()
    } else {
        format!("{}{path}", provider.base_path)
    }
}

pub(super) fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// How the rule path `rule` fits the operation template `template`: `None` if it does not,
/// `Some(true)` if it fixes a segment the template leaves open (a filter is needed).
pub(super) fn fit(rule: &str, template: &str) -> Option<bool> {
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
pub(super) fn target_operations(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fit_templates() {
        assert_eq!(fit("/a/{x}", "/a/{id}"), Some(false));
        assert_eq!(fit("/a/b", "/a/{id}"), Some(true));
        assert_eq!(fit("/a/{x}", "/a/b"), None);
        assert_eq!(fit("/a/b/c", "/a/{id}"), None);
    }
}

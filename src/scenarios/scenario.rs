//! A loaded scenario: its rules ready to run, indexed by the routes they apply to.

use std::collections::HashMap;
use std::sync::Arc;

use super::delay::Delay;
use super::faults::Fault;
use super::matcher::Matcher;
use super::respond::PreparedResponse;
use super::route::RouteKey;
use super::schedule::Schedule;

/// What a rule does once it applies (after its delay, if any).
#[derive(Debug, Clone)]
pub enum Outcome {
    Respond(PreparedResponse),
    Fault(Fault),
    /// Hand the request to the real handler.
    PassThrough,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub matcher: Matcher,
    pub delay: Option<Delay>,
    pub outcome: Outcome,
    pub schedule: Schedule,
}

impl Rule {
    /// Whether deciding or counting this rule needs the request's tenant.
    pub fn needs_tenant(&self) -> bool {
        self.matcher.needs_tenant() || self.schedule.is_counted()
    }
}

#[derive(Debug)]
pub struct Scenario {
    pub name: Arc<str>,
    /// Line and column of the name in its file, for messages about the name.
    pub name_position: (u64, u64),
    pub description: String,
    /// Where it came from, as messages name it (a path, `… (embedded)`, `… (uploaded)`).
    pub file: String,
    /// The YAML it was compiled from, to tell an unchanged reload from an edit.
    pub source: String,
    pub rules: Vec<Rule>,
    /// Route → indices of the rules that apply there, in file order.
    by_route: HashMap<RouteKey, Vec<usize>>,
}

impl Scenario {
    pub fn new(
        name: Arc<str>,
        name_position: (u64, u64),
        description: String,
        file: String,
        source: String,
        rules: Vec<(Rule, Vec<RouteKey>)>,
    ) -> Self {
        let mut by_route: HashMap<RouteKey, Vec<usize>> = HashMap::new();
        let rules = rules
            .into_iter()
            .enumerate()
            .map(|(index, (rule, routes))| {
                for route in routes {
                    by_route.entry(route).or_default().push(index);
                }
                rule
            })
            .collect();
        Self {
            name,
            name_position,
            description,
            file,
            source,
            rules,
            by_route,
        }
    }

    /// The rules that apply on `route`, in file order.
    pub fn rules_at(&self, route: RouteKey) -> &[usize] {
        self.by_route.get(&route).map_or(&[], Vec::as_slice)
    }

    /// Every route some rule applies on.
    pub fn routes(&self) -> impl Iterator<Item = RouteKey> + '_ {
        self.by_route.keys().copied()
    }
}

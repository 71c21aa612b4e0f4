//! A loaded scenario: its rules ready to run, indexed by the routes they apply to.

use std::sync::Arc;

use hashbrown::HashMap;

use super::delay::Delay;
use super::faults::Fault;
use super::gate::Gate;
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
    /// Route → the rules that apply there.
    by_route: HashMap<RouteKey, Arc<RouteRules>>,
}

/// The rules of one scenario on one route, and what they need from a request; shared with the
/// activation index so a request reaches them without another lookup.
#[derive(Debug, Default)]
pub struct RouteRules {
    /// Indices into `Scenario::rules`, in file order.
    pub rules: Vec<usize>,
    pub needs_body: bool,
    pub needs_tenant: bool,
    /// What every one of these rules requires: a request without it skips them all.
    pub gate: Option<Gate>,
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
        let mut by_route: HashMap<RouteKey, RouteRules> = HashMap::new();
        let rules: Vec<Rule> = rules
            .into_iter()
            .enumerate()
            .map(|(index, (rule, routes))| {
                for route in routes {
                    let at = by_route.entry(route).or_default();
                    at.rules.push(index);
                    at.needs_body |= rule.matcher.needs_body();
                    at.needs_tenant |= rule.needs_tenant();
                }
                rule
            })
            .collect();
        let by_route = by_route
            .into_iter()
            .map(|(route, mut at)| {
                at.gate = Gate::common(&rules, &at.rules);
                (route, Arc::new(at))
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

    /// The rules that apply on `route`, if any.
    pub fn at(&self, route: RouteKey) -> Option<&Arc<RouteRules>> {
        self.by_route.get(&route)
    }

    /// Every route some rule applies on, with its rules.
    pub fn routes(&self) -> impl Iterator<Item = (RouteKey, &Arc<RouteRules>)> + '_ {
        self.by_route.iter().map(|(route, at)| (*route, at))
    }
}

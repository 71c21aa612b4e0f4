//! Which scenarios are active (for everyone, or for one tenant) and the per-route index built from
//! that, so a request only ever looks at the rules of its own route.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use actix_web::http::header::HeaderMap;

use super::gate::Gate;
use super::route::RouteKey;
use super::scenario::{RouteRules, Scenario};

/// Active scenario names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activations {
    pub global: BTreeSet<Arc<str>>,
    pub tenants: BTreeMap<Arc<str>, BTreeSet<Arc<str>>>,
}

impl Activations {
    /// Activates `name` for everyone, or for `tenant` only.
    pub fn activate(&mut self, name: Arc<str>, tenant: Option<Arc<str>>) {
        match tenant {
            None => self.global.insert(name),
            Some(tenant) => self.tenants.entry(tenant).or_default().insert(name),
        };
    }

    pub fn deactivate(&mut self, name: &str, tenant: Option<&str>) {
        match tenant {
            None => {
                self.global.remove(name);
            }
            Some(tenant) => {
                if let Some(names) = self.tenants.get_mut(tenant) {
                    names.remove(name);
                    if names.is_empty() {
                        self.tenants.remove(tenant);
                    }
                }
            }
        }
    }

    /// The tenants `name` is active for.
    pub fn tenants_of(&self, name: &str) -> Vec<Arc<str>> {
        self.tenants
            .iter()
            .filter(|(_, names)| names.contains(name))
            .map(|(tenant, _)| tenant.clone())
            .collect()
    }
}

/// An active scenario's rules on one route.
#[derive(Debug, Clone)]
pub struct Entry {
    pub scenario: Arc<Scenario>,
    pub rules: Arc<RouteRules>,
    /// Position in [`RouteEntries::gates`] of what all these rules require.
    gate: Option<u8>,
}

/// The active scenarios with rules on one route, in name order, and the distinct gates (a header
/// or a query key) they are gated on: a request checks each gate once, then skips whole
/// scenarios whose gate it does not pass (the usual case of many rules keyed on a test id).
#[derive(Debug, Default)]
pub struct RouteEntries {
    gates: Vec<Gate>,
    entries: Vec<Entry>,
}

/// At most this many distinct gates per route (one bit each); later ones are not gated.
const MAX_GATES: usize = 64;

impl RouteEntries {
    fn push(&mut self, scenario: Arc<Scenario>, rules: Arc<RouteRules>) {
        let gate = rules.gate.as_ref().and_then(|required| {
            let position = match self.gates.iter().position(|gate| gate == required) {
                Some(position) => position,
                None if self.gates.len() < MAX_GATES => {
                    self.gates.push(required.clone());
                    self.gates.len() - 1
                }
                None => return None,
            };
            u8::try_from(position).ok()
        });
        self.entries.push(Entry {
            scenario,
            rules,
            gate,
        });
    }

    /// The entries a request with these headers and query string can possibly match, in order.
    pub fn open_to<'a>(
        &'a self,
        headers: &HeaderMap,
        query_string: &str,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        let open: u64 = self
            .gates
            .iter()
            .enumerate()
            .filter(|(_, gate)| gate.admits(headers, query_string))
            .fold(0, |bits, (position, _)| bits | 1 << position);
        self.entries
            .iter()
            .filter(move |entry| entry.gate.is_none_or(|bit| open & (1 << bit) != 0))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Route → the active scenarios with rules there.
pub type RouteIndex = hashbrown::HashMap<RouteKey, RouteEntries>;

/// An immutable view for requests: loaded scenarios and active ones, indexed by route. Rebuilt
/// on every change (changes are rare; requests only read).
#[derive(Debug, Default)]
pub struct Snapshot {
    pub scenarios: HashMap<Arc<str>, Arc<Scenario>>,
    pub global: RouteIndex,
    pub tenants: HashMap<Arc<str>, RouteIndex>,
    /// Routes where some tenant has an active scenario: elsewhere the tenant is not needed.
    tenant_routes: hashbrown::HashSet<RouteKey>,
}

impl Snapshot {
    pub fn build(scenarios: HashMap<Arc<str>, Arc<Scenario>>, active: &Activations) -> Self {
        let index = |names: &BTreeSet<Arc<str>>| {
            let mut index = RouteIndex::new();
            for scenario in names.iter().filter_map(|name| scenarios.get(name)) {
                for (route, rules) in scenario.routes() {
                    index
                        .entry(route)
                        .or_default()
                        .push(scenario.clone(), rules.clone());
                }
            }
            index
        };
        let global = index(&active.global);
        let tenants: HashMap<_, _> = active
            .tenants
            .iter()
            .map(|(tenant, names)| (tenant.clone(), index(names)))
            .filter(|(_, index)| !index.is_empty())
            .collect();
        let tenant_routes = tenants
            .values()
            .flat_map(|index| index.keys().copied())
            .collect();
        Self {
            scenarios,
            global,
            tenants,
            tenant_routes,
        }
    }

    /// Whether no request can be touched without naming a scenario itself.
    pub fn is_idle(&self) -> bool {
        self.global.is_empty() && self.tenants.is_empty()
    }

    /// Whether some tenant's activations reach `route`.
    pub fn tenant_scoped_at(&self, route: RouteKey) -> bool {
        self.tenant_routes.contains(&route)
    }
}

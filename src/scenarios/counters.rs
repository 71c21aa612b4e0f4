//! Per-tenant counters of every rule: how often it matched (what schedules count) and how often it
//! applied (the hit counts the admin API lists). Keyed by (scenario, rule, tenant) so one test's
//! tenant never advances another's schedule; cleared by the admin reset.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use dashmap::DashMap;

/// The tenant label used for requests that do not authenticate.
pub const ANONYMOUS: &str = "-";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CounterKey {
    scenario: Arc<str>,
    rule: usize,
    tenant: Arc<str>,
}

#[derive(Debug, Default)]
pub struct RuleCounter {
    matches: AtomicU64,
    applied: AtomicU64,
}

impl RuleCounter {
    /// Records a match; returns its 0-based number.
    pub fn count_match(&self) -> u64 {
        self.matches.fetch_add(1, Ordering::Relaxed)
    }

    /// Takes one of `times` applications, if any is left.
    pub fn claim_application(&self, times: u64) -> bool {
        self.applied
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |applied| {
                (applied < times).then_some(applied + 1)
            })
            .is_ok()
    }

    /// Records an application of a rule without a `times` limit.
    pub fn count_application(&self) {
        self.applied.fetch_add(1, Ordering::Relaxed);
    }

    pub fn applied(&self) -> u64 {
        self.applied.load(Ordering::Relaxed)
    }
}

/// Hit counts of one scenario.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    pub total: u64,
    pub by_tenant: BTreeMap<String, u64>,
}

#[derive(Debug, Default)]
pub struct Counters {
    map: DashMap<CounterKey, Arc<RuleCounter>>,
}

impl Counters {
    /// The counter of `rule` of `scenario` for `tenant`, created at zero.
    pub fn get(&self, scenario: &Arc<str>, rule: usize, tenant: &Arc<str>) -> Arc<RuleCounter> {
        let key = CounterKey {
            scenario: scenario.clone(),
            rule,
            tenant: tenant.clone(),
        };
        self.map.entry(key).or_default().clone()
    }

    /// Hit counts of every scenario that applied at least once.
    pub fn hits_by_scenario(&self) -> HashMap<String, Hits> {
        let mut all: HashMap<String, Hits> = HashMap::new();
        for entry in self.map.iter() {
            let applied = entry.value().applied();
            if applied == 0 {
                continue;
            }
            let hits = all.entry(entry.key().scenario.to_string()).or_default();
            hits.total += applied;
            *hits
                .by_tenant
                .entry(entry.key().tenant.to_string())
                .or_default() += applied;
        }
        all
    }

    /// Forgets everything, or only what `tenant` did.
    pub fn reset(&self, tenant: Option<&str>) {
        match tenant {
            None => self.map.clear(),
            Some(tenant) => self.map.retain(|key, _| &*key.tenant != tenant),
        }
    }

    /// Forgets a scenario whose rules changed: old counts mean nothing for new rules.
    pub fn forget_scenario(&self, scenario: &str) {
        self.map.retain(|key, _| &*key.scenario != scenario);
    }
}

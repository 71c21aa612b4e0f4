//! The scenario engine handle kept in `SandboxState`: the catalogue, what is active, the counters,
//! and the snapshot requests read. Writers (admin API, hot reload, reset) serialise on a mutex and
//! publish a new snapshot; requests take the current one with a read lock and an `Arc` clone.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::{Mutex, RwLock};

use super::activation::{Activations, Snapshot};
use super::catalog::Catalog;
use super::compile::compile;
use super::counters::{Counters, Hits};
use super::source::{ScenarioSource, SourceFile};
use crate::yaml::FileError;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}", lines(.0))]
    Files(Vec<FileError>),
    #[error("unknown scenario {name:?} (from --scenario / SANDBOX_SCENARIO); loaded: {known}")]
    UnknownActive { name: String, known: String },
}

fn lines(errors: &[FileError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no scenario named {0:?} is loaded")]
pub struct UnknownScenario(pub String);

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{}", lines(.0))]
    Invalid(Vec<FileError>),
    #[error("The YAML names scenario {found:?} but the URL names {expected:?}")]
    NameMismatch { expected: String, found: String },
}

/// A scenario as the admin API lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioStatus {
    pub name: String,
    pub description: String,
    pub file: String,
    pub rules: usize,
    pub active_globally: bool,
    pub active_for_tenants: Vec<String>,
    pub hits: Hits,
}

#[derive(Debug)]
struct State {
    catalog: Catalog,
    active: Activations,
    /// What `--scenario` activated: a full reset goes back to it.
    startup: Activations,
}

#[derive(Debug)]
struct Inner {
    state: Mutex<State>,
    snapshot: RwLock<Arc<Snapshot>>,
    idle: AtomicBool,
    counters: Counters,
}

#[derive(Debug, Clone)]
pub struct ScenarioEngine {
    inner: Arc<Inner>,
}

impl Default for ScenarioEngine {
    fn default() -> Self {
        Self::new(Catalog::default(), Activations::default())
    }
}

impl ScenarioEngine {
    /// Loads every scenario of `source` and activates `active` for everyone. Any invalid file
    /// or unknown name stops start-up.
    pub fn load(source: &ScenarioSource, active: &[String]) -> Result<Self, LoadError> {
        let (files, errors) = source.read();
        Self::build(files, errors, active)
    }

    /// An engine over scenarios given as YAML texts (label, text), for tests and benchmarks.
    pub fn from_yaml(files: &[(&str, &str)], active: &[String]) -> Result<Self, LoadError> {
        let files = files
            .iter()
            .map(|(label, text)| SourceFile {
                label: (*label).to_owned(),
                text: (*text).to_owned(),
            })
            .collect();
        Self::build(files, Vec::new(), active)
    }

    fn build(
        files: Vec<SourceFile>,
        mut errors: Vec<FileError>,
        active: &[String],
    ) -> Result<Self, LoadError> {
        let (catalog, compile_errors) = Catalog::load(files);
        errors.extend(compile_errors);
        if !errors.is_empty() {
            return Err(LoadError::Files(errors));
        }
        let mut activations = Activations::default();
        for name in active {
            let scenario = catalog.get(name).ok_or_else(|| LoadError::UnknownActive {
                name: name.clone(),
                known: sorted_names(&catalog),
            })?;
            activations.activate(scenario.name.clone(), None);
        }
        Ok(Self::new(catalog, activations))
    }

    fn new(catalog: Catalog, active: Activations) -> Self {
        let engine = Self {
            inner: Arc::new(Inner {
                idle: AtomicBool::new(true),
                snapshot: RwLock::new(Arc::default()),
                state: Mutex::new(State {
                    catalog,
                    startup: active.clone(),
                    active,
                }),
                counters: Counters::default(),
            }),
        };
        engine.publish(&engine.inner.state.lock());
        engine
    }

    /// What requests read.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.inner.snapshot.read().clone()
    }

    /// Whether nothing is active: a request that names no scenario passes untouched.
    pub fn is_idle(&self) -> bool {
        self.inner.idle.load(Ordering::Acquire)
    }

    pub fn counters(&self) -> &Counters {
        &self.inner.counters
    }

    fn publish(&self, state: &State) {
        let snapshot = Snapshot::build(state.catalog.by_name(), &state.active);
        self.inner.idle.store(snapshot.is_idle(), Ordering::Release);
        *self.inner.snapshot.write() = Arc::new(snapshot);
    }

    /// Activates `name` for everyone, or for `tenant` (a label such as `cartevo:client_sandbox`).
    pub fn activate(&self, name: &str, tenant: Option<&str>) -> Result<(), UnknownScenario> {
        let mut state = self.inner.state.lock();
        let scenario = state
            .catalog
            .get(name)
            .ok_or_else(|| UnknownScenario(name.to_owned()))?;
        state
            .active
            .activate(scenario.name.clone(), tenant.map(Arc::from));
        self.publish(&state);
        Ok(())
    }

    pub fn deactivate(&self, name: &str, tenant: Option<&str>) -> Result<(), UnknownScenario> {
        let mut state = self.inner.state.lock();
        if state.catalog.get(name).is_none() {
            return Err(UnknownScenario(name.to_owned()));
        }
        state.active.deactivate(name, tenant);
        self.publish(&state);
        Ok(())
    }

    /// Adds or replaces scenario `name` from YAML; `Ok(true)` when it replaced one.
    pub fn upload(&self, name: &str, yaml: &str) -> Result<bool, UploadError> {
        let label = format!("{name}.yaml (uploaded)");
        let scenario = compile(&label, yaml).map_err(UploadError::Invalid)?;
        if &*scenario.name != name {
            return Err(UploadError::NameMismatch {
                expected: name.to_owned(),
                found: scenario.name.to_string(),
            });
        }
        let mut state = self.inner.state.lock();
        let replaced = state.catalog.upload(scenario);
        self.inner.counters.forget_scenario(name);
        self.publish(&state);
        Ok(replaced)
    }

    /// Reads `source` again (hot reload); returns the problems of files that kept their
    /// previous version or were refused.
    pub fn reload(&self, source: &ScenarioSource) -> Vec<FileError> {
        let (files, mut errors) = source.read();
        let mut state = self.inner.state.lock();
        let changes = state.catalog.reload(files);
        for name in &changes.replaced {
            self.inner.counters.forget_scenario(name);
        }
        self.publish(&state);
        errors.extend(changes.errors);
        errors
    }

    /// The admin reset: with no tenant, every counter goes and activations return to start-up
    /// (`--scenario`); for a tenant, its counters and its own activations go.
    pub fn reset(&self, tenant: Option<&str>) {
        let mut state = self.inner.state.lock();
        self.inner.counters.reset(tenant);
        match tenant {
            None => state.active = state.startup.clone(),
            Some(tenant) => {
                state.active.tenants.remove(tenant);
            }
        }
        self.publish(&state);
    }

    /// Every loaded scenario, by name.
    pub fn statuses(&self) -> Vec<ScenarioStatus> {
        let state = self.inner.state.lock();
        let mut hits = self.inner.counters.hits_by_scenario();
        let mut statuses: Vec<_> = state
            .catalog
            .by_name()
            .into_values()
            .map(|scenario| ScenarioStatus {
                name: scenario.name.to_string(),
                description: scenario.description.clone(),
                file: scenario.file.clone(),
                rules: scenario.rules.len(),
                active_globally: state.active.global.contains(&scenario.name),
                active_for_tenants: state
                    .active
                    .tenants_of(&scenario.name)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                hits: hits.remove(&*scenario.name).unwrap_or_default(),
            })
            .collect();
        statuses.sort_by(|a, b| a.name.cmp(&b.name));
        statuses
    }

    pub fn status(&self, name: &str) -> Option<ScenarioStatus> {
        self.statuses().into_iter().find(|s| s.name == name)
    }

    /// The YAML a scenario was loaded from.
    pub fn source_of(&self, name: &str) -> Option<String> {
        let state = self.inner.state.lock();
        state.catalog.get(name).map(|s| s.source.clone())
    }
}

fn sorted_names(catalog: &Catalog) -> String {
    let names: BTreeMap<_, _> = catalog.by_name().into_iter().collect();
    names
        .keys()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

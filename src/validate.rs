//! `fintech-sandbox validate [PATH...]`: checks scenario and fixture files the way start-up would,
//! for users' CI. Paths may be files or directories (read recursively, like `--scenarios`);
//! `cartevo.yaml` and `carbon.yaml` are fixture files, any other `*.yaml` / `*.yml` a scenario.
//! With no path, the embedded fixtures and scenarios are checked.

use std::path::{Path, PathBuf};

use crate::fixtures::{FixtureSet, FixtureSource, KNOWN_FILES};
use crate::scenarios::ScenarioSource;
use crate::scenarios::catalog::Catalog;
use crate::scenarios::source::{SourceFile, read_directory, read_file};
use crate::startup::load_seeds;
use crate::yaml::FileError;

/// What was checked and what is wrong.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: Vec<FileError>,
    pub scenario_files: usize,
    pub scenarios: usize,
    pub rules: usize,
    pub fixture_files: usize,
}

impl Report {
    /// A line for a clean run.
    pub fn summary(&self) -> String {
        format!(
            "ok: {} scenario file(s) ({} scenario(s), {} rule(s)) and {} fixture file(s)",
            self.scenario_files, self.scenarios, self.rules, self.fixture_files
        )
    }
}

pub fn run(paths: &[PathBuf]) -> Report {
    let mut report = Report::default();
    let (scenario_files, fixture_sets) = if paths.is_empty() {
        let (files, errors) = ScenarioSource::Embedded.read();
        report.problems.extend(errors);
        let fixtures = FixtureSet::load(&FixtureSource::Embedded);
        report.fixture_files = fixtures.as_ref().map_or(0, FixtureSet::len);
        (files, vec![fixtures])
    } else {
        collect(paths, &mut report)
    };
    for fixtures in fixture_sets {
        if let Err(problem) = fixtures.and_then(|set| load_seeds(&set).map(|_| ())) {
            report.problems.push(problem);
        }
    }
    report.scenario_files = scenario_files.len();
    let (catalog, errors) = Catalog::load(scenario_files);
    report.problems.extend(errors);
    let loaded = catalog.by_name();
    report.scenarios = loaded.len();
    report.rules = loaded.values().map(|s| s.rules.len()).sum();
    report
}

type FixtureCheck = Result<FixtureSet, FileError>;

/// Scenario files and fixture sets under `paths`.
fn collect(paths: &[PathBuf], report: &mut Report) -> (Vec<SourceFile>, Vec<FixtureCheck>) {
    let mut files = Vec::new();
    let mut fixtures = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            read_directory(path, &mut found, &mut report.problems);
            for file in found {
                if is_fixture(Path::new(&file.label)) {
                    fixtures.push(FixtureSet::from_file(Path::new(&file.label)));
                } else {
                    files.push(file);
                }
            }
        } else if is_fixture(path) {
            fixtures.push(FixtureSet::from_file(path));
        } else {
            match read_file(path) {
                Ok(file) => files.push(file),
                Err(problem) => report.problems.push(problem),
            }
        }
    }
    report.fixture_files = fixtures.len();
    (files, fixtures)
}

fn is_fixture(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| KNOWN_FILES.contains(&name))
}

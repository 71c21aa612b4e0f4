//! The loaded scenarios: one per file of the scenarios source, plus any uploaded through the admin
//! API (an upload shadows a file scenario of the same name). Names are unique across files.
//!
//! A reload keeps the last valid version of a file whose new text is invalid, and forgets files
//! that are gone.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::compile::compile;
use super::scenario::Scenario;
use super::source::SourceFile;
use crate::yaml::FileError;

#[derive(Debug)]
struct FileEntry {
    /// The text last read, valid or not (an unchanged invalid file is not reported twice).
    text: String,
    /// The last valid version.
    scenario: Option<Arc<Scenario>>,
}

/// What a reload changed, for counters and logs.
#[derive(Debug, Default)]
pub struct Changes {
    pub errors: Vec<FileError>,
    /// Scenarios whose rules changed or that disappeared.
    pub replaced: Vec<Arc<str>>,
}

#[derive(Debug, Default)]
pub struct Catalog {
    files: BTreeMap<String, FileEntry>,
    uploads: BTreeMap<Arc<str>, Arc<Scenario>>,
}

impl Catalog {
    /// Builds the catalogue from scratch; every invalid file is an error.
    pub fn load(files: Vec<SourceFile>) -> (Catalog, Vec<FileError>) {
        let mut catalog = Catalog::default();
        let changes = catalog.reload(files);
        (catalog, changes.errors)
    }

    /// Brings the catalogue in line with `files` (the whole source, read again).
    pub fn reload(&mut self, files: Vec<SourceFile>) -> Changes {
        let mut changes = Changes::default();
        let mut previous = std::mem::take(&mut self.files);
        // Unchanged files first, so an edited file cannot take a name from one left as it was.
        let (unchanged, edited): (Vec<_>, Vec<_>) = files.into_iter().partition(|file| {
            previous
                .get(&file.label)
                .is_some_and(|entry| entry.text == file.text)
        });
        for file in unchanged {
            if let Some(entry) = previous.remove(&file.label) {
                self.files.insert(file.label, entry);
            }
        }
        for file in edited {
            let old = previous
                .remove(&file.label)
                .and_then(|entry| entry.scenario);
            let scenario = match compile(&file.label, &file.text) {
                Ok(scenario) => match self.defined_by(&scenario.name) {
                    Some(other) => {
                        changes.errors.push(duplicate_error(&scenario, &other));
                        old
                    }
                    None => {
                        if let Some(old) = &old {
                            changes.replaced.push(old.name.clone());
                        }
                        Some(Arc::new(scenario))
                    }
                },
                Err(errors) => {
                    changes.errors.extend(errors);
                    old
                }
            };
            self.files.insert(
                file.label,
                FileEntry {
                    text: file.text,
                    scenario,
                },
            );
        }
        for (_, gone) in previous {
            changes
                .replaced
                .extend(gone.scenario.map(|s| s.name.clone()));
        }
        changes
    }

    /// The file already defining `name`, if any.
    fn defined_by(&self, name: &str) -> Option<String> {
        self.files
            .iter()
            .find(|(_, entry)| entry.scenario.as_ref().is_some_and(|s| &*s.name == name))
            .map(|(label, _)| label.clone())
    }

    /// Adds or replaces an uploaded scenario; returns whether one of that name existed.
    pub fn upload(&mut self, scenario: Scenario) -> bool {
        let existed = self.get(&scenario.name).is_some();
        self.uploads
            .insert(scenario.name.clone(), Arc::new(scenario));
        existed
    }

    /// Every effective scenario by name.
    pub fn by_name(&self) -> HashMap<Arc<str>, Arc<Scenario>> {
        let from_files = self
            .files
            .values()
            .filter_map(|entry| entry.scenario.clone());
        from_files
            .chain(self.uploads.values().cloned())
            .map(|scenario| (scenario.name.clone(), scenario))
            .collect()
    }

    pub fn get(&self, name: &str) -> Option<Arc<Scenario>> {
        self.uploads.get(name).cloned().or_else(|| {
            self.files
                .values()
                .filter_map(|entry| entry.scenario.as_ref())
                .find(|scenario| &*scenario.name == name)
                .cloned()
        })
    }
}

fn duplicate_error(scenario: &Scenario, other_file: &str) -> FileError {
    let (line, column) = scenario.name_position;
    FileError {
        file: scenario.file.clone(),
        line: Some(line),
        column: Some(column),
        message: format!(
            "scenario name {:?} is already used by {other_file}",
            &*scenario.name
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(label: &str, name: &str, status: u16) -> SourceFile {
        SourceFile {
            label: label.into(),
            text: format!(
                "name: {name}\nrules:\n  - match: {{provider: cartevo}}\n    respond: {{status: {status}}}\n"
            ),
        }
    }

    #[test]
    fn duplicate_names_are_refused_with_both_files() {
        let (catalog, errors) =
            Catalog::load(vec![file("a.yaml", "x", 500), file("b.yaml", "x", 502)]);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].to_string(),
            "b.yaml:1:7: scenario name \"x\" is already used by a.yaml"
        );
        assert_eq!(catalog.by_name().len(), 1);
    }

    #[test]
    fn an_invalid_edit_keeps_the_last_valid_version_and_deleted_files_go() {
        let (mut catalog, _) =
            Catalog::load(vec![file("a.yaml", "x", 500), file("b.yaml", "y", 500)]);
        let broken = SourceFile {
            label: "a.yaml".into(),
            text: "name: x\nrules: nope\n".into(),
        };
        let changes = catalog.reload(vec![broken]);
        assert_eq!(changes.errors.len(), 1);
        assert_eq!(changes.replaced, [Arc::<str>::from("y")]);
        assert!(catalog.get("x").is_some());
        assert!(catalog.get("y").is_none());
    }
}

//! Hot reload of a `--scenarios DIR`: a file created, edited or deleted there takes effect without
//! a restart. Events are debounced (editors write in bursts), then the whole directory is read
//! again: an invalid edit keeps the file's previous version and logs `file:line:column: message`;
//! a deleted file drops its scenario.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::event::{EventKind, ModifyKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};

use super::engine::ScenarioEngine;
use super::source::{ScenarioSource, is_yaml};

/// Quiet time after the last event before reloading.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Watches while alive; dropping it stops the watch (and its thread).
pub struct HotReload {
    _watcher: RecommendedWatcher,
}

/// Starts watching `dir` for `engine`.
pub fn watch(engine: ScenarioEngine, dir: PathBuf) -> notify::Result<HotReload> {
    let (events, received) = channel();
    let mut watcher = notify::recommended_watcher(events)?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    std::thread::Builder::new()
        .name("scenario-reload".into())
        .spawn(move || reload_on_change(&engine, &ScenarioSource::Directory(dir), &received))
        .map_err(notify::Error::io)?;
    Ok(HotReload { _watcher: watcher })
}

fn reload_on_change(
    engine: &ScenarioEngine,
    source: &ScenarioSource,
    events: &Receiver<notify::Result<Event>>,
) {
    // Ends when the watcher is dropped (the channel disconnects).
    while let Ok(event) = events.recv() {
        if !is_relevant(&event) {
            continue;
        }
        loop {
            match events.recv_timeout(DEBOUNCE) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let problems = engine.reload(source);
        for problem in &problems {
            tracing::error!(target: "fintech_sandbox::scenarios", "{problem}");
        }
        tracing::info!(
            target: "fintech_sandbox::scenarios",
            problems = problems.len(),
            "scenarios reloaded"
        );
    }
}

/// Content changes to YAML files, or directories appearing and going; not reads (reloading
/// reads every file, which must not trigger another reload).
fn is_relevant(event: &notify::Result<Event>) -> bool {
    let Ok(event) = event else {
        return true;
    };
    let content_change = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    };
    content_change
        && event
            .paths
            .iter()
            .any(|path| is_yaml(path) || path.extension().is_none() || is_dir(path))
}

fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

//! Export and import of every provider's stores as one JSON document, for
//! `GET`/`PUT /__sandbox/state` and `--state-file`. An import is all or nothing: every provider
//! validates its part before any is applied.
//!
//! ```json
//! {"format": "fintech-sandbox-state", "version": 1, "exported_at": "…",
//!  "providers": {"cartevo": {"companies": […]}}}
//! ```

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::startup::SandboxState;
use crate::time_format::iso_millis;

pub const FORMAT: &str = "fintech-sandbox-state";
pub const VERSION: u64 = 1;

pub fn export(state: &SandboxState) -> Value {
    let providers: Map<String, Value> = state
        .stores()
        .into_iter()
        .map(|store| (store.provider().to_owned(), store.export()))
        .collect();
    json!({
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_millis(&state.clock.now()),
        "providers": providers,
    })
}

/// Validates `document` whole, then replaces every provider's stores with it. A provider missing
/// from the document is left empty.
pub fn import(state: &SandboxState, document: Value) -> Result<(), String> {
    let Value::Object(mut document) = document else {
        return Err("a state document is a JSON object".into());
    };
    if document.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(format!("\"format\" must be {FORMAT:?}"));
    }
    if document.get("version").and_then(Value::as_u64) != Some(VERSION) {
        return Err(format!("\"version\" must be {VERSION}"));
    }
    let mut providers = match document.remove("providers") {
        Some(Value::Object(providers)) => providers,
        _ => return Err("\"providers\" must be an object keyed by provider name".into()),
    };
    let stores = state.stores();
    if let Some(unknown) = providers
        .keys()
        .find(|name| !stores.iter().any(|s| s.provider() == *name))
    {
        return Err(format!("unknown provider {unknown:?}"));
    }
    let mut prepared = Vec::new();
    for store in &stores {
        let part = providers.remove(store.provider()).unwrap_or(Value::Null);
        prepared.push(
            store
                .prepare_import(part)
                .map_err(|problem| format!("providers.{}: {problem}", store.provider()))?,
        );
    }
    for import in prepared {
        import.apply();
    }
    Ok(())
}

/// Reads a state file written by [`save`].
pub fn load(state: &SandboxState, path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let document: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    import(state, document).map_err(|problem| format!("{}: {problem}", path.display()))
}

/// Writes the state atomically: a temporary file beside `path`, flushed, then renamed over it,
/// so a crash mid-write never leaves a truncated file.
pub fn save(state: &SandboxState, path: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let text = serde_json::to_vec_pretty(&export(state)).map_err(std::io::Error::other)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state.json".into());
    let temporary = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(&text)?;
        file.sync_all()?;
    }
    std::fs::rename(&temporary, path)
}

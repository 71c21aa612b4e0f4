//! The request journal: the most recent requests to the emulated APIs with what was answered,
//! for tests and QA to inspect (`GET /__sandbox/requests`). It is a fixed-size ring: once full,
//! each new entry evicts the oldest, so memory stays flat under any load (WireMock's unbounded
//! journal is its best-known way to run out of memory).
//!
//! ```
//! use fintech_sandbox::journal::{Journal, JournalFilter};
//!
//! let journal = Journal::new(2);
//! assert!(journal.is_enabled());
//! assert_eq!(journal.query(&JournalFilter::default()).total, 0);
//! ```

pub mod middleware;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use compact_str::CompactString;
use parking_lot::Mutex;
use serde::Serialize;
use serde_json::Value;

use crate::time_format;

/// One recorded request and its answer. The short texts are `CompactString`s: the usual method,
/// path, content type and tenant fit inline, so recording a request allocates nothing of its
/// own (the bodies are the request's and the response's buffers, shared). Fresh strings, freed
/// 10,000 requests later on cold memory, cost an enroll more than their instructions showed.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: u64,
    /// Wall-clock time the request arrived (not the sandbox clock, which may be frozen).
    pub at: DateTime<Utc>,
    pub provider: Option<&'static str>,
    pub tenant: Option<CompactString>,
    pub method: CompactString,
    pub path: CompactString,
    pub query: CompactString,
    pub request_content_type: Option<CompactString>,
    /// The request body when it was read as a whole (JSON bodies); multipart uploads are not
    /// kept.
    pub request_body: Option<Bytes>,
    pub status: u16,
    pub response_content_type: Option<CompactString>,
    pub response_body: Option<Bytes>,
    /// Scenarios that shaped the answer.
    pub scenarios: Vec<Arc<str>>,
    pub latency_ms: f64,
}

/// Which entries `GET /__sandbox/requests` returns.
#[derive(Debug, Clone, Default)]
pub struct JournalFilter {
    pub provider: Option<String>,
    /// Exact path, or a prefix when it ends with `*`.
    pub path: Option<String>,
    /// Exact status (`409`) or a class (`4xx`).
    pub status: Option<String>,
    pub tenant: Option<String>,
    pub since: Option<DateTime<Utc>>,
    /// Only entries with a larger id (for polling).
    pub after_id: Option<u64>,
    /// At most this many, newest first.
    pub limit: Option<usize>,
}

fn status_matches(filter: &str, status: u16) -> bool {
    match filter.strip_suffix("xx") {
        Some(class) => class
            .parse::<u16>()
            .is_ok_and(|class| status / 100 == class),
        None => filter.parse::<u16>().is_ok_and(|exact| exact == status),
    }
}

impl JournalFilter {
    fn accepts(&self, entry: &Entry) -> bool {
        self.provider
            .as_deref()
            .is_none_or(|p| entry.provider == Some(p))
            && self
                .path
                .as_deref()
                .is_none_or(|p| match p.strip_suffix('*') {
                    Some(prefix) => entry.path.starts_with(prefix),
                    None => entry.path == p,
                })
            && self
                .status
                .as_deref()
                .is_none_or(|s| status_matches(s, entry.status))
            && self
                .tenant
                .as_deref()
                .is_none_or(|t| entry.tenant.as_deref() == Some(t))
            && self.since.is_none_or(|since| entry.at >= since)
            && self.after_id.is_none_or(|after| entry.id > after)
    }
}

/// A page of matching entries, newest first.
#[derive(Debug, Clone)]
pub struct Matches {
    /// How many entries match in all.
    pub total: usize,
    pub entries: Vec<Entry>,
}

/// Bounded, shared journal. `capacity` 0 disables it.
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    next_id: AtomicU64,
    entries: Mutex<VecDeque<Entry>>,
}

impl Journal {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            next_id: AtomicU64::new(1),
            entries: Mutex::new(VecDeque::with_capacity(capacity.min(1024))),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The id the next entry will get.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn record(&self, entry: Entry) {
        if !self.is_enabled() {
            return;
        }
        let mut entries = self.entries.lock();
        if entries.len() == self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub fn len(&self) -> usize {
        self.entries.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn query(&self, filter: &JournalFilter) -> Matches {
        let entries = self.entries.lock();
        let limit = filter.limit.unwrap_or(usize::MAX);
        let mut total = 0;
        let mut page = Vec::new();
        for entry in entries.iter().rev().filter(|entry| filter.accepts(entry)) {
            total += 1;
            if page.len() < limit {
                page.push(entry.clone());
            }
        }
        Matches {
            total,
            entries: page,
        }
    }

    /// Removes every entry, or only one tenant's.
    pub fn clear(&self, tenant: Option<&str>) {
        let mut entries = self.entries.lock();
        match tenant {
            None => entries.clear(),
            Some(tenant) => entries.retain(|entry| entry.tenant.as_deref() != Some(tenant)),
        }
    }
}

/// A body as the journal shows it: JSON when it parses, text when it is UTF-8, else its size.
fn render_body(body: &Option<Bytes>) -> Value {
    match body {
        None => Value::Null,
        Some(bytes) if bytes.is_empty() => Value::Null,
        Some(bytes) => {
            serde_json::from_slice(bytes).unwrap_or_else(|_| match std::str::from_utf8(bytes) {
                Ok(text) => Value::String(text.to_owned()),
                Err(_) => Value::String(format!("<{} bytes of binary data>", bytes.len())),
            })
        }
    }
}

/// The JSON shape of one entry.
#[derive(Serialize)]
pub struct EntryView {
    id: u64,
    #[serde(with = "time_format::millis")]
    at: DateTime<Utc>,
    provider: Option<&'static str>,
    tenant: Option<String>,
    method: String,
    path: String,
    query: String,
    request: MessageView,
    response: ResponseView,
    scenarios: Vec<String>,
    latency_ms: f64,
}

#[derive(Serialize)]
struct MessageView {
    content_type: Option<String>,
    body: Value,
}

#[derive(Serialize)]
struct ResponseView {
    status: u16,
    content_type: Option<String>,
    body: Value,
}

impl From<&Entry> for EntryView {
    fn from(entry: &Entry) -> Self {
        Self {
            id: entry.id,
            at: entry.at,
            provider: entry.provider,
            tenant: entry.tenant.as_deref().map(str::to_owned),
            method: entry.method.to_string(),
            path: entry.path.to_string(),
            query: entry.query.to_string(),
            request: MessageView {
                content_type: entry.request_content_type.as_deref().map(str::to_owned),
                body: render_body(&entry.request_body),
            },
            response: ResponseView {
                status: entry.status,
                content_type: entry.response_content_type.as_deref().map(str::to_owned),
                body: render_body(&entry.response_body),
            },
            scenarios: entry.scenarios.iter().map(|s| s.to_string()).collect(),
            latency_ms: entry.latency_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(journal: &Journal, path: &str, status: u16) -> Entry {
        Entry {
            id: journal.next_id(),
            at: Utc::now(),
            provider: Some("cartevo"),
            tenant: Some("cartevo:client_sandbox".into()),
            method: "POST".into(),
            path: path.into(),
            query: CompactString::default(),
            request_content_type: None,
            request_body: None,
            status,
            response_content_type: None,
            response_body: None,
            scenarios: Vec::new(),
            latency_ms: 0.1,
        }
    }

    #[test]
    fn the_oldest_entries_make_way() {
        let journal = Journal::new(3);
        for n in 0..10 {
            journal.record(entry(&journal, &format!("/p/{n}"), 200));
        }
        let all = journal.query(&JournalFilter::default());
        assert_eq!(all.total, 3);
        let paths: Vec<_> = all.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["/p/9", "/p/8", "/p/7"]);
    }

    #[test]
    fn filters_combine() {
        let journal = Journal::new(10);
        journal.record(entry(&journal, "/api/v1/customers/enroll", 201));
        journal.record(entry(&journal, "/api/v1/customers/enroll", 409));
        journal.record(entry(&journal, "/api/v1/customers", 200));
        let filter = JournalFilter {
            path: Some("/api/v1/customers/*".into()),
            status: Some("4xx".into()),
            ..JournalFilter::default()
        };
        let matches = journal.query(&filter);
        assert_eq!(matches.total, 1);
        assert_eq!(matches.entries[0].status, 409);
    }

    #[test]
    fn a_zero_capacity_journal_records_nothing() {
        let journal = Journal::new(0);
        journal.record(entry(&journal, "/x", 200));
        assert!(journal.is_empty());
    }
}

//! Outgoing webhooks for every provider: a bounded log of deliveries, sent by a background
//! worker so API responses never wait for a receiver, retried on the sandbox clock (so a frozen
//! clock holds retries and advancing it releases them), and signed per provider.
//!
//! ```ignore
//! webhooks.enqueue(NewDelivery {
//!     provider: "cartevo",
//!     tenant: "cartevo:client_sandbox".into(),
//!     event: "customer.created".into(),
//!     url: company.webhook_url,
//!     payload: serde_json::to_vec(&json!({"event": "customer.created", "data": view}))?.into(),
//!     signer: company.webhook_secret.map(|secret| Signer { secret, sign: cartevo::webhooks::sign }),
//! });
//! ```

mod dispatcher;
pub mod log;

use std::sync::{Arc, Once};
use std::time::Duration;

use actix_web::web::Bytes;
use tokio::sync::Notify;
use uuid::Uuid;

use self::log::DeliveryLog;
pub use self::log::{Attempt, Delivery, DeliveryState};
use crate::clock::SandboxClock;

/// Computes a provider's signature header for one attempt: `(header name, value)` from the
/// secret, the signing time (Unix seconds on the sandbox clock) and the exact body bytes.
pub type SignFn = fn(secret: &str, unix_time: i64, body: &[u8]) -> (&'static str, String);

/// How a delivery is signed.
#[derive(Clone)]
pub struct Signer {
    pub secret: String,
    pub sign: SignFn,
}

impl std::fmt::Debug for Signer {
    // The secret never appears in logs or debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer { secret: <redacted> }")
    }
}

/// An event to deliver.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub provider: &'static str,
    pub tenant: Arc<str>,
    pub event: String,
    /// The event's own id (Carbon's `event_id`, e.g. a transaction's `uniqueRef`).
    pub event_id: String,
    pub url: String,
    /// The JSON body, sent and signed byte for byte.
    pub payload: Bytes,
    pub signer: Option<Signer>,
}

/// Retry policy. Defaults follow Cartevo's documentation: 1 attempt + 3 retries, 5 s apart,
/// 10 s timeout per attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub retries: u32,
    pub interval: Duration,
    pub timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            retries: 3,
            interval: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Largest number of deliveries kept; older finished ones make way.
pub const LOG_CAPACITY: usize = 10_000;

/// Cheap-to-clone handle on the webhook machinery.
#[derive(Clone)]
pub struct Webhooks {
    inner: Arc<Inner>,
}

struct Inner {
    clock: SandboxClock,
    policy: RetryPolicy,
    log: DeliveryLog,
    wake: Notify,
    /// The sender starts with the first delivery: until then a sandbox pays nothing for it (no
    /// thread, no runtime, no TLS roots in memory), which is most of an idle sandbox's memory.
    sender_started: Once,
}

impl Webhooks {
    /// The webhook machinery; its background sender (one thread with its own small runtime)
    /// starts when the first delivery is queued.
    pub fn start(clock: SandboxClock, policy: RetryPolicy) -> std::io::Result<Self> {
        Ok(Self {
            inner: Arc::new(Inner {
                clock,
                policy,
                log: DeliveryLog::new(LOG_CAPACITY),
                wake: Notify::new(),
                sender_started: Once::new(),
            }),
        })
    }

    fn ensure_sender(&self) {
        self.inner.sender_started.call_once(|| {
            if let Err(error) = dispatcher::spawn(self.clone()) {
                tracing::error!(%error, "cannot start the webhook sender; deliveries stay pending");
            }
        });
    }

    pub fn policy(&self) -> RetryPolicy {
        self.inner.policy
    }

    /// Queues an event; returns at once with the delivery's id.
    pub fn enqueue(&self, delivery: NewDelivery) -> Uuid {
        let id = self.inner.log.add(delivery, self.inner.clock.now());
        self.ensure_sender();
        self.inner.wake.notify_one();
        id
    }

    /// Sends a delivery again from its first attempt, whatever became of it.
    pub fn redeliver(&self, id: &Uuid) -> Option<Delivery> {
        let delivery = self.inner.log.restart(id, self.inner.clock.now());
        self.ensure_sender();
        self.inner.wake.notify_one();
        delivery
    }

    /// The latest delivery of one tenant's event.
    pub fn by_event_id(&self, tenant: &str, event_id: &str) -> Option<Delivery> {
        self.deliveries(|d| &*d.tenant == tenant && d.event_id == event_id)
            .into_iter()
            .next()
    }

    /// Deliveries, newest first, that satisfy `keep`.
    pub fn deliveries(&self, keep: impl Fn(&Delivery) -> bool) -> Vec<Delivery> {
        self.inner.log.snapshot(keep)
    }

    pub fn delivery(&self, id: &Uuid) -> Option<Delivery> {
        self.inner.log.get(id)
    }

    /// Forgets every delivery, or one tenant's.
    pub fn clear(&self, tenant: Option<&str>) {
        self.inner.log.clear(tenant);
    }

    fn clock(&self) -> &SandboxClock {
        &self.inner.clock
    }
}

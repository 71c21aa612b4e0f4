//! The delivery log: every webhook the sandbox sent or will send, with each attempt's outcome.

use std::collections::VecDeque;
use std::sync::Arc;

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use serde::Serialize;
use uuid::Uuid;

use super::{NewDelivery, Signer};
use crate::time_format;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its next attempt.
    Pending,
    /// An attempt is under way.
    Sending,
    /// A receiver answered 2xx.
    Delivered,
    /// Every attempt failed.
    Failed,
}

/// One try at delivering.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    pub number: u32,
    #[serde(with = "time_format::millis")]
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed without a status (timeout, refused connection, …).
    pub error: Option<String>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    pub id: Uuid,
    pub provider: &'static str,
    pub tenant: Arc<str>,
    pub event: String,
    pub event_id: String,
    pub url: String,
    #[serde(skip)]
    pub payload: Bytes,
    #[serde(skip)]
    pub signer: Option<Signer>,
    pub signed: bool,
    pub state: DeliveryState,
    #[serde(with = "time_format::millis")]
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due, on the sandbox clock.
    #[serde(with = "time_format::millis_option")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub attempts: Vec<Attempt>,
    /// Attempts made in the current round (a redelivery starts a new round).
    #[serde(skip)]
    pub round_attempts: u32,
}

pub(super) struct DeliveryLog {
    capacity: usize,
    deliveries: Mutex<VecDeque<Delivery>>,
}

impl DeliveryLog {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            deliveries: Mutex::new(VecDeque::new()),
        }
    }

    pub fn add(&self, new: NewDelivery, now: DateTime<Utc>) -> Uuid {
        let id = crate::ids::random_uuid();
        let mut deliveries = self.deliveries.lock();
        if deliveries.len() >= self.capacity {
            // Make way with the oldest finished delivery; if all are in flight, the oldest.
            let finished = deliveries
                .iter()
                .position(|d| matches!(d.state, DeliveryState::Delivered | DeliveryState::Failed));
            deliveries.remove(finished.unwrap_or(0));
        }
        deliveries.push_back(Delivery {
            id,
            provider: new.provider,
            tenant: new.tenant,
            event: new.event,
            event_id: new.event_id,
            url: new.url,
            payload: new.payload,
            signed: new.signer.is_some(),
            signer: new.signer,
            state: DeliveryState::Pending,
            created_at: now,
            next_attempt_at: Some(now),
            attempts: Vec::new(),
            round_attempts: 0,
        });
        id
    }

    pub fn restart(&self, id: &Uuid, now: DateTime<Utc>) -> Option<Delivery> {
        let mut deliveries = self.deliveries.lock();
        let delivery = deliveries.iter_mut().find(|d| d.id == *id)?;
        if delivery.state != DeliveryState::Sending {
            delivery.state = DeliveryState::Pending;
            delivery.next_attempt_at = Some(now);
            delivery.round_attempts = 0;
        }
        Some(delivery.clone())
    }

    /// Marks every delivery due at `now` as sending and returns them.
    pub fn take_due(&self, now: DateTime<Utc>) -> Vec<Delivery> {
        let mut deliveries = self.deliveries.lock();
        deliveries
            .iter_mut()
            .filter(|d| {
                d.state == DeliveryState::Pending && d.next_attempt_at.is_some_and(|at| at <= now)
            })
            .map(|d| {
                d.state = DeliveryState::Sending;
                d.clone()
            })
            .collect()
    }

    /// The earliest due time among pending deliveries.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.deliveries
            .lock()
            .iter()
            .filter(|d| d.state == DeliveryState::Pending)
            .filter_map(|d| d.next_attempt_at)
            .min()
    }

    /// Records an attempt's outcome and decides what comes next.
    pub fn finish_attempt(
        &self,
        id: &Uuid,
        attempt: Attempt,
        delivered: bool,
        retry_at: Option<DateTime<Utc>>,
    ) {
        let mut deliveries = self.deliveries.lock();
        let Some(delivery) = deliveries.iter_mut().find(|d| d.id == *id) else {
            return;
        };
        delivery.attempts.push(attempt);
        delivery.round_attempts += 1;
        (delivery.state, delivery.next_attempt_at) = match (delivered, retry_at) {
            (true, _) => (DeliveryState::Delivered, None),
            (false, Some(at)) => (DeliveryState::Pending, Some(at)),
            (false, None) => (DeliveryState::Failed, None),
        };
    }

    pub fn snapshot(&self, keep: impl Fn(&Delivery) -> bool) -> Vec<Delivery> {
        self.deliveries
            .lock()
            .iter()
            .rev()
            .filter(|d| keep(d))
            .cloned()
            .collect()
    }

    pub fn get(&self, id: &Uuid) -> Option<Delivery> {
        self.deliveries.lock().iter().find(|d| d.id == *id).cloned()
    }

    pub fn clear(&self, tenant: Option<&str>) {
        let mut deliveries = self.deliveries.lock();
        match tenant {
            None => deliveries.clear(),
            Some(tenant) => deliveries.retain(|d| &*d.tenant != tenant),
        }
    }
}

//! The background sender: one thread with a small Tokio runtime, waking when a delivery is
//! queued or falls due on the sandbox clock, sending due deliveries concurrently.

use std::time::{Duration, Instant};

use actix_web::http::header::{CONTENT_TYPE, USER_AGENT};

use super::log::Attempt;
use super::{Delivery, Webhooks};

/// How often a pending retry re-reads the sandbox clock (which may be frozen or advanced at any
/// moment by the control plane).
const CLOCK_POLL: Duration = Duration::from_millis(50);

pub(super) fn spawn(webhooks: Webhooks) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = reqwest::Client::builder()
        .timeout(webhooks.policy().timeout)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(std::io::Error::other)?;
    std::thread::Builder::new()
        .name("webhooks".into())
        .spawn(move || runtime.block_on(run(webhooks, client)))?;
    Ok(())
}

async fn run(webhooks: Webhooks, client: reqwest::Client) {
    loop {
        let now = webhooks.clock().now();
        for delivery in webhooks.inner.log.take_due(now) {
            tokio::spawn(attempt(webhooks.clone(), client.clone(), delivery));
        }
        let wait = match webhooks.inner.log.next_due() {
            None => Duration::from_secs(3600),
            Some(due) => (due - webhooks.clock().now())
                .to_std()
                .unwrap_or_default()
                .min(CLOCK_POLL),
        };
        tokio::select! {
            () = webhooks.inner.wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

async fn attempt(webhooks: Webhooks, client: reqwest::Client, delivery: Delivery) {
    let clock = webhooks.clock();
    let at = clock.now();
    let mut request = client
        .post(&delivery.url)
        .header(CONTENT_TYPE.as_str(), "application/json")
        .header(
            USER_AGENT.as_str(),
            concat!("fintech-sandbox-webhooks/", env!("CARGO_PKG_VERSION")),
        )
        .body(delivery.payload.clone());
    if let Some(signer) = &delivery.signer {
        let (header, value) = (signer.sign)(&signer.secret, at.timestamp(), &delivery.payload);
        request = request.header(header, value);
    }
    let started = Instant::now();
    let outcome = request.send().await;
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (status, error) = match &outcome {
        Ok(response) => (Some(response.status().as_u16()), None),
        Err(error) if error.is_timeout() => (None, Some("timed out".to_owned())),
        Err(error) => (None, Some(describe(error))),
    };
    let delivered = status.is_some_and(|s| (200..300).contains(&s));
    let policy = webhooks.policy();
    let retry_at = (!delivered && delivery.round_attempts < policy.retries)
        .then(|| clock.now() + chrono::Duration::from_std(policy.interval).unwrap_or_default());
    tracing::info!(
        target: "fintech_sandbox::webhooks",
        delivery = %delivery.id,
        event = %delivery.event,
        tenant = %delivery.tenant,
        status = status.map_or(0, |s| s),
        error = error.as_deref().unwrap_or("-"),
        will_retry = retry_at.is_some(),
        "webhook attempt"
    );
    let attempt = Attempt {
        number: u32::try_from(delivery.attempts.len()).unwrap_or(u32::MAX) + 1,
        at,
        status,
        error,
        duration_ms,
    };
    webhooks
        .inner
        .log
        .finish_attempt(&delivery.id, attempt, delivered, retry_at);
    webhooks.inner.wake.notify_one();
}

/// The innermost cause of a client error, which says what actually went wrong.
fn describe(error: &reqwest::Error) -> String {
    let mut source: &dyn std::error::Error = error;
    while let Some(next) = source.source() {
        source = next;
    }
    format!("{error}: {source}")
}

//! The sandbox clock: the one source of "now" for every time rule (ages, token expiry, KYC
//! resolution, webhook retries), so that tests can freeze or advance time for all of them at once.
//!
//! ```
//! use fintech_sandbox::clock::SandboxClock;
//! use chrono::{TimeZone, Utc};
//!
//! let clock = SandboxClock::real();
//! let instant = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
//! clock.freeze_at(instant);
//! clock.advance(chrono::Duration::days(1));
//! assert_eq!(clock.now(), instant + chrono::Duration::days(1));
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, TimeZone, Utc};
use parking_lot::Mutex;
use serde::Serialize;

/// Marks "not frozen" in `frozen_at_ms`.
const RUNNING: i64 = i64::MIN;

/// A cheap-to-clone handle on the shared clock.
#[derive(Clone, Debug)]
pub struct SandboxClock {
    inner: Arc<ClockState>,
}

#[derive(Debug)]
struct ClockState {
    /// Added to the wall clock while running (milliseconds).
    offset_ms: AtomicI64,
    /// The frozen instant (milliseconds since the epoch), or `RUNNING`.
    frozen_at_ms: AtomicI64,
    /// Serialises writers; readers only touch the atomics so the request path never blocks.
    write_lock: Mutex<()>,
}

/// What the clock is doing, as the control plane reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ClockMode {
    /// Following the wall clock, shifted by `offset_ms` (0 = real time).
    Running { offset_ms: i64 },
    /// Standing still at `now`.
    Frozen,
}

impl SandboxClock {
    /// A clock that follows the wall clock.
    pub fn real() -> Self {
        Self {
            inner: Arc::new(ClockState {
                offset_ms: AtomicI64::new(0),
                frozen_at_ms: AtomicI64::new(RUNNING),
                write_lock: Mutex::new(()),
            }),
        }
    }

    /// The sandbox's current instant, at millisecond precision (what every API renders).
    pub fn now(&self) -> DateTime<Utc> {
        millis_to_datetime(self.now_ms())
    }

    /// The sandbox's current instant in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        let frozen = self.inner.frozen_at_ms.load(Ordering::Acquire);
        if frozen != RUNNING {
            return frozen;
        }
        Utc::now().timestamp_millis() + self.inner.offset_ms.load(Ordering::Acquire)
    }

    /// Stops time at `instant` until it is advanced or resumed.
    pub fn freeze_at(&self, instant: DateTime<Utc>) {
        let _guard = self.inner.write_lock.lock();
        self.inner
            .frozen_at_ms
            .store(instant.timestamp_millis(), Ordering::Release);
    }

    /// Moves time forward (or back, with a negative duration), frozen or not.
    pub fn advance(&self, by: Duration) {
        let _guard = self.inner.write_lock.lock();
        let frozen = self.inner.frozen_at_ms.load(Ordering::Acquire);
        if frozen == RUNNING {
            self.inner
                .offset_ms
                .fetch_add(by.num_milliseconds(), Ordering::AcqRel);
        } else {
            self.inner
                .frozen_at_ms
                .store(frozen + by.num_milliseconds(), Ordering::Release);
        }
    }

    /// Goes back to following the wall clock exactly.
    pub fn use_real_time(&self) {
        let _guard = self.inner.write_lock.lock();
        self.inner.offset_ms.store(0, Ordering::Release);
        self.inner.frozen_at_ms.store(RUNNING, Ordering::Release);
    }

    pub fn mode(&self) -> ClockMode {
        let frozen = self.inner.frozen_at_ms.load(Ordering::Acquire);
        if frozen == RUNNING {
            ClockMode::Running {
                offset_ms: self.inner.offset_ms.load(Ordering::Acquire),
            }
        } else {
            ClockMode::Frozen
        }
    }
}

fn millis_to_datetime(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_clock_follows_the_wall_clock() {
        let clock = SandboxClock::real();
        let drift = (clock.now() - Utc::now()).num_milliseconds().abs();
        assert!(drift < 1_000, "drift {drift} ms");
        assert_eq!(clock.mode(), ClockMode::Running { offset_ms: 0 });
    }

    #[test]
    fn advancing_a_running_clock_shifts_it() {
        let clock = SandboxClock::real();
        clock.advance(Duration::days(90));
        let shift = (clock.now() - Utc::now()).num_seconds();
        assert!((shift - 90 * 86_400).abs() <= 1, "shift {shift} s");
        clock.use_real_time();
        assert!((clock.now() - Utc::now()).num_seconds().abs() < 1);
    }

    #[test]
    fn a_frozen_clock_stands_still_until_advanced() {
        let clock = SandboxClock::real();
        let at = Utc.with_ymd_and_hms(2026, 2, 28, 23, 59, 59).unwrap();
        clock.freeze_at(at);
        assert_eq!(clock.now(), at);
        assert_eq!(clock.mode(), ClockMode::Frozen);
        clock.advance(Duration::seconds(1));
        assert_eq!(
            clock.now(),
            Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
        );
    }
}

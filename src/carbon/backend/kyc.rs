//! KYC of enrolled customers: `POST .../verify-kyc` starts a BVN check that resolves on the
//! sandbox clock a configurable delay later. Nothing is stored when it resolves: the status is
//! worked out on every read from when the check was started, so a frozen clock holds it still
//! and advancing the clock past the delay resolves it.
//!
//! The outcome depends only on the customer's BVN: the magic BVNs in [`REJECTED_BVNS`] are
//! rejected, every other one (including the documented examples `11111111111` and
//! `11111011116`) is verified.
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use fintech_sandbox::carbon::backend::kyc::{KycStatus, Verification};
//!
//! let start = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
//! let check = Verification::start("11111111111", start, Duration::seconds(5));
//! assert_eq!(check.resolve(start + Duration::seconds(4)).status, KycStatus::Pending);
//! assert_eq!(check.resolve(start + Duration::seconds(5)).status, KycStatus::Verified);
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The documented `kyc_status` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KycStatus {
    /// Not enrolled for lending.
    NotEnrolled,
    /// Enrolled; BVN verification not finished (or not started).
    Pending,
    /// May apply for a loan.
    Verified,
    /// May not apply for a loan.
    Rejected,
}

/// Sandbox magic values: BVNs whose verification is rejected, with the reason given.
pub const REJECTED_BVNS: &[(&str, &str)] = &[
    ("00000000000", "BVN not found"),
    (
        "22222222222",
        "BVN details do not match the customer's name or date of birth",
    ),
];

/// The rejection reason for `bvn`, if it is one of the magic rejected BVNs.
pub fn rejection_reason(bvn: &str) -> Option<&'static str> {
    REJECTED_BVNS
        .iter()
        .find(|(magic, _)| *magic == bvn)
        .map(|(_, reason)| *reason)
}

/// Where a customer's KYC stands at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kyc {
    pub status: KycStatus,
    pub verified_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<&'static str>,
}

impl Kyc {
    pub const NOT_ENROLLED: Kyc = Kyc::plain(KycStatus::NotEnrolled);
    pub const PENDING: Kyc = Kyc::plain(KycStatus::Pending);

    const fn plain(status: KycStatus) -> Self {
        Self {
            status,
            verified_at: None,
            rejection_reason: None,
        }
    }
}

/// A started BVN check: when it resolves, and to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    #[serde(with = "crate::time_format::millis")]
    pub resolves_at: DateTime<Utc>,
    #[serde(deserialize_with = "known_rejection")]
    pub rejection: Option<Reason>,
}

/// A rejection reason; always one of [`REJECTED_BVNS`]. (An alias, so that serde does not
/// take the field for a string borrowed from the input.)
pub type Reason = &'static str;

/// Reads a rejection reason back as one of the sandbox's own (it is only ever one of them).
fn known_rejection<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Reason>, D::Error> {
    let reason = Option::<String>::deserialize(deserializer)?;
    reason
        .map(|reason| {
            REJECTED_BVNS
                .iter()
                .map(|(_, known)| *known)
                .find(|known| *known == reason)
                .ok_or_else(|| {
                    serde::de::Error::custom(format!("unknown rejection reason {reason:?}"))
                })
        })
        .transpose()
}

impl Verification {
    /// Starts checking `bvn` at `now`; the result is known `delay` later.
    pub fn start(bvn: &str, now: DateTime<Utc>, delay: Duration) -> Self {
        Self {
            resolves_at: now
                .checked_add_signed(delay)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
            rejection: rejection_reason(bvn),
        }
    }

    /// The status at `now`: pending until `resolves_at`, then verified (at `resolves_at`) or
    /// rejected.
    pub fn resolve(&self, now: DateTime<Utc>) -> Kyc {
        if now < self.resolves_at {
            return Kyc::PENDING;
        }
        match self.rejection {
            Some(reason) => Kyc {
                status: KycStatus::Rejected,
                verified_at: None,
                rejection_reason: Some(reason),
            },
            None => Kyc {
                status: KycStatus::Verified,
                verified_at: Some(self.resolves_at),
                rejection_reason: None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn documented_example_bvns_verify_and_magic_ones_reject() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        for bvn in ["11111111111", "11111011116"] {
            let kyc = Verification::start(bvn, now, Duration::zero()).resolve(now);
            assert_eq!(kyc.status, KycStatus::Verified, "{bvn}");
            assert_eq!(kyc.verified_at, Some(now));
        }
        for (bvn, reason) in REJECTED_BVNS {
            let kyc = Verification::start(bvn, now, Duration::zero()).resolve(now);
            assert_eq!(kyc.status, KycStatus::Rejected);
            assert_eq!(kyc.rejection_reason, Some(*reason));
            assert_eq!(kyc.verified_at, None);
        }
    }

    #[test]
    fn an_enormous_delay_never_resolves_instead_of_overflowing() {
        let now = Utc::now();
        let check = Verification::start("11111111111", now, Duration::MAX);
        assert_eq!(check.resolve(now).status, KycStatus::Pending);
    }
}

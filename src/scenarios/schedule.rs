//! When a matching rule applies: `after` (let the first N matches through), `times` (apply N
//! times, then stop) and `probability` (with a `seed`).
//!
//! Every draw is a pure function of (seed, n), where n counts the rule's matches for one tenant:
//! the n-th match draws the same number on every run, whatever else the server did meanwhile.

use super::counters::RuleCounter;

/// Draw streams, so one rule's probability and delay draws are independent.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Stream {
    Probability = 1,
    Delay = 2,
    Fault = 3,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub after: u64,
    pub times: Option<u64>,
    pub probability: Option<f64>,
    pub seed: u64,
    /// Whether `seed` came from the file (reproducible) or was picked at load.
    pub seeded: bool,
}

/// What the schedule decided for one match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Apply the rule; `n` is the match's 0-based number for this tenant.
    Apply { n: u64 },
    /// Let the request go on to the next rule.
    Skip,
}

impl Schedule {
    /// A rule that applies to every match.
    pub fn always() -> Self {
        Self {
            after: 0,
            times: None,
            probability: None,
            seed: 0,
            seeded: false,
        }
    }

    /// Whether decisions depend on a per-tenant match count (and so on the tenant).
    pub fn is_counted(&self) -> bool {
        self.after > 0 || self.times.is_some() || self.probability.is_some() || self.seeded
    }

    /// Counts one match and decides; for uncounted rules, always applies with `n = 0`.
    pub fn decide(&self, counter: Option<&RuleCounter>) -> Decision {
        let Some(counter) = counter else {
            return Decision::Apply { n: 0 };
        };
        let n = counter.count_match();
        if n < self.after {
            return Decision::Skip;
        }
        if let Some(p) = self.probability
            && unit_interval(draw(self.seed, n, Stream::Probability)) >= p
        {
            return Decision::Skip;
        }
        if let Some(times) = self.times
            && !counter.claim_application(times)
        {
            return Decision::Skip;
        }
        Decision::Apply { n }
    }
}

/// splitmix64 of (seed, n, stream): a well-mixed 64-bit value, cheap and stateless.
pub fn draw(seed: u64, n: u64, stream: Stream) -> u64 {
    let mut z = seed
        .wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add((stream as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A draw mapped to [0, 1).
fn unit_interval(value: u64) -> f64 {
    (value >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(schedule: &Schedule, matches: u64) -> Vec<bool> {
        let counter = RuleCounter::default();
        (0..matches)
            .map(|_| matches!(schedule.decide(Some(&counter)), Decision::Apply { .. }))
            .collect()
    }

    #[test]
    fn after_skips_then_times_stops() {
        let schedule = Schedule {
            after: 1,
            times: Some(2),
            ..Schedule::always()
        };
        assert_eq!(run(&schedule, 5), [false, true, true, false, false]);
    }

    #[test]
    fn probability_is_a_function_of_the_seed() {
        let schedule = |seed| Schedule {
            probability: Some(0.5),
            seed,
            seeded: true,
            ..Schedule::always()
        };
        let first = run(&schedule(7), 200);
        assert_eq!(first, run(&schedule(7), 200));
        assert_ne!(first, run(&schedule(8), 200));
        let applied = first.iter().filter(|&&a| a).count();
        assert!((70..130).contains(&applied), "{applied} of 200 at p=0.5");
    }

    #[test]
    fn probability_bounds_are_exact() {
        let never = Schedule {
            probability: Some(0.0),
            ..Schedule::always()
        };
        let always = Schedule {
            probability: Some(1.0),
            ..Schedule::always()
        };
        assert!(run(&never, 100).iter().all(|a| !a));
        assert!(run(&always, 100).iter().all(|a| *a));
    }
}

//! How long to wait before answering: WireMock's `fixed`, `uniform` and `lognormal` shapes. A
//! seeded rule draws the n-th delay from (seed, n), so slow runs replay exactly.

use std::time::Duration;

use rand::{Rng, SeedableRng, rngs::StdRng};
use rand_distr::{Distribution, LogNormal};

use super::faults::HANG_LIMIT;
use super::model::DelayDoc;
use super::schedule::{Stream, draw};

#[derive(Debug, Clone)]
pub enum Delay {
    Fixed(Duration),
    Uniform {
        lower: Duration,
        upper: Duration,
    },
    /// Milliseconds follow a log-normal law of the given median; `max` caps the tail.
    LogNormal {
        law: LogNormal<f64>,
        max: Duration,
    },
}

impl Delay {
    pub fn from_doc(doc: &DelayDoc) -> Result<Self, String> {
        match doc {
            DelayDoc::Fixed(duration) => Ok(Delay::Fixed(duration.0)),
            DelayDoc::Uniform { lower, upper } if lower.0 > upper.0 => Err(format!(
                "uniform delay: lower ({:?}) is above upper ({:?})",
                lower.0, upper.0
            )),
            DelayDoc::Uniform { lower, upper } => Ok(Delay::Uniform {
                lower: lower.0,
                upper: upper.0,
            }),
            DelayDoc::Lognormal { median, sigma, max } => {
                if median.0.is_zero() {
                    return Err("lognormal delay: median must be above 0".into());
                }
                if !(sigma.is_finite() && *sigma >= 0.0) {
                    return Err(format!(
                        "lognormal delay: sigma must be 0 or more, not {sigma}"
                    ));
                }
                let median_ms = median.0.as_secs_f64() * 1000.0;
                let law = LogNormal::new(median_ms.ln(), *sigma)
                    .map_err(|error| format!("lognormal delay: {error}"))?;
                Ok(Delay::LogNormal {
                    law,
                    max: max.map_or(HANG_LIMIT, |max| max.0.min(HANG_LIMIT)),
                })
            }
        }
    }

    /// The delay of a rule's n-th match: reproducible when `seed` is `Some`.
    pub fn sample(&self, seed: Option<u64>, n: u64) -> Duration {
        match seed {
            Some(seed) => {
                self.sample_with(&mut StdRng::seed_from_u64(draw(seed, n, Stream::Delay)))
            }
            None => self.sample_with(&mut rand::rng()),
        }
    }

    fn sample_with(&self, rng: &mut impl Rng) -> Duration {
        match self {
            Delay::Fixed(duration) => *duration,
            Delay::Uniform { lower, upper } => rng.random_range(*lower..=*upper),
            Delay::LogNormal { law, max } => {
                let millis = law.sample(rng);
                Duration::try_from_secs_f64(millis / 1000.0)
                    .unwrap_or(*max)
                    .min(*max)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::Millis;
    use super::*;

    fn ms(n: u64) -> Millis {
        Millis(Duration::from_millis(n))
    }

    #[test]
    fn seeded_draws_repeat_and_stay_in_bounds() {
        let uniform = Delay::from_doc(&DelayDoc::Uniform {
            lower: ms(100),
            upper: ms(200),
        })
        .unwrap();
        for n in 0..50 {
            let d = uniform.sample(Some(9), n);
            assert_eq!(d, uniform.sample(Some(9), n));
            assert!((Duration::from_millis(100)..=Duration::from_millis(200)).contains(&d));
        }
    }

    #[test]
    fn lognormal_is_capped_and_checked() {
        let capped = Delay::from_doc(&DelayDoc::Lognormal {
            median: ms(100),
            sigma: 3.0,
            max: Some(ms(150)),
        })
        .unwrap();
        assert!((0..200).all(|n| capped.sample(Some(1), n) <= Duration::from_millis(150)));
        let negative = DelayDoc::Lognormal {
            median: ms(100),
            sigma: -1.0,
            max: None,
        };
        assert!(Delay::from_doc(&negative).is_err());
    }
}
